"""Images of documents (scans, photos) are read by OCR (rapidocr, a default dependency).

The fixtures are a notice of our own wording drawn as a scan (`fixtures/ocr/make_fixtures.py`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.pipeline.cli import app
from duban.pipeline.loaders import load, readable_type

FIXTURES = Path(__file__).parent / "fixtures" / "ocr"
runner = CliRunner()


def test_a_png_scan_is_read_line_by_line() -> None:
    raw = load(FIXTURES / "notice.png")
    assert raw.format == "image" and [page.extractor for page in raw.pages] == ["ocr:rapidocr"]
    assert raw.pages[0].text.splitlines() == [
        "关于做好农村供水保障工作的通知",
        "各乡镇人民政府，县直有关单位：",
        "一、县水利局要在2025年6月30日前完成水源地排查。",
        "二、各乡镇要于9月底前建立供水工程运行台账。",
    ]
    assert "OCR" in raw.warnings[0] and "核对原件" in raw.warnings[0]


def test_each_frame_of_a_tiff_is_a_page() -> None:
    raw = load(FIXTURES / "notice.tif")
    assert [page.number for page in raw.pages] == [1, 2]
    assert raw.pages[1].text.startswith("三、县卫生健康局每季度开展一次水质抽检")


def test_a_photo_taken_sideways_is_read_upright(tmp_path: Path) -> None:
    """A phone keeps the camera's rotation in EXIF (orientation 6: turn 90° clockwise to view)."""
    with Image.open(FIXTURES / "notice.png") as page:
        stored = page.rotate(90, expand=True)  # what the sensor wrote
        exif = Image.Exif()
        exif[0x0112] = 6
        photo = tmp_path / "photo.jpg"
        stored.convert("RGB").save(photo, quality=90, exif=exif.tobytes())
    assert "一、县水利局要在2025年6月30日前完成水源地排查。" in load(photo).pages[0].text.splitlines()


def test_an_image_extracts_its_measures_with_page_and_provenance(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(FIXTURES / "notice.png"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    first = record["measures"][0]
    assert "水源地排查" in first["text"] and first["page"] == 1 and first["provenance"]
    assert any(u["name"] == "县水利局" for u in first["units"])
    assert [d["due"] for d in first["deadlines"]] == ["2025-06-30"]


def test_a_damaged_image_and_an_image_without_text_are_clear_errors(tmp_path: Path) -> None:
    broken = tmp_path / "扫描件.jpg"
    with (FIXTURES / "notice.png").open("rb") as source:
        broken.write_bytes(source.read(400))  # a PNG cut short under a .jpg name
    with pytest.raises(DubanError) as caught:
        load(broken)
    assert caught.value.code == "E025" and str(broken) in caught.value.message
    blank = tmp_path / "空白页.png"
    Image.new("L", (600, 400), 255).save(blank)
    with pytest.raises(DubanError) as caught:
        load(blank)
    assert caught.value.code == "E024" and "重新扫描" in caught.value.hint


def test_a_blank_scan_leaves_no_stray_coloured_log_line(tmp_path: Path) -> None:
    """What a nightly batch's log gets from the OCR engine for a page with no text: nothing of its
    own (duban reports the page itself), and never terminal colour codes."""
    import subprocess
    import sys

    blank = tmp_path / "空白页.png"
    Image.new("L", (600, 400), 255).save(blank)
    done = subprocess.run(
        [sys.executable, "-m", "duban", "extract", str(blank), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(done.stdout.splitlines()[0])["error"]["code"] == "E024"
    assert "\x1b[" not in done.stderr and "RapidOCR" not in done.stderr


def test_a_folder_of_scans_is_ingested_and_gifs_are_skipped_with_a_hint(tmp_path: Path) -> None:
    folder = tmp_path / "收文"
    folder.mkdir()
    (folder / "通知.png").write_bytes((FIXTURES / "notice.png").read_bytes())
    Image.new("L", (20, 20), 255).save(folder / "动图.gif")
    assert readable_type(folder / "通知.png") and not readable_type(folder / "动图.gif")
    index = f"sqlite:///{tmp_path / 'i.db'}"
    result = runner.invoke(app, ["ingest", str(folder), "--index", index, "--json"])
    assert result.exit_code == 3, result.output
    summary = json.loads(result.stdout)
    assert summary["ingested"] == 1 and summary["skipped_count"] == 1
    assert "PNG" in summary["skipped"][0]["hint"]
