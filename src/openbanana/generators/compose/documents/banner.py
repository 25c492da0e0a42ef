"""Banners: a wide strip with the title, a call-to-action button and an illustration (a tall
"skyscraper" at portrait ratios). The arrangement is the poster's (:func:`~.poster.compose`) with more
room for words and a button even when the prompt quotes none."""

from __future__ import annotations

from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.poster import Profile, compose

BANNER = Profile("banner", 0.34, default_cta=("Learn more", "Shop now", "Get started", "Join us"))


def build(ctx: DocumentContext) -> DocumentParts:
    return compose(ctx, BANNER)
