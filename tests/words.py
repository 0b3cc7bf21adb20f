"""Checking what a person reads for an error: the CLI's words (`syncer.cli.messages.describe`).

`str(error)` is a neutral, field-based form for logs; these helpers assert the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from syncer.cli.messages import describe
from syncer.errors import SyncerError


@contextmanager
def raises_worded(
    kind: type[SyncerError], *, match: str
) -> Iterator[pytest.ExceptionInfo[SyncerError]]:
    """Like `pytest.raises(kind, match=...)`, matching the words a person is shown."""
    with pytest.raises(kind) as raised:
        yield raised
    words = describe(raised.value)
    assert re.search(match, words), f"{match!r} not found in {words!r}"
