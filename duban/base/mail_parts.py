"""The documents inside a saved e-mail (`.eml`), named like the members of a `.zip`.

Lower units send reports by e-mail and staff save the message (“另存为” in Outlook, Foxmail,
Thunderbird or webmail writes RFC 822/MIME) into the batch folder. A message is read as a folder
of documents (`base.archive_paths`): its body is the member `BODY_KEY` and each attachment the
member of its file name, so `<message.eml>/正文.txt` and `<message.eml>/报告.docx` are sources that
`still_there` and unchanged detection treat as a zip's members. Kept in the base, free of the
loaders, because the index layer's prune lists a message's members (`archive_paths.has_member`).

Names and headers are decoded as the mailers that wrote them meant, Chinese ones included: RFC
2047 encoded words (`=?gb2312?B?...?=`) and RFC 2231 parameters (`filename*=UTF-8''...`), a
declared GB2312 or GBK read as GB18030 (mailers label GBK text `gb2312`, as pages do). The message
is parsed with `compat32` so that each raw value reaches this decoding rather than the standard
library's, which replaces what GB2312 lacks. An attachment's name is made one safe path part (no
`/`, `\\`, leading dots or control characters): it names a member, never a file on the disk, and two
attachments of one name are kept apart as `名称(2).docx`. Outlook's rich text mail wraps its
attachments (and its body) in one `winmail.dat`: that is unpacked (`tnef_parts`) into members.
"""

from __future__ import annotations

import mimetypes
import re
from email import message_from_bytes, policy
from email.header import decode_header
from email.message import Message
from pathlib import PurePath, PurePosixPath

MAIL_SUFFIXES = (".eml", ".msg")
BODY_KEY = "正文.txt"
"""The member holding the message's body (its subject, sender and date first): a `.txt` because it
is handed to the text loader as the text `pipeline.mail.body_text` composes."""
WIDER_CHARSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
}
"""Declared charsets that texts exceed: text “in gb2312” holds GBK characters as readers show it."""
_KNOWN_HEADERS = ("from", "to", "subject", "date", "content-type", "mime-version", "message-id", "received")
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f/\\]")


class DamagedMessage(ValueError):
    """The bytes are not an e-mail message (no header a mailer writes, or binary bytes in them)."""


def is_mail(path: PurePath) -> bool:
    """Whether a path's type is a saved e-mail whose parts duban reads."""
    return path.suffix.lower() in MAIL_SUFFIXES


def codec(charset: str | None) -> str:
    """The codec to decode text declared in `charset` with (GB2312/GBK widened to GB18030)."""
    name = (charset or "ascii").strip().strip('"').lower()
    return WIDER_CHARSETS.get(name, name)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """`data` in `charset` (widened), any undecodable byte replaced; UTF-8 when the charset is
    unknown to Python."""
    try:
        return data.decode(codec(charset), errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def header_text(raw: object) -> str:
    """A header's value as a reader sees it: RFC 2047 encoded words decoded, folding undone."""
    if raw is None:
        return ""
    value = str(raw)
    try:
        pieces = decode_header(value)
    except Exception:  # a malformed encoded word: the value as written
        return " ".join(value.split())
    text = "".join(
        decode_bytes(piece, charset) if isinstance(piece, bytes) else piece for piece, charset in pieces
    )
    return " ".join(text.split())


def parse(data: bytes) -> Message:
    """The message `data` holds; `DamagedMessage` when it is none (see the class). An Outlook
    `.msg` (a compound file) is rebuilt as the MIME message it holds (`outlook_parts`)."""
    from duban.base.outlook_parts import OLE_MAGIC, DamagedOutlookMessage, outlook_message

    if data.startswith(OLE_MAGIC):
        try:
            return outlook_message(data)
        except DamagedOutlookMessage as exc:
            raise DamagedMessage(str(exc)) from exc
    ends = [at for at in (data.find(b"\r\n\r\n"), data.find(b"\n\n")) if at >= 0]
    head = data[: min(ends)] if ends else data[:8192]
    if b"\x00" in head:
        raise DamagedMessage("邮件头中有二进制内容，不是邮件格式")
    message = message_from_bytes(data, policy=policy.compat32)
    if not any(name.lower() in _KNOWN_HEADERS for name in message):
        raise DamagedMessage("没有邮件头（发件人、主题、Content-Type 等），不是邮件格式，或文件被截断")
    return message


def _leaves(part: Message) -> list[Message]:
    """The message's parts that hold content, in order; an attached message is one part (its own
    parts are not opened: it is a message inside a message)."""
    if part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), list):
        return [leaf for sub in part.get_payload() if isinstance(sub, Message) for leaf in _leaves(sub)]
    return [part]


