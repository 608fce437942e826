"""Damaged zip packages (.docx, .pptx, .xlsx, .ofd) end as a document or their loader's catalogued
error, never an unexpected exception (E080), a disk error, or a hang.

`zipfile` fails on a damaged central directory in many ways besides `BadZipFile` (a file name
flagged UTF-8 that is not, header fields out of range, an offset before the file's start, a part
flagged encrypted or bzip2): `loaders.package.zip_damage` makes each the loader's damaged-file
error. The cases are seeded mutations of the repository's own fixtures aimed at the zip structure:
bytes of the directory's file names and headers changed, a name made invalid UTF-8 under the UTF-8
flag, the end record and local headers changed, the file truncated, entries duplicated.
"""

from __future__ import annotations

import random
import signal
import struct
import time
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from duban.base.errors import DubanError
from duban.pipeline.loaders import load

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Each format's seed, and what a damaged copy may end as: its damaged, encrypted or no-text error,
# or the package limits (E021); an .ofd that is no longer a zip at all is "not an OFD" (E026).
FORMATS = {
    ".docx": (FIXTURES / "doc" / "notice.docx", {"E020", "E021", "E035"}),
    ".pptx": (FIXTURES / "pptx" / "report.pptx", {"E032", "E021", "E033", "E034"}),
    ".xlsx": (FIXTURES / "odf" / "tasks.xlsx", {"E017", "E021", "E018", "E019"}),
    ".ofd": (FIXTURES / "ofd" / "notice.ofd", {"E026", "E027", "E021", "E028", "E029"}),
}
DAMAGED = {".docx": "E020", ".pptx": "E032", ".xlsx": "E017", ".ofd": "E027"}
CASES = 90  # a format: 360 in all, about 2 s
_KINDS = ("name", "utf8-name", "header", "end-record", "local-header", "truncate", "duplicate", "flip")


def _directory(data: bytes) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    """The end record's offset, the central directory's, and each entry's (offset, name, extra and
    comment lengths)."""
    end = data.rfind(b"PK\x05\x06")
    (start,) = struct.unpack_from("<I", data, end + 16)
    entries = []
    at = start
    while at < end and data[at : at + 4] == b"PK\x01\x02":
        names, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        entries.append((at, names, extra, comment))
        at += 46 + names + extra + comment
    return end, start, entries


def mutated(rng: random.Random, data: bytes, kind: str) -> bytes:
    """A copy of the package `data` damaged in the way `kind` names (`__doc__`)."""
    end, start, entries = _directory(data)
    damaged = bytearray(data)
    at, names, extra, comment = rng.choice(entries)
    if kind == "name":
        for _ in range(rng.randint(1, 3)):
            damaged[at + 46 + rng.randrange(names)] = rng.randrange(256)
    elif kind == "utf8-name":  # what the OpenDocument loader's damaged fixtures hit
        struct.pack_into("<H", damaged, at + 8, struct.unpack_from("<H", damaged, at + 8)[0] | 0x800)
        damaged[at + 46 + rng.randrange(names)] = rng.choice((0xFF, 0xC3, 0x80, 0xE4))
    elif kind == "header":
        for _ in range(rng.randint(1, 4)):
            damaged[at + 4 + rng.randrange(42)] = rng.randrange(256)
    elif kind == "end-record":
        for _ in range(rng.randint(1, 3)):
            damaged[end + 4 + rng.randrange(18)] = rng.randrange(256)
    elif kind == "local-header":
        for _ in range(rng.randint(1, 8)):
            (local,) = struct.unpack_from("<I", damaged, rng.choice(entries)[0] + 42)
            damaged[local + 4 + rng.randrange(26)] = rng.randrange(256)
    elif kind == "truncate":
        return data[: rng.randrange(1, len(data))]
    elif kind == "duplicate":  # an entry listed twice, the end record's counts and size to match
        directory = data[start:end] + data[at : at + 46 + names + extra + comment]
        record = bytearray(data[end:])
        count = struct.unpack_from("<H", record, 10)[0] + 1
        struct.pack_into("<HHII", record, 8, count, count, len(directory), start)
        return data[:start] + directory + bytes(record)
    else:  # bits flipped anywhere from the directory on
        for _ in range(rng.randint(1, 30)):
            damaged[rng.randrange(start, len(damaged))] ^= 1 << rng.randrange(8)
    return bytes(damaged)


class _Hang(Exception):
    pass


def _hang(signum: int, frame: object) -> None:
    raise _Hang


def cases(suffix: str) -> Iterator[tuple[str, bytes]]:
    seed, _ = FORMATS[suffix]
    data = seed.read_bytes()
    rng = random.Random(f"zip-damage{suffix}")
    for i in range(CASES):
        kind = _KINDS[i % len(_KINDS)]
        yield kind, mutated(rng, data, kind)


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_a_damaged_package_is_read_or_its_catalogued_error_never_a_bug_or_a_hang(
    tmp_path: Path, suffix: str
) -> None:
    _, allowed = FORMATS[suffix]
    ends: Counter[str] = Counter()
    previous = signal.signal(signal.SIGALRM, _hang)
    try:
        for i, (kind, data) in enumerate(cases(suffix)):
            path = tmp_path / f"损坏{i:03d}{suffix}"
            path.write_bytes(data)
            began = time.monotonic()
            signal.alarm(10)
            try:
                load(path)
                ends["ok"] += 1
            except DubanError as exc:
                assert exc.code in allowed, f"{kind} {path.name}: {exc.code} {exc.message}"
                assert path.name in exc.message
                ends[exc.code] += 1
            except _Hang:
                pytest.fail(f"{kind} {path.name}: over 10 s")
            finally:
                signal.alarm(0)
            assert time.monotonic() - began < 5, f"{kind} {path.name} took too long"
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert ends[DAMAGED[suffix]] >= 10 and ends["ok"] >= 1, ends  # the mutations reach both ends
    assert sum(ends.values()) == CASES


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_a_file_name_flagged_utf8_that_is_not_is_the_damaged_file_error(tmp_path: Path, suffix: str) -> None:
    # Before: UnicodeDecodeError from zipfile's directory, reported as E080 (a bug).
    seed, _ = FORMATS[suffix]
    data = bytearray(seed.read_bytes())
    _, _, entries = _directory(bytes(data))
    at = entries[0][0]
    struct.pack_into("<H", data, at + 8, struct.unpack_from("<H", data, at + 8)[0] | 0x800)
    data[at + 46] = 0xFF
    path = tmp_path / f"目录损坏{suffix}"
    path.write_bytes(bytes(data))
    with pytest.raises(UnicodeDecodeError):
        zipfile.ZipFile(path)
    with pytest.raises(DubanError) as caught:
        load(path)
    assert caught.value.code == DAMAGED[suffix] and "目录损坏" in caught.value.message
    assert "UnicodeDecodeError" in caught.value.message


def test_an_offset_before_the_file_start_is_damage_not_a_disk_error(tmp_path: Path) -> None:
    # A local header offset pointing before the file made the seek fail with EINVAL: that was
    # reported as a file that could not be read from disk (E-file-unreadable), not as damage.
    data = bytearray((FIXTURES / "doc" / "notice.docx").read_bytes())
    end, start, _ = _directory(bytes(data))
    # The end record says the directory starts twice as far in as it does: zipfile shifts every
    # entry's offset back by that much, and each part's is before the file's start.
    struct.pack_into("<I", data, end + 16, 2 * start)
    path = tmp_path / "偏移.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(DubanError) as caught:
        load(path)
    assert caught.value.code == "E020" and "偏移.docx" in caught.value.message
