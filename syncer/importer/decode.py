"""Bytes to text for any source file: the encodings exports and hand-saved files really use.

Pure. UTF-8 (with or without a BOM), UTF-16 and UTF-32 with a BOM, UTF-16 without one (Excel's
"Unicode text"), Shift_JIS/cp932 (Japanese Windows) and cp1252 (Western Windows). A file that
is empty or binary is a `SourceError` naming the line.
"""

from __future__ import annotations

import codecs
import re

from syncer.importer.model import SourceError, SourceProblem

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_KANA = re.compile("[\u3040-\u30ff]")
# Control characters text files never hold (tab, newlines and form feed are fine).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def decode_source(data: bytes, source: str) -> str:
    """The text of a source file, without BOM, with `\\n` line ends."""
    text = _decode(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise SourceError(
            source,
            line,
            SourceProblem.BINARY_CONTROL,
            code=ord(control.group()),
        )
    if not text.strip():
        raise SourceError(source, 0, SourceProblem.EMPTY)
    return text


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise _undecodable(data, error, source, encoding) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise SourceError(source, line, SourceProblem.BINARY_NUL)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    return _legacy(data) or _raise(_undecodable(data, utf8_error, source, "UTF-8"))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > 0.6 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _legacy(data: bytes) -> str | None:
    """Shift_JIS when it reads as Japanese (kana), else cp1252; None when neither decodes."""
    try:
        japanese = data.decode("cp932")
        if len(_KANA.findall(japanese)) >= 2:
            return japanese
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _undecodable(data: bytes, error: UnicodeDecodeError, source: str, encoding: str) -> SourceError:
    line = data.count(b"\n", 0, error.start) + 1
    return SourceError(
        source,
        line,
        SourceProblem.UNDECODABLE,
        encoding=encoding,
        byte=data[error.start],
    )


def _raise(error: SourceError) -> str:
    raise error
