"""A cheaper `http.client.parse_headers` for plain response headers, with the same result.

http.client reads a response's header lines itself and then hands them, as text, to the email
package's parser (`FeedParser`, policy compat32) to build the `HTTPMessage` that urllib3 and
requests read. That parser is general (continuation lines, a Unix "From " line, defects,
multipart bodies) and costs about a sixth of syncer's CPU per Spotify request, more than
decoding the answer's JSON. A block whose every line is `Name: value` in printable ASCII (what
Spotify and the sandbox send) is turned here into the same `HTTPMessage`: the same
(name, value) pairs in the same order, made by the same policy method, the same empty payload
and no defects. Any other block (a continuation line, a line with no name, a byte beyond
ASCII, a multipart or message content type, a block cut short) is given to the email parser
exactly as before. `tests/spotify/test_headers.py` compares the two on both kinds.

`install()` puts it in place of `http.client.parse_headers` for the process (urllib3's
responses, and http.server's requests in an in-process sandbox, go through that name); it
does nothing where http.client lacks the function it builds on or calls either with other
arguments (Python 3.15 passes a limit on the number of headers: there the stock parser stays).

Public API: `parse_headers`, `install`.
"""

from __future__ import annotations

import email.parser
import http.client
import inspect
import re
from email.policy import compat32
from typing import Any

# Header lines as FeedParser reads a header (a name of the characters its `headerRE` allows: no
# space, no colon; a colon; then printable ASCII or tabs; each ending in CRLF or LF), then the
# blank line that ends the block: the block is checked at once, not line by line.
_PLAIN_BLOCK = re.compile(rb"(?:[!-9;-~]+:[\t -~]*\r?\n)*\r?\n")
# Content types the email parser reads a body for (parts, a message inside): its own path.
_NESTED_TYPE = re.compile(rb"^content-type:.*(multipart|message)", re.IGNORECASE | re.MULTILINE)

_original = http.client.parse_headers
_read_headers = getattr(http.client, "_read_headers", None)


def parse_headers(fp: Any, _class: type[http.client.HTTPMessage] = http.client.HTTPMessage) -> Any:
    """`http.client.parse_headers(fp, _class)`: the header lines read from `fp` (as http.client
    reads them, with its limits), parsed into a `_class` message."""
    assert _read_headers is not None  # `install` checks it
    block = b"".join(_read_headers(fp))
    if _PLAIN_BLOCK.fullmatch(block) and not _NESTED_TYPE.search(block):
        message = _class(policy=compat32)
        for line in block.decode("ascii").split("\n")[:-2]:  # the blank line and what follows
            message.set_raw(*compat32.header_source_parse([line]))
        message.set_payload("")
        return message
    return email.parser.Parser(_class=_class).parsestr(block.decode("iso-8859-1"))


def install() -> None:
    """Use `parse_headers` for every response (idempotent), where http.client is the one it
    stands in for: `parse_headers(fp, _class)` reading the lines with `_read_headers(fp)`, as in
    3.11-3.13. An http.client that passes more (3.15 hands a header limit to both: its `begin`
    calls `parse_headers(fp, _max_headers=...)`) keeps its own parser, which this one could not
    be called as: every response would fail."""
    if (
        _read_headers is not None
        and http.client.parse_headers is _original
        and _takes(_original, ("fp", "_class"))
        and _takes(_read_headers, ("fp",))
    ):
        http.client.parse_headers = parse_headers  # type: ignore[assignment]


def _takes(function: Any, names: tuple[str, ...]) -> bool:
    """Whether `function` takes exactly the parameters `names`."""
    try:
        return tuple(inspect.signature(function).parameters) == names
    except (TypeError, ValueError):
        return False
