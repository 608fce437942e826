"""`index.segment`: jieba's tokens from the cached dictionary, whichever way it is read."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from duban.index import segment
from duban.index.analysis import DEFAULT_USER_DICT, Analyzer, fold
from duban.index.segment import (
    CachedSegmenter,
    LazyDictionary,
    RJiebaSegmenter,
    Segmenter,
    dictionary_file,
    dictionary_key,
    load_dictionary,
)

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"

# texts written for these tests, one per shape the segmenter treats differently: Chinese with
# unit names from the lexicon, letters and digits joined or split, the symbols jieba keeps in a
# block (+#&._%-), spaces, tabs and CRLF, full-width forms, rare CJK, emoji, nothing at all
TEXTS = [
    "市发展改革委牵头，市财政局、市人力资源社会保障局配合，2026年6月底前完成。",
    "各区县人民政府要于每季度末向市委督查室报送落实情况，逾期未报的予以通报。",
    "中华人民共和国国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见",
    "GDP增长6.5%以上，R&D投入强度达到2.8%，C++和C#课程，a-b_c.d",
    "abc def 123 ABC测试 x1y2z3 ...",
    "第一行\r\n第二行\n\t第三行  结束",
    "ｆｕｌｌ　ｗｉｄｔｈ １２３ 全角",
    "㐀㐁中国㐂\u9fd6\u9fff 𠀀𠀁北京 😀 é α",
    "一",
    "",
    "  \r\n ",
    "制发的票据统一由财政部门监制，禁止转让",
    "县委县政府主要负责同志约谈了纪委书记和应急管理局局长",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The dictionary built once for this module, in a cache folder of its own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(segment.CACHE_ENV, str(tmp_path_factory.mktemp("cache")))
        path = dictionary_file(DEFAULT_USER_DICT)
        assert path is not None
        yield path


@pytest.fixture(scope="module")
def reference() -> Any:
    """jieba itself, set up as the analyzer used to set it up (its dictionary plus the lexicon)."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(DEFAULT_USER_DICT))
    return tokenizer


def _check_same(reference: Any, segmenter: Segmenter | RJiebaSegmenter, texts: list[str]) -> None:
    for text in texts:
        expected = list(reference.tokenize(text, "search", HMM=False))
        assert segmenter.tokenize_search(text) == expected, text[:40]
        assert segmenter.cut_for_search(text) == reference.lcut_for_search(text, HMM=False)


def test_built_dictionary_is_jiebas_with_the_lexicon(built: Path, reference: Any) -> None:
    entries, total = load_dictionary(built)
    assert total == reference.total
    assert entries == reference.FREQ


def test_same_tokens_as_jieba_on_written_texts(built: Path, reference: Any) -> None:
    in_memory = Segmenter.from_entries(*load_dictionary(built))
    lookups = LazyDictionary(built)
    lazy = Segmenter(lookups.get, lookups.total)
    texts = TEXTS + [fold(text) for text in TEXTS]
    _check_same(reference, in_memory, texts)
    _check_same(reference, lazy, texts)
    for text in texts:
        assert in_memory.cut(text) == reference.lcut(text, HMM=False)


def test_the_lexicon_keeps_unit_names_whole(built: Path) -> None:
    lookups = LazyDictionary(built)
    words = Segmenter(lookups.get, lookups.total).cut("由市人力资源社会保障局牵头")
    assert "市人力资源社会保障局" in words or "人力资源社会保障局" in words


@pytest.mark.skipif(not DEV.is_dir(), reason="the shared dev corpus is not beside the project")
def test_same_tokens_as_jieba_on_the_dev_corpus(built: Path, reference: Any) -> None:
    texts = [fold(path.read_text(encoding="utf-8")) for path in sorted(DEV.glob("*.txt"))]
    assert len(texts) > 100
    _check_same(reference, Segmenter.from_entries(*load_dictionary(built)), texts)


@pytest.mark.skipif(
    not segment.rjieba_available(), reason="rjieba (a dependency) has no wheel installed here"
)
def test_rjieba_gives_jiebas_tokens(built: Path, reference: Any) -> None:
    texts = TEXTS + [fold(text) for text in TEXTS]
    if DEV.is_dir():
        texts += [fold(path.read_text(encoding="utf-8")) for path in sorted(DEV.glob("*.txt"))]
    _check_same(reference, RJiebaSegmenter(built), texts)


