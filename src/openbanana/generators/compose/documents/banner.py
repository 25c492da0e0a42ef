"""Banners: a wide strip with the title, a call-to-action button and an illustration (a tall
"skyscraper" at portrait ratios). The arrangement is the poster's (:func:`~.poster.compose`) with more
room for words. A button appears only for a quoted call to action: a banner is marketing copy, and
words the prompt did not ask for would have to be removed by hand."""

from __future__ import annotations

from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.poster import Profile, compose

BANNER = Profile("banner", 0.34)


def build(ctx: DocumentContext) -> DocumentParts:
    return compose(ctx, BANNER)
