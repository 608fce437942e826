"""Reading saved e-mails (`.eml`) as containers: the body and each attachment a document.

Lower units send reports by e-mail and staff save the message into the nightly batch folder; a
batch that skipped it needed a person to save each attachment. A message is walked like a `.zip`
(`pipeline.archives`, which hands `.eml` files here): its members (`base.mail_parts`) are the body,
`<message.eml>/正文.txt`, and each attachment `<message.eml>/<file name>`; an attachment of a type
duban does not read is skipped with that type's hint, an archive or message attached is skipped
with the nested hint, a `winmail.dat` that cannot be unpacked (`mail_parts.tnef_hint`) with the
hint to resend, and a message with neither body text nor a readable attachment is E036. A
member is read in a worker by `archives.member_file` as a zip's is: its bytes (for the body, the
text `body_text` composes) go to a private temporary folder under the member's name, never to a
path its name could steer.

The body's text opens with the subject, sender and date (`2025年6月30日`) so that the title and
date of the report are found as in a document; the HTML part is preferred (what the writer saw)
and read as a page (`text.html_to_text`), the plain text part else, each decoded by its declared
charset (GB2312/GBK as GB18030), else the page's own `<meta>` charset, else as the text loader
guesses. Within the `.docx` limits (`--docx-max-mb`): the message file at most twice that size
(base64 inflates by a third), the decoded members at most that size, and at most as many members
as a `.docx` has parts. A message that is not one (binary bytes, no mail header) is E037 naming it.
"""

from __future__ import annotations

import logging
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING

from duban.base.errors import DubanError, E
from duban.base.limits import MB, Limits, current
from duban.base.mail_parts import (
    BODY_KEY,
    DamagedMessage,
    header_text,
    mail_members,
    parse,
    payload,
    tnef_hint,
)
from duban.base.paths import readable

if TYPE_CHECKING:
    from duban.pipeline.archives import Add, Descend
    from duban.pipeline.files import Walk

log = logging.getLogger(__name__)


def open_message(
    path: Path, shown: str, limits: Limits, data: bytes | None = None
) -> tuple[Message, dict[str, Message]]:
    """The message in `path` (or in `data`, its bytes when it is a member of another container)
    and its members, checked against the limits (E021) and for damage (E037); the OS error for a
    missing or unreadable file."""
    from duban.pipeline.loaders.package import MAX_PARTS

    size = len(data) if data is not None else path.stat().st_size
    if limits.docx_max_mb and size > 2 * limits.docx_max_mb * MB:
        detail = f"邮件文件 {size / MB:,.0f} MB，上限 {2 * limits.docx_max_mb} MB"
        raise DubanError(E.DOCX_TOO_LARGE, path=shown, what="邮件", detail=detail)
    try:
        message = parse(data if data is not None else path.read_bytes())
    except DamagedMessage as exc:
        raise DubanError(E.MAIL_CORRUPT, path=shown, detail=str(exc)) from exc
    members = mail_members(message)
    if len(members) > MAX_PARTS:
        raise DubanError(E.DOCX_TOO_LARGE, path=shown, what="邮件", detail=f"包含 {len(members)} 个附件")
    total = sum(len(payload(part)) for part in members.values())
    if limits.docx_max_mb and total > limits.docx_max_mb * MB:
        detail = f"正文和附件解码后 {total / MB:,.0f} MB，上限 {limits.docx_max_mb} MB"
        raise DubanError(E.DOCX_TOO_LARGE, path=shown, what="邮件", detail=detail)
    return message, members