def test_found_again_without_rebuilding(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(segment.CACHE_ENV, str(built.parent))

    def fail(user_dict: Path | None) -> segment.Built:
        raise AssertionError("rebuilt")

    monkeypatch.setattr(segment, "build_entries", fail)
    assert dictionary_file(DEFAULT_USER_DICT) == built
    assert not [p for p in built.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_changed_lexicon_gets_its_own_file(tmp_path: Path) -> None:
    lexicon = tmp_path / "units.txt"
    lexicon.write_text("江州市数据资源管理局 2000 nt\n", encoding="utf-8")
    first = dictionary_key(lexicon)
    assert first == dictionary_key(lexicon)
    lexicon.write_text("江州市数据资源管理局 2000 nt\n江州市大数据中心 2000 nt\n", encoding="utf-8")
    assert dictionary_key(lexicon) != first
    assert dictionary_key(None) not in {first, dictionary_key(lexicon)}


def test_falls_back_to_the_temporary_folder(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(segment.CACHE_ENV, str(blocked / "duban"))
    monkeypatch.setattr(segment.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    lexicon = tmp_path / "units.txt"
    lexicon.write_text("江州市数据资源管理局 2000 nt\n", encoding="utf-8")
    path = dictionary_file(lexicon)
    assert path is not None and path.parent.parent == tmp_path / "tmp"
    entries, _ = load_dictionary(path)
    assert entries["江州市数据资源管理局"] == 2000


def test_processes_building_at_once_leave_one_whole_file(tmp_path: Path) -> None:
    lexicon = tmp_path / "units.txt"
    lexicon.write_text("江州市数据资源管理局 2000 nt\n", encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from duban.index.segment import dictionary_file; "
        "print(dictionary_file(Path(sys.argv[1])))"
    )
    env = {**os.environ, segment.CACHE_ENV: str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(lexicon)], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    paths = {run.communicate(timeout=300)[0].strip() for run in runs}
    assert all(run.returncode == 0 for run in runs)
    assert len(paths) == 1
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [Path(paths.pop()).name]


def test_bulk_reading_takes_over_with_the_same_tokens(
    built: Path, reference: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(segment.CACHE_ENV, str(built.parent))
    monkeypatch.setattr(segment, "BULK_AFTER_CHARS", 60)
    segmenter = CachedSegmenter(DEFAULT_USER_DICT)
    for text in TEXTS:
        expected = list(reference.tokenize(text, "search", HMM=False))
        assert segmenter.tokenize_search(text) == expected
    assert segmenter._bulk is not None and segmenter._lazy is not None


def test_reading_the_whole_dictionary_up_front_gives_the_same_tokens(
    built: Path, reference: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the ingest's fork server does before it forks its workers: no text segmented yet, no
    file lookups opened (a connection must not cross a fork), and the tokens are jieba's."""
    monkeypatch.setenv(segment.CACHE_ENV, str(built.parent))
    segmenter = CachedSegmenter(DEFAULT_USER_DICT)
    segmenter.load_bulk()
    assert segmenter._bulk is not None and segmenter._lazy is None
    loaded = segmenter._bulk
    for text in TEXTS[:3]:
        expected = list(reference.tokenize(text, "search", HMM=False))
        assert segmenter.tokenize_search(text) == expected
    segmenter.load_bulk()
    assert segmenter._bulk is loaded and segmenter._lazy is None, "read once, kept"


def test_a_query_neither_imports_jieba_nor_reads_the_whole_dictionary(built: Path) -> None:
    code = (
        "import sys; from duban.index.analysis import Analyzer; from duban.index import segment; "
        "calls = []; segment.load_dictionary = lambda path: calls.append(path); "
        "terms = Analyzer().parse_query('市财政局 缓缴社保').terms; "
        "print('jieba' in sys.modules, calls, [t.words for t in terms])"
    )
    env = {**os.environ, segment.CACHE_ENV: str(built.parent), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    imported, calls, _ = out.stdout.split(" ", 2)
    assert (imported, calls) == ("False", "[]"), out.stdout


def test_analyzer_words_are_jiebas(built: Path, reference: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(segment.CACHE_ENV, str(built.parent))
    analyzer = Analyzer()
    for text in TEXTS:
        folded = fold(text)
        expected = [w for w in reference.lcut_for_search(folded, HMM=False) if re.search(r"[^\W_]", w)]
        assert analyzer.words(folded) == expected
