"""Hostile and broken inputs built in the tests: Word packages with a replaced body, zip bombs,
damaged deflate streams, and texts in odd encodings."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTICE = "各部门要于2024年6月底前完成隐患排查，市应急管理局牵头负责。"


def docx_bytes(body: bytes | None = None, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A Word package from python-docx's own template, with `word/document.xml` replaced by `body`
    (a paragraph of NOTICE when None) and `extra` parts added."""
    import docx

    document = docx.Document()
    document.add_paragraph(NOTICE)
    buffer = io.BytesIO()
    document.save(buffer)
    if body is None and not extra:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml" and body is not None:
                data = body
            target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def body_xml(inner: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
        f"{inner}</w:body></w:document>"
    ).encode()


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def entity_bomb() -> bytes:
    """The "billion laughs": ten levels of ten references, a few hundred bytes that expand to 10⁹."""
    levels = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE w:document [' + "".join(levels) + "]>"
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    ).encode()


def deep_nesting(depth: int = 5000) -> bytes:
    return body_xml("<w:p>" + "<w:r>" * depth + "</w:r>" * depth + "</w:p>")


def zip_bomb(megabytes: int) -> bytes:
    """A package whose body inflates to `megabytes` MB of spaces (compressing ~1000:1)."""
    body = body_xml(paragraph(NOTICE) + " " * (megabytes * 1024 * 1024))
    return docx_bytes(body)


def corrupt_deflate(data: bytes, member: str = "word/document.xml") -> bytes:
    """`data` (a zip) with a byte of `member`'s deflate stream flipped near its start, where the
    block headers are: inflating it raises `zlib.error`."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(data)
    damaged[start + 2] ^= 0xFF
    return bytes(damaged)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
