"""Compound files (OLE2, Office 97-2003's container) as the loaders of Office's newer formats meet
them: an `.xls`, a password-protected `.xlsx` or `.pptx` (Office 2007 and later wrap an encrypted
package in one), a binary deck under a `.pptx` name. Each first needs the names of the file's
streams, with a damaged file reported as its own format's error, and an encrypted package told
apart; the Word loader reads its streams itself (`loaders.doc`)."""

from __future__ import annotations

import io

import olefile

from duban.base.errors import DubanError, E
from duban.pipeline.loaders.relabel import error_detail


def stream_names(data: bytes, source: str, corrupt: E) -> set[str]:
    """The paths of the compound file's streams (`Workbook`, `PowerPoint Document`, ...); a file
    olefile cannot read is `corrupt`."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            return {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
    except MemoryError:
        raise
    except Exception as exc:  # olefile fails on a damaged file in many ways of its own
        raise DubanError(corrupt, path=source, detail=f"OLE 复合文件损坏：{error_detail(exc)}") from exc


def refuse_encrypted(names: set[str], source: str, encrypted: E) -> None:
    """Office 2007 and later keep a password-protected file as an `EncryptedPackage` stream in a
    compound file: such a file is `encrypted`, whatever its name."""
    if "EncryptedPackage" in names:
        raise DubanError(encrypted, path=source, detail="Office 2007 及以后版本的加密文件")
