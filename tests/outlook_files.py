"""Outlook `.msg` files for the tests, written from the published formats: [MS-CFB] for the
compound file (version 3, 512-byte sectors, streams under 4,096 bytes in the mini stream) and
[MS-OXMSG] for the message's properties. No Outlook is at hand here; the container is checked by
reading it back with `olefile`, an independent reader, and the properties follow the layout the
specification gives (a 32-byte header in the message's property stream, 8 in an attachment's).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime

Tree = dict[str, "bytes | Tree"]

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_SECTOR, _MINI, _CUTOFF = 512, 64, 4096


def compound_file(tree: Tree) -> bytes:
    """A compound file holding `tree` (a storage: names to stream bytes or to storages)."""
    entries: list[dict[str, object]] = [{"name": "Root Entry", "kind": 5, "data": b"", "kids": []}]

    def add(storage: Tree, parent: int) -> None:
        for name, value in storage.items():
            index = len(entries)
            entries.append(
                {"name": name, "kind": 1 if isinstance(value, dict) else 2, "data": value, "kids": []}
            )
            kids = entries[parent]["kids"]
            assert isinstance(kids, list)
            kids.append(index)
            if isinstance(value, dict):
                add(value, index)

    add(tree, 0)
    mini = bytearray()
    big: list[tuple[int, bytes]] = []
    for index, entry in enumerate(entries):
        data = entry["data"]
        if entry["kind"] != 2 or not isinstance(data, bytes):
            continue
        if len(data) < _CUTOFF:
            entry["start"] = len(mini) // _MINI if data else _END
            mini += data + b"\x00" * (-len(data) % _MINI)
        else:
            big.append((index, data))
    sectors: list[bytes] = []
    fat: list[int] = []

    def chain(data: bytes, kind: int | None = None) -> int:
        count = max(1, -(-len(data) // _SECTOR))
        first = len(sectors)
        for k in range(count):
            sectors.append(data[k * _SECTOR : (k + 1) * _SECTOR].ljust(_SECTOR, b"\x00"))
            fat.append(kind if kind is not None else (first + k + 1 if k < count - 1 else _END))
        return first

    for index, data in big:
        entries[index]["start"] = chain(data)
    root_start = chain(bytes(mini)) if mini else _END
    mini_fat = [(k + 1 if k < len(mini) // _MINI - 1 else _END) for k in range(len(mini) // _MINI)]
    for entry in entries:
        data = entry["data"]
        if entry["kind"] == 2 and isinstance(data, bytes) and len(data) < _CUTOFF and data:
            start = entry["start"]
            assert isinstance(start, int)
            span = -(-len(data) // _MINI)
            for k in range(span):
                mini_fat[start + k] = start + k + 1 if k < span - 1 else _END
    mini_fat_start = chain(b"".join(struct.pack("<I", v) for v in mini_fat)) if mini_fat else _END
    mini_fat_count = -(-len(mini_fat) * 4 // _SECTOR) if mini_fat else 0
    directory = b"".join(_entry(entries, i, root_start, len(mini)) for i in range(len(entries)))
    directory += b"\x00" * (-len(directory) % _SECTOR)
    dir_start = chain(directory)
    fat_count = 1
    while (len(sectors) + fat_count) > fat_count * (_SECTOR // 4):
        fat_count += 1
    fat_first = len(sectors)
    fat += [_FAT] * fat_count
    table = fat + [_FREE] * (fat_count * (_SECTOR // 4) - len(fat))
    raw = b"".join(struct.pack("<I", v) for v in table)
    for k in range(fat_count):
        sectors.append(raw[k * _SECTOR : (k + 1) * _SECTOR])
    difat = [fat_first + k for k in range(fat_count)] + [_FREE] * (109 - fat_count)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
    header += struct.pack("<HHHHH6sII", 0x3E, 3, 0xFFFE, 9, 6, b"\x00" * 6, 0, fat_count)
    header += struct.pack("<IIIIIII", dir_start, 0, _CUTOFF, mini_fat_start, mini_fat_count, _END, 0)
    header += b"".join(struct.pack("<I", v) for v in difat)
    return header + b"".join(sectors)


def _entry(entries: list[dict[str, object]], index: int, root_start: int, mini_size: int) -> bytes:
    entry = entries[index]
    name = str(entry["name"]).encode("utf-16-le") + b"\x00\x00"
    kids = entry["kids"]
    assert isinstance(kids, list)
    # Each storage's children as a chain of right siblings in the order [MS-CFB] compares names.
    order = sorted(kids, key=lambda k: (len(str(entries[k]["name"])), str(entries[k]["name"]).upper()))
    child = order[0] if order else _FREE
    right = _FREE
    for parent in entries:
        siblings = parent["kids"]
        assert isinstance(siblings, list)
        if index in siblings:
            ranked = sorted(
                siblings, key=lambda k: (len(str(entries[k]["name"])), str(entries[k]["name"]).upper())
            )
            at = ranked.index(index)
            right = ranked[at + 1] if at + 1 < len(ranked) else _FREE
    data = entry["data"]
    if entry["kind"] == 5:
        start, size = root_start, mini_size
    elif isinstance(data, bytes):
        start_value = entry.get("start", _END)
        assert isinstance(start_value, int)
        start, size = start_value, len(data)
    else:
        start, size = 0, 0
    return (
        name.ljust(64, b"\x00")
        + struct.pack("<HBBIII", len(name), int(entry["kind"]), 1, _FREE, right, child)  # type: ignore[call-overload]
        + b"\x00" * 16
        + struct.pack("<I", 0)
        + b"\x00" * 16
        + struct.pack("<IQ", start, size)
    )


# -- Outlook messages ----------------------------------------------------------------------------

PT_LONG, PT_BOOLEAN, PT_SYSTIME, PT_STRING8, PT_UNICODE, PT_BINARY = 0x3, 0xB, 0x40, 0x1E, 0x1F, 0x102


@dataclass
class Attachment:
    name: str
    data: bytes = b""
    hidden: bool = False
    embedded: bool = False
    mime: str = ""
    message: Outlook | None = None
    """The message an `embedded` attachment holds (none: an empty property stream)."""


@dataclass
class Outlook:
    """The parts of a message a test sets; `msg()` writes it."""

    subject: str = ""
    sender: str = ""
    address: str = ""
    body: str | None = None
    html: str | None = None
    rtf: bytes | None = None
    sent: datetime | None = None
    codepage: int | None = None
    unicode: bool = True
    attachments: list[Attachment] = field(default_factory=list)

    def msg(self) -> bytes:
        return compound_file(self.tree())

    def tree(self, embedded: bool = False) -> Tree:
        """The message's storage: the file's root, or (`embedded`) the one an attachment holds,
        whose property stream has a 24-byte header ([MS-OXMSG] 2.4.1.2) instead of 32."""
        top: Tree = {}
        fixed: list[tuple[int, int, bytes]] = []

        def text(prop: int, value: str, storage: Tree, props: list[tuple[int, int, bytes]]) -> None:
            kind = PT_UNICODE if self.unicode else PT_STRING8
            data = value.encode("utf-16-le") if self.unicode else value.encode(f"cp{self.codepage or 936}")
            terminated = data + (b"\x00\x00" if self.unicode else b"\x00")
            storage[f"__substg1.0_{prop:04X}{kind:04X}"] = terminated
            props.append((prop, kind, struct.pack("<II", len(terminated), 0)))

        if self.subject:
            text(0x0037, self.subject, top, fixed)
        if self.sender:
            text(0x0C1A, self.sender, top, fixed)
        if self.address:
            text(0x0C1F, self.address, top, fixed)
        if self.body is not None:
            text(0x1000, self.body, top, fixed)
        if self.html is not None:
            data = (
                self.html.encode(f"cp{self.codepage or 936}")
                if self.codepage != 65001
                else self.html.encode()
            )
            top["__substg1.0_10130102"] = data
            fixed.append((0x1013, PT_BINARY, struct.pack("<II", len(data), 0)))
        if self.rtf is not None:
            top["__substg1.0_10090102"] = self.rtf
            fixed.append((0x1009, PT_BINARY, struct.pack("<II", len(self.rtf), 0)))
        if self.codepage is not None:
            fixed.append((0x3FFD, PT_LONG, struct.pack("<iI", self.codepage, 0)))
            fixed.append((0x3FDE, PT_LONG, struct.pack("<iI", self.codepage, 0)))
        if self.sent is not None:
            ticks = int((self.sent - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)
            fixed.append((0x0039, PT_SYSTIME, struct.pack("<Q", ticks)))
        for number, attached in enumerate(self.attachments):
            storage: Tree = {}
            props: list[tuple[int, int, bytes]] = []
            text(0x3707, attached.name, storage, props)
            if attached.mime:
                text(0x370E, attached.mime, storage, props)
            props.append((0x3705, PT_LONG, struct.pack("<iI", 5 if attached.embedded else 1, 0)))
            if attached.hidden:
                props.append((0x7FFE, PT_BOOLEAN, struct.pack("<II", 1, 0)))
            if attached.embedded:
                inner: Tree = (
                    attached.message.tree(embedded=True)
                    if attached.message is not None
                    else {"__properties_version1.0": b"\x00" * 24}
                )
                storage["__substg1.0_3701000D"] = inner
            else:
                storage["__substg1.0_37010102"] = attached.data
                props.append((0x3701, PT_BINARY, struct.pack("<II", len(attached.data), 0)))
            storage["__properties_version1.0"] = b"\x00" * 8 + _entries(props)
            top[f"__attach_version1.0_#{number:08X}"] = storage
        header = struct.pack(
            "<8sIIII8s", b"\x00" * 8, 0, len(self.attachments), 0, len(self.attachments), b"\x00" * 8
        )
        top["__properties_version1.0"] = (header[:24] if embedded else header) + _entries(fixed)
        return top


def _entries(props: list[tuple[int, int, bytes]]) -> bytes:
    return b"".join(struct.pack("<II", (prop << 16) | kind, 0x6) + value for prop, kind, value in props)


def literal_rtf(raw: bytes) -> bytes:
    """`raw` as compressed RTF ([MS-OXRTFCP]) made of literals only, ended by the end marker."""
    body = bytearray()
    write = 207
    for start in range(0, len(raw), 8):
        chunk = raw[start : start + 8]
        if len(chunk) == 8:
            body.append(0)
            body += chunk
            write = (write + 8) % 4096
        else:
            body.append(1 << len(chunk))
            body += chunk
            write = (write + len(chunk)) % 4096
            body += struct.pack(">H", write << 4)
            break
    else:
        body.append(1)
        body += struct.pack(">H", write << 4)
    return struct.pack("<IIII", len(body) + 12, len(raw), 0x75465A4C, 0) + bytes(body)
