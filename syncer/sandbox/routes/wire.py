"""What handlers receive and return: `Request`, `Response`, and Spotify's error shape.

Public API: `Request`, `Response`, `ApiError`, `error_response`, `forbidden`.

Errors go out as `{"error": {"status", "message"[, "reason"]}}`, as the Web API sends them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # lower-cased names
    body: bytes = b""

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Response:
    status: int
    body: Any = None  # JSON-able, or bytes sent as they are; None for an empty body
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> bytes:
        if self.body is None:
            return b""
        if isinstance(self.body, bytes):  # not JSON (a cover): `headers` name its type
            return self.body
        return json.dumps(self.body, ensure_ascii=False).encode()


class ApiError(Exception):
    """Raised anywhere below a handler; the router answers with the error response."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.message = message
        self.headers = headers or {}
        super().__init__(message)


def error_response(
    status: int, message: str, reason: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    error: dict[str, Any] = {"status": status, "message": message}
    if reason:
        error["reason"] = reason
    return Response(status, {"error": error}, dict(headers or {}))


def forbidden() -> Response:
    return error_response(403, "Forbidden")
