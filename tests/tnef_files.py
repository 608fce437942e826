"""TNEF streams (`winmail.dat`, [MS-OXTNEF]) written from the published format for the tests.

Each attribute is a level byte, its id (type in the high word), its length, its bytes and the
16-bit sum of those bytes; a MAPI property list is a count, then each property's tag and value
(strings and binaries as a count of values, each a length, the bytes and padding to 4 bytes)."""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SIGNATURE = 0x223E9F78
PT_LONG, PT_STRING8, PT_UNICODE, PT_BINARY = 0x0003, 0x001E, 0x001F, 0x0102


def attribute(level: int, ident: int, data: bytes) -> bytes:
    """One attribute with its checksum."""
    return struct.pack("<BII", level, ident, len(data)) + data + struct.pack("<H", sum(data) & 0xFFFF)


def _counted(value: bytes) -> bytes:
    return struct.pack("<II", 1, len(value)) + value + b"\x00" * (-len(value) % 4)


def prop_list(props: list[tuple[int, int, object]]) -> bytes:
    """A MAPI property list of (id, type, value): an int for PT_LONG, bytes for the others."""
    out = struct.pack("<I", len(props))
    for prop, kind, value in props:
        out += struct.pack("<I", (prop << 16) | kind)
        if kind == PT_LONG:
            out += struct.pack("<i", value)
        else:
            assert isinstance(value, bytes)
            out += _counted(value)
    return out


@dataclass
class Wrapped:
    """An attachment inside the stream: the long name (UTF-16 when `unicode`, else GBK), the 8.3
    title (GBK), its bytes, MIME type and method (5: an embedded message)."""

    name: str
    data: bytes = b""
    title: str = ""
    mime: str = ""
    method: int = 1
    unicode: bool = True


@dataclass
class Tnef:
    """A stream a test sets: the code page, the body (HTML, plain or compressed RTF bytes), and
    the attachments; `dat()` writes it."""

    codepage: int = 936
    html: str | None = None
    body: str | None = None
    rtf: bytes | None = None
    attachments: list[Wrapped] = field(default_factory=list)

    def dat(self) -> bytes:
        page = f"cp{self.codepage}"
        out = struct.pack("<IH", SIGNATURE, 0x1234)
        out += attribute(1, 0x00089006, struct.pack("<I", 0x00010000))  # attTnefVersion
        out += attribute(1, 0x00069007, struct.pack("<II", self.codepage, 0))  # attOemCodepage
        out += attribute(1, 0x00078008, b"IPM.Microsoft Mail.Note\x00")  # attMessageClass
        props: list[tuple[int, int, object]] = []
        if self.html is not None:
            props.append((0x1013, PT_BINARY, self.html.encode(page)))
        if self.body is not None:
            props.append((0x1000, PT_UNICODE, self.body.encode("utf-16-le") + b"\x00\x00"))
        if self.rtf is not None:
            props.append((0x1009, PT_BINARY, self.rtf))
        if props:
            out += attribute(1, 0x00069003, prop_list(props))  # attMsgProps
        for wrapped in self.attachments:
            out += attribute(2, 0x00069002, struct.pack("<HIIIIH", 1, 0xFFFFFFFF, 0, 0, 0, 0))
            if wrapped.title:
                out += attribute(2, 0x00018010, wrapped.title.encode(page) + b"\x00")
            if wrapped.method != 5:
                out += attribute(2, 0x0006800F, wrapped.data)
            name = (
                (0x3707, PT_UNICODE, wrapped.name.encode("utf-16-le") + b"\x00\x00")
                if wrapped.unicode
                else (0x3707, PT_STRING8, wrapped.name.encode(page) + b"\x00")
            )
            inner: list[tuple[int, int, object]] = [name, (0x3705, PT_LONG, wrapped.method)]
            if wrapped.mime:
                inner.append((0x370E, PT_STRING8, wrapped.mime.encode("ascii") + b"\x00"))
            out += attribute(2, 0x00069005, prop_list(inner))  # attAttachment
        return out
