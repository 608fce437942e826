"""LibreOffice as an independent reader of the files duban writes (workbooks, the 催办通知单):
a test converts a file with it and reads what LibreOffice made of it. Where `soffice` is not
installed such a test is skipped and says so (`needs_soffice`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def needs_soffice(what: str) -> pytest.MarkDecorator:
    """Skip the test, naming `what` it would have opened, when LibreOffice is absent."""
    return pytest.mark.skipif(
        shutil.which("soffice") is None, reason=f"LibreOffice (soffice) 未安装：跳过用它打开{what}的检查"
    )


def convert(path: Path, to: str, outdir: Path, timeout: float = 180) -> None:
    """Convert `path` with LibreOffice's filter `to` into `outdir`, with a profile of its own there
    (a user's or another test's open LibreOffice does not take the job)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{outdir / 'profile'}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
