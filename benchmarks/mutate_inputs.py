"""Hundreds of damaged and hostile files through `duban extract`, counted by how each ended.

Seeds are dev texts, dev PDFs, and Word files, spreadsheets, single-file web pages, `.zip`, `.7z`
and `.tar.gz` deliveries and e-mails made from dev texts, with the repository's own slide deck, `.xls` and a Word file
holding a scanned page (OCR); each is truncated, has bytes
flipped or zeroed, chunks repeated, and a set of bombs is added (zip and entity bombs, deep XML,
a 150,000-character line without punctuation, 60,000 numbered lines, 300,000 unclosed tags, NUL
padding, odd UTF-16). The files are written to a scratch folder (never into the repository) and
extracted in batches by the real command under its per-file limits. Each file is counted as

  ok           a document came out
  clean error  a catalogued error other than the three below
  crash        E080 (a bug caught and named), or the command itself died / printed a traceback
  over time    E081
  over memory  E082

Usage: PYTHONPATH=. python benchmarks/mutate_inputs.py [--count 330] [--timeout 60] [--out DIR]
Not a test: it takes minutes. The summary is printed as JSON (and the worst files listed).
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import random
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
log = logging.getLogger("mutate")


def docx_from_text(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines()[:400]:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_from_text(text: str) -> bytes:
    """A task table: each line a row, its text cut into cells at its first `（` (the markers)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "工作任务", "责任单位和时限"])
    for i, line in enumerate(text.splitlines()[:400], 1):
        task, _, marker = line.partition("（")
        sheet.append([i, task, marker])
    sheet.merge_cells("C2:C4")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def mht_from_text(text: str) -> bytes:
    """A single-file web page as Internet Explorer saves one (quoted-printable, GB18030)."""
    import quopri

    page = "".join(f"<p>{line}</p>" for line in text.splitlines())
    body = quopri.encodestring(f"<html><body>{page}</body></html>".encode("gb18030")).decode("ascii")
    return (
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
        'Content-Type: text/html; charset="gb2312"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
        f"{body}\r\n--b--\r\n"
    ).encode("ascii")


