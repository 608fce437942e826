"""Single-file web pages (MHTML: `.mht`, `.mhtml`), read as the web page they hold.

Offices keep web pages this way: Internet Explorer's and the old office systems' “网页，单个文件”
save a notice from a portal as `.mht`, Chrome and Edge save `.mhtml`, and Word's “save as single
file web page” writes the same format (often under a `.doc` name, which the `.doc` loader hands
here). The file is a MIME message: the page is its first `text/html` part (quoted-printable or
base64), the rest are the page's images and style sheets, which hold no text to read.

The part is decoded by the charset its header declares, else by the charset the page's own
`<meta>` declares (IE's files often carry it only there), else as the text loader decodes bytes;
the page then becomes text as an `.html` file does (`text.html_to_text`). A `.mht` that is a plain
HTML file (saved under that name by hand) is read as one with a warning.
"""

from __future__ import annotations

import email
import re
from email.message import Message
from pathlib import Path

from duban.base.errors import DubanError, E
from duban.base.mail_parts import codec
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders.relabel import looks_like_html, relabelled
from duban.pipeline.loaders.text import decode_with_warnings, html_to_text

# A page's own charset: `<meta charset="gbk">` or `<meta http-equiv=... content="...; charset=gb2312">`.
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_\-]{2,20})", re.IGNORECASE)
_MIME_HEADER = re.compile(rb"^(mime-version|content-type)\s*:", re.IGNORECASE | re.MULTILINE)


def is_mhtml(head: bytes) -> bool:
    """Whether the first bytes of a file are a MIME message's headers (what an MHTML file opens with;
    Chrome's start with `From:` and `Snapshot-Content-Location:` before them)."""
    return bool(_MIME_HEADER.search(head[:1024]))


def load_mhtml(path: Path, source: str) -> RawDocument:
    """A `.mht`/`.mhtml` file; a plain HTML file under that name is read as HTML with a warning."""
    data = path.read_bytes()
    if not data.strip():
        raise DubanError(E.FILE_EMPTY, path=source)
    if not is_mhtml(data.lstrip(b"\xef\xbb\xbf\r\n\t ")):
        if looks_like_html(data[:2048].lower(), also=(b"<p",)):
            text, warnings = decode_with_warnings(data, source)
            page = RawDocument(
                source=source,
                format="html",
                pages=[RawPage(1, html_to_text(text), "html")],
                warnings=warnings,
            )
            return relabelled(page, source, path.suffix, "普通网页（HTML）")
        raise DubanError(E.MHTML_NO_PAGE, path=source, detail="不是单文件网页（没有 MIME 头）")
    document = read_mhtml(data, source)
    if document is None:
        raise DubanError(E.MHTML_NO_PAGE, path=source, detail="其中没有网页正文（text/html 部分）")
    return document


def read_mhtml(data: bytes, source: str) -> RawDocument | None:
    """The page of an MHTML message as a document of format `html`; None when it holds no HTML part."""
    message = email.message_from_bytes(data)
    part = _first_html(message)
    if part is None:
        return None
    payload = part.get_payload(decode=True)
    markup, warnings = decode_part(
        payload if isinstance(payload, bytes) else b"", part.get_content_charset(), source
    )
    return RawDocument(
        source=source, format="html", pages=[RawPage(1, html_to_text(markup), "html")], warnings=warnings
    )


def decode_part(data: bytes, declared: str | None, source: str, page: bool = True) -> tuple[str, list[str]]:
    """A MIME part's text (a saved page's, an e-mail body's) and the warnings of its decoding: by
    the charset its header declares, else (a `page`) by the one its own `<meta>` declares (IE's
    files often carry it only there), each widened as readers widen it (`mail_parts.codec`:
    gb2312 read as GB18030), else as the text loader decodes bytes."""
    meta = _META_CHARSET.search(data[:4096]) if page else None
    for charset in (declared, meta.group(1).decode("ascii") if meta else None):
        if not charset:
            continue
        try:
            return data.decode(codec(charset)), []
        except (LookupError, UnicodeDecodeError):
            continue
    return decode_with_warnings(data, source)


def _first_html(message: Message) -> Message | None:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part
    return None