def walk_message(
    path: Path,
    relative: str,
    result: Walk,
    add: Add,
    limits: Limits | None = None,
    data: bytes | None = None,
    descend: Descend | None = None,
) -> None:
    """List the members of the message `path` (found as `relative`; `data` its bytes when it is a
    member of another container) into the walk's `result`, as `archives.walk_archive` lists a
    zip's: the body and readable attachments to `add`, an attached container to `descend` (its
    members listed in turn; skipped with the nested hint when None, or when it has no bytes: an
    Outlook message embedded in a `.msg`), the others skipped with their hint, the message failed
    when it is damaged, too large or holds nothing to read (E036)."""
    from duban.base.archive_paths import is_archive
    from duban.pipeline.archives import nested_skip
    from duban.pipeline.loaders import LOADERS, readable_data, unsupported

    limits = limits if limits is not None else current()
    shown = readable(path)
    try:
        _, members = open_message(path, shown, limits, data)
        taken = 0
        for key, part in members.items():
            member = path / key
            suffix = member.suffix.lower()
            nested = nested_skip(member)
            if key == BODY_KEY:
                pass
            elif nested is not None and descend is not None and is_archive(member) and payload(part):
                descend(member, f"{relative}/{key}", lambda part=part: payload(part))  # type: ignore[misc]
                taken += 1
                continue
            elif nested is not None:
                result.skipped.append((member, nested))
                continue
            elif (hint := tnef_hint(part)) is not None:  # a winmail.dat that could not be unpacked
                suffix_shown = member.suffix or "（无扩展名）"
                skip = DubanError(
                    E.UNSUPPORTED_FORMAT, path=readable(member), suffix=suffix_shown, remedy=hint
                )
                result.skipped.append((member, skip))
                continue
            elif suffix not in LOADERS or not readable_data(suffix, payload(part)):
                result.skipped.append((member, unsupported(member)))
                continue
            add(member, f"{relative}/{key}", path)
            taken += 1
        if not taken:
            what = "附件均为不读取的类型" if members else "没有正文和附件"
            result.failed.append((path, DubanError(E.MAIL_NO_TEXT, path=shown, detail=what)))
    except DubanError as exc:
        result.failed.append((path, exc))
    except OSError as exc:
        from duban.pipeline.loaders import os_error

        result.failed.append((path, os_error(exc, shown)))


_open: dict[int, tuple[tuple[object, ...], Message, dict[str, Message]]] = {}
"""The message read last with its members, one a level (a file; a message inside a container):
a message's members are read one after another."""


def read_part(
    path: Path,
    key: str,
    source: str,
    limits: Limits | None = None,
    inner: tuple[tuple[object, ...], bytes] | None = None,
) -> bytes:
    """The bytes of the member `key` of the message `path` (the body as UTF-8 text), checked
    again (the file may have changed since the walk): E037 damaged, E021 too large, E001 gone.
    `inner` is the signature and bytes of a message that is a member of another container."""
    limits = limits if limits is not None else current()
    try:
        if inner is not None:
            signature: tuple[object, ...] = inner[0]
        else:
            stat = path.stat()
            signature = (
                str(path.absolute()),
                stat.st_mtime_ns,
                stat.st_size,
                stat.st_ino,
                limits.docx_max_mb,
            )
        level = int(inner is not None)
        opened = _open.get(level)
        if opened is None or opened[0] != signature:
            _open.pop(level, None)
            message, members = open_message(path, readable(path), limits, inner[1] if inner else None)
            _open[level] = opened = (signature, message, members)
        _, message, members = opened
        part = members.get(key)
        if part is None:
            raise DubanError(E.FILE_NOT_FOUND, path=source)
        if key == BODY_KEY:
            return body_text(message, part, source).encode("utf-8")
        return payload(part)
    except OSError as exc:
        from duban.pipeline.loaders import os_error

        raise os_error(exc, source) from exc


def body_text(message: Message, part: Message, source: str) -> str:
    """The body document's text: subject, sender and date lines, a blank line, then the body (an
    HTML part as the page's visible text)."""
    from duban.pipeline.loaders.mhtml import decode_part
    from duban.pipeline.loaders.text import html_to_text

    html = part.get_content_type() == "text/html"
    text, warnings = decode_part(payload(part), part.get_content_charset(), source, page=html)
    for warning in warnings:
        log.warning("%s", warning)
    if html:
        text = html_to_text(text)
    head = [header_text(message.get("Subject"))]
    sender = header_text(message.get("From"))
    if sender:
        head.append(f"发件人：{sender}")
    when = _date(message.get("Date"))
    if when:
        head.append(f"日期：{when}")
    return "\n".join(line for line in head if line) + "\n\n" + text.strip() + "\n"


def _date(raw: object) -> str:
    """The message's date as a Chinese document writes it (`2025年6月30日`), empty when unreadable."""
    if raw is None:
        return ""
    try:
        moment = parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError):
        return ""
    return f"{moment.year}年{moment.month}月{moment.day}日"