def zip_from_text(text: str) -> bytes:
    """A unit's delivery: the text as a notice and as a Word file, in a folder."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("县直单位/通知.txt", text.encode("utf-8"))
        package.writestr("县直单位/报告.docx", docx_from_text(text))
    return out.getvalue()


def libarchive_from_text(text: str, kind: str) -> bytes:
    """The same delivery as a `.7z` (libarchive's writer: one solid block) or a `.tar.gz`."""
    import libarchive

    members = [("县直单位/通知.txt", text.encode("utf-8")), ("县直单位/报告.docx", docx_from_text(text))]
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/x.{kind}"
        with libarchive.file_writer(
            path, "7zip" if kind == "7z" else "gnutar", None if kind == "7z" else "gzip"
        ) as writer:
            for name, data in members:
                writer.add_file_from_memory(name, len(data), data)
        return Path(path).read_bytes()


def msg_from_text(text: str) -> bytes:
    """The same report saved from Outlook as `.msg` (the tests' writer of the format), with the
    delivery zipped as a second attachment and forwarded as an Outlook item (an embedded message
    holding its own Word report) as a third: containers inside a container."""
    from tests.outlook_files import Attachment, Outlook

    html = "".join(f"<p>{line}</p>" for line in text.splitlines()[:200])
    forwarded = Outlook(
        subject="转发的报告",
        body="\n".join(text.splitlines()[:50]),
        attachments=[Attachment("原报告.docx", docx_from_text(text))],
    )
    attachments = [
        Attachment("进展报告.docx", docx_from_text(text)),
        Attachment("材料.zip", zip_from_text(text)),
        Attachment("转发的报告", embedded=True, message=forwarded),
    ]
    subject = text.splitlines()[0][:60] if text.strip() else "报告"
    return Outlook(
        subject=subject, sender="县直单位", html=html, codepage=65001, attachments=attachments
    ).msg()


def tnef_eml_from_text(text: str) -> bytes:
    """Outlook's rich text mail: a stub body and one `winmail.dat` wrapping the report as a Word
    file and the HTML body (the tests' writer of the format)."""
    from email.message import EmailMessage

    from tests.tnef_files import Tnef, Wrapped

    html = "".join(f"<p>{line}</p>" for line in text.splitlines()[:200])
    dat = Tnef(
        html=html, attachments=[Wrapped("进展报告.docx", docx_from_text(text), title="进展报告.doc")]
    ).dat()
    message = EmailMessage()
    message["Subject"] = "报告"
    message["From"] = "unit@example.gov.cn"
    message.set_content(" ")
    message.add_attachment(dat, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    return message.as_bytes()


def eml_from_text(text: str, nested: bool = False) -> bytes:
    """A unit's report sent by e-mail: the text as the HTML body, and as an attached Word file
    (with `nested`, the delivery zipped as a further attachment)."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = text.splitlines()[0][:60] if text.strip() else "报告"
    message["From"] = "unit@example.gov.cn"
    message["Date"] = "Mon, 16 Jun 2025 09:30:00 +0800"
    message.set_content("见附件。")
    message.add_alternative("".join(f"<p>{line}</p>" for line in text.splitlines()[:200]), subtype="html")
    message.add_attachment(
        docx_from_text(text),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="进展报告.docx",
    )
    if nested:
        message.add_attachment(
            zip_from_text(text), maintype="application", subtype="zip", filename="材料.zip"
        )
    return message.as_bytes()


def scan_docx() -> bytes:
    """A Word file holding a scanned page as a picture (read by OCR)."""
    import docx

    document = docx.Document()
    document.add_picture(str(ROOT / "tests" / "fixtures" / "ocr" / "notice.png"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Formats seeded from files the repository holds (fixtures of our own wording), not from dev texts.
FIXTURE_SEEDS = {
    "pptx": ROOT / "tests" / "fixtures" / "pptx" / "report.pptx",
    "xls": ROOT / "tests" / "fixtures" / "sheet" / "tasks.xls",
    "ppt": ROOT / "tests" / "fixtures" / "ppt" / "notice.ppt",
    "odt": ROOT / "tests" / "fixtures" / "odf" / "notice.odt",
    "ods": ROOT / "tests" / "fixtures" / "odf" / "tasks.ods",
    "odp": ROOT / "tests" / "fixtures" / "odf" / "report.odp",
    "ofd": ROOT / "tests" / "fixtures" / "ofd" / "tasks_ruled.ofd",
    "doc": ROOT / "tests" / "fixtures" / "doc" / "notice.doc",
    "scan.odt": ROOT / "tests" / "fixtures" / "odf" / "scan.odt",
    "uot": ROOT / "tests" / "fixtures" / "uof" / "notice.uot",
    "uos": ROOT / "tests" / "fixtures" / "uof" / "tasks.uos",
    "uop": ROOT / "tests" / "fixtures" / "uof" / "report.uop",
    "xlsb": ROOT / "tests" / "fixtures" / "xlsb" / "tasks.xlsb",
}


def mutations(rng: random.Random, data: bytes) -> list[tuple[str, bytes]]:
    """Several damaged copies of `data`."""
    out: list[tuple[str, bytes]] = []
    n = len(data)
    out.append(("trunc-half", data[: n // 2]))
    out.append(("trunc-rand", data[: rng.randrange(1, max(2, n))]))
    for flips in (1, 16, 256):
        damaged = bytearray(data)
        for _ in range(flips):
            i = rng.randrange(n)
            damaged[i] ^= 1 << rng.randrange(8)
        out.append((f"flip{flips}", bytes(damaged)))
    zeroed = bytearray(data)
    start = rng.randrange(n)
    zeroed[start : start + 4096] = bytes(min(4096, n - start))
    out.append(("zeroed", bytes(zeroed)))
    cut = rng.randrange(n)
    out.append(("repeat", data[:cut] + data[cut : cut + 2000] * 20 + data[cut:]))
    return out


def bombs(text: str) -> list[tuple[str, bytes]]:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def with_body(body: bytes) -> bytes:
        source = zipfile.ZipFile(io.BytesIO(docx_from_text("通知")))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = body if info.filename == "word/document.xml" else source.read(info.filename)
                target.writestr(info.filename, data)
        return out.getvalue()

    head = f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    entities = "".join(
        f'<!ENTITY e{i} "{("&e" + str(i - 1) + ";") * 10 if i else "lol"}">' for i in range(10)
    )
    return [
        (
            "zipbomb.docx",
            with_body(head + b"<w:p><w:r><w:t>" + b" " * (400 << 20) + b"</w:t></w:r></w:p>" + tail),
        ),
        ("manyelems.docx", with_body(head + b"<w:p/>" * 3_000_000 + tail)),
        (
            "entities.docx",
            with_body(
                f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><w:document xmlns:w="{w}"><w:body><w:p><w:r>'
                f"<w:t>&e9;</w:t></w:r></w:p></w:body></w:document>".encode()
            ),
        ),
        ("deep.docx", with_body(head + b"<w:p>" + b"<w:r>" * 10_000 + b"</w:r>" * 10_000 + b"</w:p>" + tail)),
        ("emptybody.docx", with_body(b"")),
        ("badxml.docx", with_body(b"<w:document><w:body>")),
        ("longline.txt", ("市发展改革委牵头负责" * 15_000).encode()),
        ("numbered.txt", "".join(f"{i}. 各单位要落实工作责任\n" for i in range(60_000)).encode()),
        ("unclosed.html", b"<a " * 300_000),
        ("nulpad.txt", b"\0" * 1001 + text.encode()),
        ("utf16odd.txt", b"\xff\xfe" + text.encode("utf-16-le") + b"A"),
        ("badbytes.txt", text.encode()[:500] + b"\xff\xfe" + text.encode()[500:]),
        ("empty.txt", b""),
        ("binary.txt", bytes(range(256)) * 64),
        ("notpdf.pdf", text.encode()),
    ]


def build(out: Path, count: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    texts = sorted((CORPUS / "dev").glob("*.txt"))
    pdfs = sorted((CORPUS / "dev-pdf").glob("*.pdf"))
    files: list[Path] = []

    def emit(name: str, data: bytes) -> None:
        path = out / name
        path.write_bytes(data)
        files.append(path)

    sample_text = texts[0].read_text(encoding="utf-8")
    for name, data in bombs(sample_text):
        emit(f"bomb-{name}", data)
    per_seed = 7
    seeds_needed = max(1, (count - len(files)) // per_seed + 1)
    kinds = [
        "txt",
        "pdf",
        "docx",
        "html",
        "xlsx",
        "mht",
        "zip",
        "pptx",
        "xls",
        "scan.docx",
        "eml",
        "7z",
        "tar.gz",
        "ppt",
        "odt",
        "ods",
        "odp",
        "ofd",
        "doc",
        "msg",
        "zip.eml",
        "rar",
        "tnef.eml",
        "scan.odt",
        "uot",
        "uos",
        "uop",
        "xlsb",
    ]
    for i in range(seeds_needed):
        kind = kinds[i % len(kinds)]
        if kind == "pdf":
            source = pdfs[rng.randrange(len(pdfs))]
            data = source.read_bytes()
        elif kind in FIXTURE_SEEDS:
            source = FIXTURE_SEEDS[kind]
            data = source.read_bytes()
        elif kind == "scan.docx":
            source = Path("scan")
            data = scan_docx()
        else:
            source = texts[rng.randrange(len(texts))]
            text = source.read_text(encoding="utf-8")
            if kind == "docx":
                data = docx_from_text(text)
            elif kind == "xlsx":
                data = xlsx_from_text(text)
            elif kind == "mht":
                data = mht_from_text(text)
            elif kind == "zip":
                data = zip_from_text(text)
            elif kind == "eml":
                data = eml_from_text(text)
            elif kind == "zip.eml":
                data = eml_from_text(text, nested=True)
            elif kind == "tnef.eml":
                data = tnef_eml_from_text(text)
            elif kind == "msg":
                data = msg_from_text(text)
            elif kind == "rar":  # stored members, as the tests' RAR 5 writer writes them
                from tests.rar_factory import rar5

                data = rar5(
                    [
                        ("县直单位/通知.txt", text.encode("utf-8")),
                        ("县直单位/报告.docx", docx_from_text(text)),
                    ]
                )
            elif kind in ("7z", "tar.gz"):
                data = libarchive_from_text(text, kind)
            elif kind == "html":
                body = "".join(f"<p>{line}</p>" for line in text.splitlines())
                data = f"<html><head><title>t</title></head><body>{body}</body></html>".encode()
            else:
                data = text.encode(rng.choice(["utf-8", "gb18030", "utf-16"]))
        for label, damaged in mutations(rng, data):
            emit(f"m{i:03d}-{source.stem}-{label}.{kind}", damaged)
    return files[: max(count, len(bombs(sample_text)))]


def run(
    files: list[Path], timeout: float, memory: int, batch: int
) -> tuple[Counter[str], Counter[str], list[str]]:
    counts: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    notes: list[str] = []
    for i in range(0, len(files), batch):
        chunk = files[i : i + batch]
        command = [
            sys.executable,
            "-c",
            "from duban.pipeline.cli import main; main()",
            "extract",
            "--timeout",
            str(timeout),
            "--memory-mb",
            str(memory),
            *map(str, chunk),
        ]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, errors="replace")
        seen = set()
        for line in done.stdout.split("\n"):  # not splitlines: U+2028 and \x85 stay unescaped in JSON
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            seen.add(record["source"])
            error = record.get("error")
            code = error["code"] if error else None
            kind = {None: "ok", "E080": "crash", "E081": "over time", "E082": "over memory"}.get(
                code, "clean error"
            )
            counts[kind] += 1
            by_type[f"{Path(record['source']).suffix} {kind}"] += 1
            if kind in ("crash", "over time", "over memory"):
                notes.append(f"{kind}: {Path(record['source']).name}: {error['message'][:160]}")
        # an archive or `.eml` prints a line per member (`x.zip/member`), or one error line for itself
        missing = [f for f in chunk if str(f) not in seen and not any(s.startswith(f"{f}/") for s in seen)]
        if done.returncode not in (0, 1, 3) or "Traceback" in done.stderr or missing:
            counts["crash"] += len(missing)
            notes.append(
                f"command exit {done.returncode}, {len(missing)} files without a line: {done.stderr[-400:]}"
            )
        log.info("%d/%d files", min(i + batch, len(files)), len(files))
    return counts, by_type, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=330)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--memory-mb", type=int, default=4096)
    parser.add_argument("--batch", type=int, default=40)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    out = args.out or Path(tempfile.mkdtemp(prefix="duban-mutants-"))
    out.mkdir(parents=True, exist_ok=True)
    files = build(out, args.count, args.seed)
    counts, by_type, notes = run(files, args.timeout, args.memory_mb, args.batch)
    summary = {"files": len(files), **counts, "by_type": dict(sorted(by_type.items())), "folder": str(out)}
    print(json.dumps(summary, ensure_ascii=False))
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
