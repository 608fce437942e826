"""`duban extract` with several workers: the same lines, in the order of the files, as with one."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.pipeline.cli import app
from duban.pipeline.extract import in_order

TOPICS = ["防汛", "安全生产", "垃圾分类", "营商环境", "乡村振兴", "河湖长制", "食品安全"]


def write_notices(folder: Path, count: int) -> list[Path]:
    """Small notices of our own, each with a task, a unit and a deadline; one much longer than the
    rest, so that it finishes after the files given behind it."""
    paths = []
    for i in range(count):
        topic = TOPICS[i % len(TOPICS)]
        body = f"一、各县区要于2030年{i % 12 + 1}月底前完成{topic}隐患排查，市应急管理局牵头督办。\n"
        if i == 1:
            body += "".join(
                f"{n + 2}、市{TOPICS[n % len(TOPICS)]}工作专班要于2031年{n % 12 + 1}月底前报送第{n}批台账。\n"
                for n in range(400)
            )
        path = folder / f"notice-{i:02d}.txt"
        path.write_text(f"关于做好{topic}工作的通知\n{body}", encoding="utf-8")
        paths.append(path)
    return paths


def test_two_workers_print_what_one_prints_in_the_same_order(tmp_path: Path) -> None:
    paths = write_notices(tmp_path, 8)
    runner = CliRunner()
    one = runner.invoke(app, ["extract", str(tmp_path), "--workers", "1"])
    two = runner.invoke(app, ["extract", str(tmp_path), "--workers", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, (one.output, two.output)
    assert two.stdout == one.stdout
    sources = [json.loads(line)["source"] for line in two.stdout.splitlines()]
    assert sources == [str(p.resolve()) for p in paths]
    assert len(json.loads(two.stdout.splitlines()[1])["measures"]) > 100


def test_a_failing_file_keeps_its_place(tmp_path: Path) -> None:
    paths = write_notices(tmp_path, 4)
    paths[2].write_bytes(b"")  # an empty file: E002, reported in its place
    result = CliRunner().invoke(app, ["extract", str(tmp_path), "--workers", "2"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [line["source"] for line in lines] == [str(p.resolve()) for p in paths]
    assert lines[2]["error"]["code"] == "E002" and "error" not in lines[1]


@pytest.mark.parametrize("seed", range(5))
def test_in_order_gives_every_item_in_order_when_the_window_holds(seed: int) -> None:
    positions = list(range(40))
    shuffled = positions[:]
    random.Random(seed).shuffle(shuffled)
    assert list(in_order(((i, i) for i in shuffled), window=40)) == positions


def test_in_order_passes_over_a_laggard_when_the_window_is_full() -> None:
    arrivals = [1, 2, 3, 4, 0, 5]  # 0 is late; a window of 2 cannot wait for it
    given = list(in_order(((i, f"doc{i}") for i in arrivals), window=2))
    assert given == ["doc1", "doc2", "doc3", "doc4", "doc0", "doc5"]
    assert sorted(given) == sorted(f"doc{i}" for i in arrivals)
    assert list(in_order(((i, f"doc{i}") for i in arrivals), window=5)) == [f"doc{i}" for i in range(6)]
