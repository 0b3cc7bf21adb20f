"""Why the resolver sent a search: the labels the benchmark counts requests by (issue 23)."""

from __future__ import annotations

from syncer.request_reason import (
    ARTIST_ONLY,
    FIRST,
    OTHER_LANGUAGE,
    OTHER_SHAPE,
    PAGING,
    TITLE_ONLY,
    search_reason,
)

FIRST_QUERY = 'track:"Kaede" artist:"Spitz"'


def test_an_entrys_first_search_is_its_first_query() -> None:
    assert search_reason(FIRST_QUERY, locale="ja", offset=0, asked_before=[]) == FIRST


def test_a_later_page_is_paging_whatever_the_query() -> None:
    sent = [f"[ja] {FIRST_QUERY}"]
    assert search_reason(FIRST_QUERY, locale="ja", offset=10, asked_before=sent) == PAGING


def test_the_same_query_in_another_locale_is_the_other_language() -> None:
    sent = [f"[ja] {FIRST_QUERY}"]
    assert search_reason(FIRST_QUERY, locale="en", offset=0, asked_before=sent) == OTHER_LANGUAGE


def test_later_queries_are_told_apart_by_their_filters() -> None:
    sent = [f"[ja] {FIRST_QUERY}"]

    def reason(query: str) -> str:
        return search_reason(query, locale="ja", offset=0, asked_before=sent)

    assert reason('artist:"Spitz"') == ARTIST_ONLY
    assert reason('track:"Kaede"') == TITLE_ONLY
    assert reason("Kaede Spitz") == OTHER_SHAPE
    assert reason('track:"楓" artist:"スピッツ"') == OTHER_SHAPE
