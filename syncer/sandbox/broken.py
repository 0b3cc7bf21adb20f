"""Broken answers for the sandbox's fault kinds in `BROKEN_ANSWERS` (see `syncer.sandbox.faults`).

Public API: `BrokenResponse`, `broken_answer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from syncer.sandbox.faults import Fault
from syncer.sandbox.routes.wire import Request, Response


@dataclass
class BrokenResponse(Response):
    """A response whose bytes are sent as they are, with a Content-Length that may lie."""

    raw: bytes = b""
    declared_length: int | None = None  # more than len(raw): the body stops short

    def encoded(self) -> bytes:
        return self.raw


def broken_answer(fault: Fault, request: Request, carry_out: Callable[[], Response]) -> Response:
    """The broken answer `fault` stands for; the request is carried out first (a proxy broke
    the answer, not the request), except for a redirect loop, which never reaches the API."""
    if fault is Fault.REDIRECTS:
        return Response(302, None, {"Location": _same_url(request)})
    answer = carry_out()
    if fault is Fault.SHAPELESS:
        return Response(200, {})
    body = answer.encoded() or b'{"snapshot_id": "x"}'
    if fault is Fault.TRUNCATED:
        half = body[: max(1, len(body) // 2)]
        return BrokenResponse(200, "", raw=half, declared_length=len(body))
    if fault is Fault.BAD_GZIP:
        return BrokenResponse(200, "", {"Content-Encoding": "gzip"}, raw=body)
    return BrokenResponse(200, "", raw=b"<html><body>502 Bad Gateway</body></html>")


def _same_url(request: Request) -> str:
    query = urlencode([(k, v) for k, values in request.query.items() for v in values])
    return request.path + (f"?{query}" if query else "")
