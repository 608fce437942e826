"""Minimal RAR writers for the archive tests: libarchive reads RAR but cannot write it.

Written from the published RAR 5.0 archive format description (and, for the old names, RAR 4's
technical note): members are STORED (compression method 0), so no compressor is needed. Enough to
show duban reads `.rar` deliveries: names, data, CRC32s, the file-encryption record (an encrypted
member) and the archive-encryption header (an archive whose list of members is encrypted)."""

from __future__ import annotations

import os
import zlib

RAR5_SIGNATURE = b"Rar!\x1a\x07\x01\x00"
RAR4_SIGNATURE = b"Rar!\x1a\x07\x00"


def vint(value: int) -> bytes:
    """RAR 5's variable-length integer: 7 bits a byte, lowest first, the high bit set when more follow."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _block(
    kind: int, fields: bytes, *, flags: int = 0, extra: bytes = b"", data: bytes | None = None
) -> bytes:
    """A RAR 5 header: CRC32, size, then type, flags, [extra size], [data size], fields, extra;
    the data area after it. The CRC covers the header from its size field on."""
    if extra:
        flags |= 0x0001
    if data is not None:
        flags |= 0x0002
    body = vint(kind) + vint(flags)
    if extra:
        body += vint(len(extra))
    if data is not None:
        body += vint(len(data))
    body += fields + extra
    sized = vint(len(body)) + body
    return zlib.crc32(sized).to_bytes(4, "little") + sized + (data or b"")


def rar5(
    members: list[tuple[str, bytes]], *, encrypted: frozenset[str] = frozenset(), locked_list: bool = False
) -> bytes:
    """A RAR 5 archive of stored members (name, data). A name in `encrypted` carries a file
    encryption record (its data left as is: only the record matters to a reader without the
    password); `locked_list` writes an archive encryption header first, as `rar -hp` does."""
    out = bytearray(RAR5_SIGNATURE)
    if locked_list:  # version 0 (AES-256), no check value, KDF count 15, a salt
        out += _block(4, vint(0) + vint(0) + bytes([15]) + os.urandom(16))
        out += os.urandom(64)  # what follows is ciphertext to any reader without the password
        return bytes(out)
    out += _block(1, vint(0))  # main archive header, no flags
    for name, data in members:
        encoded = name.encode("utf-8")
        extra = b""
        if name in encrypted:  # file encryption record: version 0, flags 0, KDF count, salt, IV
            record = vint(0x01) + vint(0) + vint(0) + bytes([15]) + os.urandom(16) + os.urandom(16)
            extra = vint(len(record)) + record
        fields = (
            vint(0x0004)  # file flags: data CRC32 present
            + vint(len(data))  # unpacked size
            + vint(0x20)  # attributes: archive
            + zlib.crc32(data).to_bytes(4, "little")
            + vint(0)  # compression: version 0, method 0 (store)
            + vint(0)  # host OS: Windows
            + vint(len(encoded))
            + encoded
        )
        out += _block(2, fields, extra=extra, data=data)
    out += _block(5, vint(0))  # end of archive
    return bytes(out)


def rar4(members: list[tuple[bytes, bytes]]) -> bytes:
    """A RAR 4 archive of stored members whose names are raw bytes without the Unicode flag, as
    WinRAR on Chinese Windows writes them (in the OEM code page, GBK)."""

    def block(kind: int, flags: int, fields: bytes, data: bytes = b"") -> bytes:
        size = 7 + len(fields)
        header = bytes([kind]) + flags.to_bytes(2, "little") + size.to_bytes(2, "little") + fields
        return (zlib.crc32(header) & 0xFFFF).to_bytes(2, "little") + header + data

    out = bytearray(RAR4_SIGNATURE)
    out += block(0x73, 0, bytes(6))  # archive header: two reserved fields
    for name, data in members:
        fields = (
            len(data).to_bytes(4, "little")  # packed size
            + len(data).to_bytes(4, "little")  # unpacked size
            + bytes([0])  # host OS: MS-DOS/Windows
            + zlib.crc32(data).to_bytes(4, "little")
            + (0x5A210000).to_bytes(4, "little")  # DOS time
            + bytes([20, 0x30])  # version needed 2.0, method 0x30 (store)
            + len(name).to_bytes(2, "little")
            + (0x20).to_bytes(4, "little")  # attributes
            + name
        )
        out += block(0x74, 0x8000, fields, data)  # 0x8000: a data area follows (LONG_BLOCK)
    out += block(0x7B, 0x4000, b"")  # end of archive
    return bytes(out)
