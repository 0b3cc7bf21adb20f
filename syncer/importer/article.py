"""Articles (placeholder until the article reader lands)."""

from __future__ import annotations

from syncer.importer.model import ParsedSource
from syncer.importer.text import parse_text


def parse_article(text: str, source: str) -> ParsedSource:
    return parse_text(text, source)
