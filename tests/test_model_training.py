"""Training on real gold: segments labelled by the scorer's rule, folds by document, vectors,
and a `duban train` that writes only where it is told. Texts are written for these tests."""

from __future__ import annotations

import dataclasses
import gzip
import json
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.extractors.training.crossval import folds
from duban.extractors.training.real_gold import gold_samples
from duban.extractors.training.vectors import cooccurrence, ppmi_svd

DOC = (
    "关于做好秋季防火工作的通知\n"
    "一、工作任务\n"
    "（一）开展隐患排查。各乡镇要于10月底前完成林区隐患排查。（牵头单位：县应急管理局）\n"
    "（二）加强宣传教育。县林业局负责制作宣传材料，做好入户宣传。\n"
    "二、工作要求\n"
    "近年来，我县森林防火形势总体平稳。\n"
    "请各单位高度重视，认真抓好落实。\n"
)


def _corpus(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "T1.txt").write_text(DOC, encoding="utf-8")
    gold = {
        "id": "T1",
        "measures": [
            {
                "text": "（一）开展隐患排查。各乡镇要于10月底前完成林区隐患排查。（牵头单位：县应急管理局）",
                "required": True,
                "units": ["县应急管理局", "各乡镇"],
                "units_optional": [],
                "deadlines": ["10月底前"],
                "deadlines_optional": [],
            },
            {
                "text": "（二）加强宣传教育。县林业局负责制作宣传材料，做好入户宣传。",
                "required": True,
                "units": ["县林业局"],
                "units_optional": [],
                "deadlines": [],
                "deadlines_optional": [],
            },
            {
                "text": "请各单位高度重视，认真抓好落实。",
                "required": False,
                "units": [],
                "units_optional": ["各单位"],
                "deadlines": [],
                "deadlines_optional": [],
            },
        ],
    }
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    return tmp_path


def test_gold_segments_follow_the_scorers_rule(tmp_path: Path) -> None:
    samples = gold_samples(_corpus(tmp_path))
    by_text = {s.text: s for s in samples}
    first = next(s for s in samples if s.text.startswith("（一）"))
    assert first.measure and first.doc_id == "T1"
    labelled = {(first.text[a:b], lab) for a, b, lab in first.spans}
    assert labelled == {("县应急管理局", "UNIT"), ("各乡镇", "UNIT"), ("10月底前", "DEADLINE")}
    assert next(s for s in samples if s.text.startswith("（二）")).measure
    assert not by_text["近年来，我县森林防火形势总体平稳。"].measure
    # an optional gold measure is neither taught as a measure nor as a non-measure
    assert all("抓好落实" not in s.text for s in samples)


def test_folds_split_documents_evenly_and_stably() -> None:
    ids = [f"D{i:02d}" for i in range(23)]
    split = folds(ids, 5)
    assert sorted(d for f in split for d in f) == ids
    assert {len(f) for f in split} <= {4, 5}
    assert split == folds(list(reversed(ids)), 5)


def test_crossval_seed_changes_the_training_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from duban.extractors.training import crossval

    calls: list[tuple[int, list[str], Path]] = []

    def fake_train(train: list, out: Path, seed: int, epochs: int, vectors: Path | None) -> dict:
        calls.append((seed, [s.text for s in train], out))
        return {"train_segments": len(train), "seconds": 0.0}

    monkeypatch.setattr(crossval, "train_pipeline", fake_train)
    corpus = _corpus(tmp_path / "c")
    first = crossval.train_folds(corpus, 1, tmp_path / "a", generated=8)
    second = crossval.train_folds(corpus, 1, tmp_path / "b", generated=8, seed=7)
    assert first[0] == second[0]  # the same folds
    assert [c[0] for c in calls] == [crossval.SEED, 7]
    assert calls[0][1] == calls[1][1] and len(calls[0][1]) > 0  # the same generated segments


def test_vectors_put_words_of_the_same_contexts_together() -> None:
    # two families of words that share contexts with their own family only
    rng = np.random.default_rng(1)
    lines = []
    for _ in range(400):
        family = rng.integers(2)
        lines.append([int(x) for x in rng.choice(4, 6) + 4 * family])
    vectors = ppmi_svd(cooccurrence(lines, 8, 2), 2)
    assert vectors.shape == (8, 2)
    same = float(vectors[0] @ vectors[1])
    other = float(vectors[0] @ vectors[5])
    assert same > other


