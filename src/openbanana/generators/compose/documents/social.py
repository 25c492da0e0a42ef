"""Social posts (square, 4:5, 9:16 stories, wide cards): a bold headline, the brand or @handle with
an avatar, and shapes around an illustration. The arrangement is the poster's
(:func:`~.poster.compose`) with a bigger share for the headline and the handle line at the bottom."""

from __future__ import annotations

from openbanana.generators.compose.documents.base import DocumentContext, DocumentParts
from openbanana.generators.compose.documents.poster import Profile, compose

SOCIAL = Profile("social", 0.4, avatar=True)


def build(ctx: DocumentContext) -> DocumentParts:
    return compose(ctx, SOCIAL)
