from __future__ import annotations

import json
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from duban.pipeline.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_every_command_and_option_has_help() -> None:
    group = get_command(app)
    assert group.help
    commands = group.commands  # type: ignore[attr-defined]
    assert {"extract"} <= set(commands)
    for name, command in commands.items():
        assert command.help, f"command {name} has no help"
        for param in command.params:
            if param.param_type_name == "option" and param.name not in ("help",):
                assert param.help, f"option {param.name} of {name} has no help"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, result.output


def test_extract_prints_one_json_line_per_document() -> None:
    result = runner.invoke(app, ["extract", str(ROOT / "samples")])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == len(list((ROOT / "samples").glob("*.txt")))
    notice = next(d for d in lines if d["source"].endswith("directive-notice.txt"))
    assert notice["doc"]["doc_number"] == "江政办发〔2026〕7号"
    assert notice["measures"], "the sample notice has itemised measures"
    for measure in notice["measures"]:
        assert measure["provenance"] and measure["provenance"][0].startswith("rule:")
        assert measure["end"] > measure["start"]


def test_bad_file_gives_an_error_line_and_the_run_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("各部门要于6月底前完成整改工作，并报送整改情况。", encoding="utf-8")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    result = runner.invoke(app, ["extract", str(bad), str(good)])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert records[0]["error"]["code"] == "E010"
    assert records[0]["source"] == str(bad)
    assert records[1]["source"] == str(good)
    assert "error" not in records[1]


def test_spans_are_slices_of_the_normalised_text() -> None:
    result = runner.invoke(app, ["extract", "--text", str(ROOT / "samples" / "directive-notice.txt")])
    doc = json.loads(result.stdout.splitlines()[0])
    for measure in doc["measures"]:
        assert doc["text"][measure["start"] : measure["end"]] == measure["text"]
        for unit in measure["units"]:
            assert doc["text"][unit["start"] : unit["end"]] == unit["name"]


def test_table_format_is_readable() -> None:
    result = runner.invoke(
        app, ["extract", "--format", "table", str(ROOT / "samples" / "directive-notice.txt")]
    )
    assert result.exit_code == 0
    assert "江政办发〔2026〕7号" in result.stdout


def test_iter_files_lists_named_files_and_supported_files_in_folders(tmp_path: Path) -> None:
    from duban.pipeline.cli import iter_files

    (tmp_path / "a.txt").write_text("通知", encoding="utf-8")
    (tmp_path / "b.pages").write_bytes(b"x")  # a type duban does not read
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.md").write_text("通知", encoding="utf-8")
    named = tmp_path / "named.xyz"
    flat = [Path(source).name for _, source in iter_files([tmp_path, named], recursive=False)]
    assert flat == ["named.xyz", "a.txt"]
    deep = [Path(source).name for _, source in iter_files([tmp_path], recursive=True)]
    assert deep == ["a.txt", "c.md"]


def test_source_names_survive_any_bytes(tmp_path: Path) -> None:
    import os

    from duban.base.paths import path_of, readable, source_of

    for raw in ("通知".encode("gbk"), "通知".encode("big5") + b"\xff", "通知".encode()):
        path = tmp_path / (os.fsdecode(raw) + ".txt")
        path.write_bytes(b"x")
        source = source_of(path)
        source.encode("utf-8")  # storable and printable
        assert path_of(source) == path and path_of(source).exists()
        assert readable(path).encode("utf-8")
    assert readable(tmp_path / os.fsdecode("工作要点".encode("gbk"))).endswith(
        "工作要点（文件名为 GBK 编码）"
    )