def test_cooccurrence_stops_at_line_ends() -> None:
    counts = cooccurrence([[0, 1], [2, 3]], 4, 3)
    assert counts[1, 2] == 0 and counts[0, 1] == 1 and counts[0, 0] == 0


def test_train_needs_an_output_folder() -> None:
    from duban.pipeline.cli import app

    result = CliRunner().invoke(app, ["train"])
    assert result.exit_code != 0
    assert "--out" in result.output


def test_the_package_ships_without_the_training_code() -> None:
    """The wheel takes the packages pyproject names; training is development code left out."""
    import tomllib

    from setuptools import find_packages

    root = Path(__file__).resolve().parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    found = config["tool"]["setuptools"]["packages"]["find"]
    shipped = set(find_packages(str(root), include=found["include"], exclude=found.get("exclude", [])))
    assert "duban.extractors" in shipped and "duban.pipeline.loaders" in shipped
    assert not any(name.startswith("duban.extractors.training") for name in shipped)


def test_train_says_where_training_runs_when_it_is_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duban.pipeline.cli import app

    # As in an installed wheel: the training package cannot be imported.
    monkeypatch.setitem(sys.modules, "duban.extractors.training.generate", None)
    result = CliRunner().invoke(app, ["train", "--out", str(tmp_path / "m")])
    # `main()` prints a DubanError's code, message and hint to the user.
    error = result.exception
    assert isinstance(error, DubanError) and error.code == "E062" and "make train" in error.hint
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_training_on_gold_writes_where_it_is_told(tmp_path: Path) -> None:
    from duban.extractors.spacy_extractor import MODEL_DIR, load_model
    from duban.extractors.training.train import train_model

    before = (MODEL_DIR / "training.json").read_bytes()
    facts = train_model(tmp_path / "m", gold=_corpus(tmp_path / "c"), generated=60, seed=1, epochs=1)
    assert facts["gold_documents"] == 1 and facts["generated_segments"] > 0
    assert (MODEL_DIR / "training.json").read_bytes() == before
    assert load_model(str(tmp_path / "m"))("县林业局要于6月底前完成清理。").cats


def test_vector_tokens_come_from_the_models_tokenizer(tmp_path: Path) -> None:
    from duban.extractors.training.vectors import token_lines

    corpus = tmp_path / "docs.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "县林业局 要加强巡查。\n\n做好宣传。"}, ensure_ascii=False) + "\n")
    lines = list(token_lines(corpus))
    assert len(lines) == 2 and all(t.strip() for line in lines for t in line)
    assert "".join(lines[0]) == "县林业局要加强巡查。"


def test_tokenised_corpus_is_cut_once_and_read_back(tmp_path: Path) -> None:
    from duban.extractors.training.vectors import tokenised

    corpus = tmp_path / "docs.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "县林业局要加强巡查。\n做好宣传。"}, ensure_ascii=False) + "\n")
    tokens = tmp_path / "tok" / "tokens.txt"
    first = list(tokenised(corpus, tokens))
    assert tokens.exists() and first == list(tokenised(corpus))
    corpus.unlink()  # the second reading needs only the token file
    assert list(tokenised(corpus, tokens)) == first


def test_floret_vectors_give_unseen_names_a_vector_from_their_characters(tmp_path: Path) -> None:
    import spacy

    from duban.extractors.training.vectors import build_floret

    tokens = tmp_path / "tokens.txt"
    units = ["县林业局", "县财政局", "县教育局", "市林业局", "市财政局", "镇政府", "乡政府"]
    dates = ["6月底前", "9月底前", "年底前", "10月底前"]
    rng = np.random.default_rng(3)
    lines = [
        f"{rng.choice(units)} 要 于 {rng.choice(dates)} 完成 {rng.choice(['巡查', '清理', '整改'])} 。"
        for _ in range(3000)
    ]
    tokens.write_text("\n".join(lines) + "\n", encoding="utf-8")
    facts = build_floret(
        tmp_path / "vec",
        tmp_path / "absent.jsonl.gz",
        buckets=500,
        width=16,
        epochs=5,
        tokens=tokens,
        threads=1,
    )
    assert facts["method"] == "floret" and facts["lines"] == 3000
    vocab = spacy.load(tmp_path / "vec").vocab
    assert vocab.vectors.mode == "floret" and vocab.vectors.shape == (500, 16)

    def cos(a: str, b: str) -> float:
        x, y = vocab[a].vector, vocab[b].vector
        return float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y)))

    # a unit the corpus never had sits nearer the units than the deadlines
    assert np.any(vocab["县林草局"].vector)
    assert cos("县林草局", "县林业局") > cos("县林草局", "9月底前")