def _filename(part: Message) -> str | None:
    """The attachment's file name (Content-Disposition's, else Content-Type's `name`), RFC 2231
    and RFC 2047 decoded; None when the part has none."""
    for param, header in (("filename", "content-disposition"), ("name", "content-type")):
        value = part.get_param(param, None, header)
        if value is None:
            continue
        if isinstance(value, tuple):  # RFC 2231: (charset, language, text as latin-1)
            charset, _, text = value
            name = decode_bytes(text.encode("latin-1", errors="replace"), charset or "utf-8")
        else:
            name = header_text(value.strip('"'))
        if name.strip():
            return name.strip()
    return None


def _attached(part: Message) -> bool:
    return (part.get("Content-Disposition") or "").strip().lower().startswith("attachment")


def safe_name(name: str) -> str:
    """One path part for an attachment's name: separators and control characters as `_`, leading
    dots and spaces dropped (a `..` or a hidden name), `附件` when nothing is left."""
    name = _UNSAFE_CHARS.sub("_", name).lstrip(". ").strip()
    return name or "附件"


def body_part(message: Message) -> Message | None:
    """The part whose text is the body: the first `text/html` that is not an attachment, else the
    first `text/plain`; None when the message has neither or it holds only blanks."""
    leaves = [p for p in _leaves(message) if not _attached(p) and _filename(p) is None]
    for wanted in ("text/html", "text/plain"):
        for part in leaves:
            if part.get_content_type() == wanted:
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes) and payload.strip():
                    return part
    return None


def payload(part: Message) -> bytes:
    """A part's decoded bytes (an attached message as the bytes of a `.eml`)."""
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return inner[0].as_bytes()
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


STUB_CHARS = 16
"""A plain body of at most this many characters (blanks aside) is a stub, for which the body a
`winmail.dat` holds is read instead: Outlook's rich text mail may carry only a line such as
“见附件” or nothing beside the wrapped body, which is the same body in full."""


def _stub(body: Message | None) -> bool:
    """Whether the message's body is missing or a plain text stub (see `STUB_CHARS`)."""
    if body is None:
        return True
    if body.get_content_type() != "text/plain":
        return False
    text = decode_bytes(payload(body), body.get_content_charset())
    return len("".join(text.split())) <= STUB_CHARS


def tnef_hint(part: Message) -> str | None:
    """What to do about a `winmail.dat` that is a member because it could not be unpacked (why,
    and to ask the sender to resend as plain attachments); None for any other part."""
    from duban.base.tnef_parts import DamagedTnef, is_tnef, unpack

    if not is_tnef(part, _filename(part)):
        return None
    try:
        unpack(payload(part))
    except DamagedTnef as exc:
        return (
            f"这是 Outlook“RTF 格式”邮件的附件包 winmail.dat，无法解开（{exc}），其中的附件未处理。"
            "请发件人在 Outlook 中改用 HTML 或纯文本格式，以普通附件重新发送。"
        )
    return None


def mail_members(message: Message) -> dict[str, Message]:
    """The message's members by key: `BODY_KEY` for the body when it has one, then each attachment
    under its safe name (`附件N.ext` when it has none; a name met again as `名称(2).ext`), then the
    attachments a `winmail.dat` wraps (`tnef_parts`) in its place, after the others so that those
    keep their names. A body missing or a stub (`_stub`) gives way to the one the `winmail.dat`
    holds (an RTF-only one the member `正文.rtf`). A `winmail.dat` that cannot be unpacked stays a
    member under its name: the walk skips it with `tnef_hint`."""
    from duban.base.tnef_parts import DamagedTnef, is_tnef, unpack

    found: dict[str, Message] = {}
    body = body_part(message)
    leaves = _leaves(message)
    unpacked: set[int] = set()
    wrapped: list[Message] = []
    took_body = False
    for part in leaves:
        if part is body or not is_tnef(part, _filename(part)):
            continue
        try:
            inside = unpack(payload(part))
        except DamagedTnef:
            continue
        unpacked.add(id(part))
        if inside.body is not None and not took_body and _stub(body):
            took_body = True
            if inside.body.get_content_maintype() == "text":
                body = inside.body
            else:
                wrapped.append(inside.body)
        wrapped.extend(inside.attachments)
    if body is not None:
        found[BODY_KEY] = body
    listed = [(number, part) for number, part in enumerate(leaves, 1) if id(part) not in unpacked]
    listed += [(len(leaves) + number, part) for number, part in enumerate(wrapped, 1)]
    for number, part in listed:
        if part is body:
            continue
        name = _filename(part)
        rfc822 = part.get_content_type() == "message/rfc822"
        if name is None and not (_attached(part) or rfc822):
            continue  # an inline picture or an alternative text of the body
        if name is None:
            extension = ".eml" if rfc822 else mimetypes.guess_extension(part.get_content_type()) or ""
            name = f"附件{number}{extension}"
        key = safe_name(name)
        stem, suffix = PurePosixPath(key).stem, PurePosixPath(key).suffix
        count = 1
        while key in found:
            count += 1
            key = f"{stem}({count}){suffix}"
        found[key] = part
    return found
