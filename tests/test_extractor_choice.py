"""Which extractor names a run accepts: a staff member who names a reviewing model alone is told
why it would find nothing, in Chinese, before any file is read."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.extractors.registry import check_names
from duban.pipeline.cli import app


def test_a_reviewing_model_alone_is_refused_with_the_way_to_run_it() -> None:
    with pytest.raises(ValueError, match="rules,spacy"):
        check_names(("spacy",))
    with pytest.raises(ValueError, match="spacy-only"):
        check_names(("spacy", "rules"))  # it reviews only what ran before it


def test_a_reviewing_model_after_a_proposer_is_accepted() -> None:
    check_names(("rules", "spacy"))
    check_names(("spacy-only",))


def test_an_unknown_name_lists_the_choices_in_chinese() -> None:
    with pytest.raises(ValueError, match=r"未知的提取器：nope；可选：.*rules"):
        check_names(("rules", "nope"))


def test_extract_refuses_a_reviewing_model_alone_before_reading_files(tmp_path: Path) -> None:
    text = tmp_path / "notice.txt"
    text.write_text("关于做好防汛工作的通知\n各镇街要于6月底前完成隐患排查。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(text), "--extractors", "spacy"])
    assert result.exit_code == 2
    assert "rules,spacy" in result.output
    assert "各镇街" not in result.output