class _Ent:
    def __init__(self, start: int, end: int, label: str) -> None:
        self.start_char, self.end_char, self.label_ = start, end, label


class _Parsed:
    def __init__(self, text: str) -> None:
        # a stand-in model: `要`/`负责` make a measure; names and bounds it is told about are entities
        self.cats = {"MEASURE": 0.95 if ("要" in text or "负责" in text) else 0.05}
        self.ents = []
        for name, label in (("县水利局", "UNIT"), ("6月底前", "DEADLINE")):
            at = text.find(name)
            if at >= 0:
                self.ents.append(_Ent(at, at + len(name), label))


class _StubNlp:
    def pipe(self, texts: list[str], batch_size: int = 64, **_: object) -> list[_Parsed]:
        return [_Parsed(t) for t in texts]


def _stubbed(**kwargs: object):  # type: ignore[no-untyped-def]
    from dataclasses import dataclass

    from duban.extractors.spacy_extractor import SpacyExtractor

    @dataclass
    class Stubbed(SpacyExtractor):
        @property
        def nlp(self) -> _StubNlp:
            return _StubNlp()

    return Stubbed(**kwargs)  # type: ignore[arg-type]


def _rule(doc, text: str, units: bool = False):  # type: ignore[no-untyped-def]
    from duban.base.model import Measure, Unit

    start = doc.text.index(text)
    found = [Unit("县财政局", start=start, end=start + 4)] if units else []
    return Measure(text, start, start + len(text), 1, units=found, provenance=["rule:test"], confidence=0.8)


def test_veto_withdraws_prose_rule_measures_but_not_items() -> None:
    from duban.extractors.extraction import Extraction
    from tests.conftest import make_doc

    doc = make_doc("（一）完善制度。建立健全工作机制。\n全县防汛形势总体平稳，各项工作有序推进。\n")
    item = _rule(doc, "（一）完善制度。建立健全工作机制。")
    prose = _rule(doc, "全县防汛形势总体平稳，各项工作有序推进。")
    rules = Extraction("rules", [item, prose])
    _stubbed(veto=0.3).extract(doc, (rules,))
    assert rules.measures == [item]
    kept = Extraction("rules", [item, prose])
    _stubbed(veto=0.0).extract(doc, (kept,))
    assert kept.measures == [item, prose]


def test_veto_leaves_a_table_row_whatever_cell_the_rules_read_as_its_task() -> None:
    """The rules may read another cell than the model's segment does as a row's task (the longest,
    where no column is named as the task's): the row is still no prose for the veto."""
    from duban.extractors.extraction import Extraction
    from duban.pipeline.extract import cached_extractors, extract_document
    from tests.conftest import make_doc

    doc = make_doc(
        "序号 | 项目名称 | 具体安排 | 责任单位 | 完成时限\n"
        "1 | 城东幼儿园 | 新建公办幼儿园一所，新增学位三百个 | 县教育局 | 2027年8月底前\n"
        "2 | 城西菜市场 | 改造农贸市场一处，规范摊位两百个 | 县商务局 | 2027年10月底前\n"
    )
    rows = extract_document(doc, cached_extractors(("rules",))).measures
    assert [m.text for m in rows] == [
        "新建公办幼儿园一所，新增学位三百个",
        "改造农贸市场一处，规范摊位两百个",
    ]
    rows = [dataclasses.replace(m, deadlines=[]) for m in rows]  # not spared for a deadline
    rules = Extraction("rules", list(rows))
    _stubbed(veto=0.3, veto_spares_dated=False).extract(doc, (rules,))
    assert rules.measures == rows


