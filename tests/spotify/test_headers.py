"""Response headers are parsed as http.client's own parser parses them.

`syncer.spotify.headers.parse_headers` builds the `HTTPMessage` itself for a block of plain
`Name: value` lines and gives any other block to the email package, as http.client does; either
way the message, and what is left to read after the headers, must be the same.
"""

from __future__ import annotations

import email.parser
import http.client
import io
from typing import Any

import pytest

from syncer.spotify import headers

SANDBOX = (
    b"Server: syncer-sandbox Python/3.11.7\r\nDate: Mon, 07 Dec 2026 01:18:23 GMT\r\n"
    b"Content-Type: application/json; charset=utf-8\r\nContent-Length: 18237\r\n\r\n{}"
)
SPOTIFY = (
    b"content-type: application/json; charset=utf-8\r\ncache-control: private, max-age=0\r\n"
    b"access-control-allow-origin: *\r\nretry-after: 30\r\ncontent-encoding: gzip\r\n"
    b'alt-svc: h3=":443"; ma=2592000,h3-29=":443"; ma=2592000\r\n'
    b"transfer-encoding: chunked\r\n\r\n1a\r\n"
)
PLAIN = {
    "sandbox": SANDBOX,
    "spotify": SPOTIFY,
    "lf-only": b"A: b\nA: c\n\n",
    "no-space": b"A:b\r\n\r\n",
    "empty-value": b"A:\r\n\r\n",
    "blanks-around-value": b"A: \t b \t\r\n\r\n",
    "symbols-in-name": b"X-Y_Z.1~!#$%&'*+^`|: v\r\n\r\n",
    "from-header": b"From: me\r\n\r\n",
    "lf-then-crlf": b"A: b\n\r\n",
    "no-headers": b"\r\nbody",
    "set-cookie-twice": b"Set-Cookie: a=1; Path=/\r\nSet-Cookie: b=2, c=3; HttpOnly\r\n\r\n",
    "retry-after-date": b"Retry-After: Wed, 21 Oct 2026 07:28:00 GMT\r\nContent-Length: 0\r\n\r\n",
    "colons-in-value": b"Location: http://127.0.0.1:9/v1/a?b=c:d\r\n\r\n",
}
OTHER = {
    "continuation": b"A: b\r\n c\r\n\r\n",
    "first-line-continues": b" A: b\r\n\r\n",
    "unix-from": b"From me\r\nA: b\r\n\r\n",
    "no-colon": b"NoColon\r\n\r\n",
    "no-name": b": x\r\n\r\n",
    "space-in-name": b"A b: c\r\n\r\n",
    "latin-1": b"A: caf\xe9\r\n\r\n",
    "next-line-char": b"A: b\x85c\r\n\r\n",
    "form-feed": b"A: b\x0cc\r\n\r\n",
    "lone-cr": b"A: b\rc\r\n\r\n",
    "cut-short": b"A: b\r\n",
    "nothing": b"",
    "multipart": b"Content-Type: multipart/mixed; boundary=x\r\n\r\n",
    "message": b"Content-Type: message/rfc822\r\n\r\n",
    "delivery-status": b"Content-Type: message/delivery-status\r\n\r\nA: b\r\n\r\n",
    "utf-8-value": b"X-Name: \xe5\xa4\x9c\r\n\r\n",
    "latin-1-name": b"Caf\xe9: x\r\n\r\n",
    "delete-char": b"A: b\x7f\r\n\r\n",
    "nul": b"A: \x00\r\n\r\n",
    "vertical-tab": b"A: b\x0bc\r\n\r\n",
    "tab-in-name": b"A\t: b\r\n\r\n",
    "tab-fold": b"A: b\r\n\tc\r\nB: d\r\n\r\n",
}


def parsed(parse: Any, block: bytes) -> tuple[Any, ...]:
    stream = io.BytesIO(block)
    message = parse(stream)
    return (*described(message), stream.read())


def described(message: Any) -> tuple[Any, ...]:
    payload = message._payload
    if isinstance(payload, list):
        payload = [described(part) for part in payload]
    state = {k: v for k, v in vars(message).items() if k not in ("defects", "_payload")}
    return type(message), state, payload, [type(d) for d in message.defects]


@pytest.mark.parametrize("block", [*PLAIN.values(), *OTHER.values()], ids=[*PLAIN, *OTHER])
def test_headers_parse_as_http_client_parses_them(block: bytes) -> None:
    assert parsed(headers.parse_headers, block) == parsed(http_clients_own, block)


def http_clients_own(fp: io.BytesIO) -> Any:
    """http.client's `parse_headers` (3.11-3.13), whatever `install` put in its place."""
    lines = http.client._read_headers(fp)  # type: ignore[attr-defined]
    text = b"".join(lines).decode("iso-8859-1")
    return email.parser.Parser(_class=http.client.HTTPMessage).parsestr(text)


@pytest.mark.parametrize("block", PLAIN.values(), ids=PLAIN.keys())
def test_plain_headers_are_parsed_without_the_email_package(
    block: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the email parser was asked")

    expected = parsed(headers.parse_headers, block)
    monkeypatch.setattr(email.parser, "Parser", refuse)

    assert parsed(headers.parse_headers, block) == expected


def test_too_many_headers_fail_as_in_http_client() -> None:
    block = b"".join(b"A%d: b\r\n" % n for n in range(101)) + b"\r\n"

    with pytest.raises(http.client.HTTPException, match="more than 100 headers"):
        headers.parse_headers(io.BytesIO(block))


def test_install_puts_it_in_http_clients_place() -> None:
    headers.install()
    headers.install()

    assert http.client.parse_headers is headers.parse_headers


def test_install_leaves_an_http_client_of_another_shape_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Python 3.15's http.client passes a header limit: `HTTPResponse.begin` calls
    `parse_headers(fp, _max_headers=...)`, which reads with `_read_headers(fp, max_headers)`.
    This module, imported there, must leave that parser in place: put in its stead, it would
    fail every response (an unexpected keyword, a missing argument)."""

    def read_headers(fp: Any, max_headers: int | None) -> list[bytes]:
        lines: list[bytes] = []
        while (line := fp.readline()) not in (b"\r\n", b"\n", b""):
            lines.append(line)
            if len(lines) > (max_headers or 100):
                raise http.client.HTTPException("too many headers")
        return lines

    def parse_headers(
        fp: Any,
        _class: type[http.client.HTTPMessage] = http.client.HTTPMessage,
        *,
        _max_headers: int | None = None,
    ) -> Any:
        text = b"".join(read_headers(fp, _max_headers)).decode("iso-8859-1")
        return email.parser.Parser(_class=_class).parsestr(text)

    # As if this module had been imported on that Python (it keeps what it found there).
    monkeypatch.setattr(http.client, "parse_headers", parse_headers)
    monkeypatch.setattr(http.client, "_read_headers", read_headers)
    monkeypatch.setattr(headers, "_original", parse_headers)
    monkeypatch.setattr(headers, "_read_headers", read_headers)

    headers.install()
    block = io.BytesIO(b"Retry-After: 30\r\nContent-Length: 2\r\n\r\n{}")
    in_place: Any = http.client.parse_headers
    message = in_place(block, _max_headers=100)  # as 3.15's `begin` calls it

    assert in_place is parse_headers
    assert (message["Retry-After"], message["Content-Length"]) == ("30", "2")
