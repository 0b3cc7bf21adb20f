"""The `fields` parameter picks parts of a response."""

from __future__ import annotations

from typing import Any

import pytest

from syncer.sandbox.fields import FieldsError, parse_fields, select

PLAYLIST: dict[str, Any] = {
    "name": "P",
    "snapshot_id": "s",
    "items": {
        "total": 2,
        "next": None,
        "items": [
            {
                "added_at": "t1",
                "item": {"uri": "u1", "name": "a", "album": {"name": "x", "id": "1"}},
            },
            {
                "added_at": "t2",
                "item": {"uri": "u2", "name": "b", "album": {"name": "y", "id": "2"}},
            },
        ],
    },
}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param("name,snapshot_id", {"name": "P", "snapshot_id": "s"}, id="top-level"),
        pytest.param("items.total", {"items": {"total": 2}}, id="dotted"),
        pytest.param(
            "items(items(item(uri,album(name))))",
            {
                "items": {
                    "items": [
                        {"item": {"uri": "u1", "album": {"name": "x"}}},
                        {"item": {"uri": "u2", "album": {"name": "y"}}},
                    ]
                }
            },
            id="nested-lists",
        ),
        pytest.param("!items", {"name": "P", "snapshot_id": "s"}, id="exclusion"),
        pytest.param("items(total,next)", {"items": {"total": 2, "next": None}}, id="keeps-nulls"),
    ],
)
def test_fields_select(fields: str, expected: dict[str, Any]) -> None:
    assert select(PLAYLIST, parse_fields(fields)) == expected


@pytest.mark.parametrize("fields", ["items(total", "a,,b", "a)"])
def test_malformed_fields_are_refused(fields: str) -> None:
    with pytest.raises(FieldsError):
        parse_fields(fields)