def test_veto_spares_dated_prose_when_told() -> None:
    from duban.base.model import Deadline
    from duban.extractors.registry import Extraction
    from tests.conftest import make_doc

    doc = make_doc("全县防汛形势总体平稳。\n汛前检查于5月底前完成，各项工作有序推进。\n")
    plain = _rule(doc, "全县防汛形势总体平稳。")
    dated = _rule(doc, "汛前检查于5月底前完成，各项工作有序推进。")
    dated.deadlines = [Deadline("5月底前", "absolute", dated.start + 5, dated.start + 10)]
    rules = Extraction("rules", [plain, dated])
    _stubbed(veto=0.1, veto_spares_dated=True).extract(doc, (rules,))
    assert rules.measures == [dated]
    rules = Extraction("rules", [plain, dated])
    _stubbed(veto=0.1, veto_spares_dated=False).extract(doc, (rules,))
    assert rules.measures == []


def test_score_gate_takes_measures_without_a_subject_and_carriers_take_deadlines() -> None:
    from duban.extractors.extraction import Extraction
    from tests.conftest import make_doc

    doc = make_doc(
        "加快推进水毁工程修复，县水利局要于6月底前完成验收。\n县财政局负责落实修复资金，6月底前拨付到位。\n"
    )
    rule = _rule(doc, "县财政局负责落实修复资金，6月底前拨付到位。", units=True)
    found = _stubbed(subject_gate=False, carrier_deadlines=True, propose=True, carriers=True).extract(
        doc, (Extraction("rules", [rule]),)
    )
    new = [m for m in found.measures if m.confidence > 0]
    assert [u.name for m in new for u in m.units] == ["县水利局"]
    carrier = next(m for m in found.measures if m.confidence == 0)
    assert (carrier.start, carrier.end, carrier.units) == (rule.start, rule.end, [])
    assert [d.text for d in carrier.deadlines] == ["6月底前"]
    # with the subject gate, a clause the unit does not open (`加快推进…，县水利局要…`) is no proposal
    strict = _stubbed(propose=True, carriers=True).extract(doc, (Extraction("rules", [rule]),))
    assert strict.measures == []
    assert (
        _stubbed(subject_gate=False, propose=False, carriers=False)
        .extract(doc, (Extraction("rules", [rule]),))
        .measures
        == []
    )


def test_unit_lexicon_is_what_build_units_builds_from_its_lists_and_the_shared_ones() -> None:
    import importlib.util

    from duban.extractors.training import lexicons

    folder = Path(lexicons.__file__).resolve().parents[2] / "rules" / "lexicons"
    spec = importlib.util.spec_from_file_location("build_units", folder / "build_units.py")
    assert spec is not None and spec.loader is not None
    build_units = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_units)
    built = build_units.build()
    assert build_units.render(built) == (folder / "units.txt").read_text(encoding="utf-8")
    shared = build_units.shared_names()
    assert shared and all(built[name] == tag for name, tag in shared)
    # every shared name is one the generator draws, and the lexicon's lists do not repeat it
    drawn = {n for kind in ("central", "collective", "roles", "local_bodies") for n in lexicons.names(kind)}
    assert {name for name, _ in shared} <= drawn | set(
        lexicons.RECIPIENTS + lexicons.SPECIAL_BODIES + lexicons.DEV_ZONES + lexicons.PROVINCE_BODIES
    )
    own = set(
        build_units.STATE_COUNCIL + build_units.COLLECTIVES + build_units.ROLES + build_units.SECTOR_DEPTS
    )
    assert not own & {name for name, _ in shared}


def test_generator_word_lists_are_data_with_order_and_repeats() -> None:
    from duban.extractors.training import lexicons

    words = lexicons.words()
    assert words["modals"].count("要") > 1 and "" in words["qualifiers"]
    assert lexicons.CENTRAL[0] == lexicons.names("central")[0] and " " not in "".join(lexicons.CENTRAL)


def test_extractor_defaults_are_the_merge_chosen_by_cross_validation() -> None:
    from duban.extractors.spacy_extractor import SpacyExtractor
    from duban.extractors.training.crossval import SHIPPED

    model = SpacyExtractor()
    chosen = (model.veto, model.propose, model.carriers, model.veto_spares_dated, model.veto_spares_owned)
    assert chosen == (
        SHIPPED.veto,
        SHIPPED.propose,
        SHIPPED.carriers,
        SHIPPED.spares_dated,
        SHIPPED.spares_owned,
    )
    assert (model.subject_gate, model.carrier_deadlines) == (SHIPPED.subject_gate, SHIPPED.carrier_deadlines)
