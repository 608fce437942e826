"""The HanLP adapter: clear errors without the extra or the model, entity mapping through a stand-in,
and (slow, with hanlp installed) a tiny NER model trained here and loaded back the same way."""

from __future__ import annotations

import importlib.util
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest

from duban.base.errors import DubanError
from duban.base.model import Unit
from duban.extractors import hanlp_adapter
from duban.extractors.hanlp_adapter import HanlpExtractor, entities, load_hanlp
from duban.extractors.registry import get_extractors
from duban.extractors.training.generate import Generator
from tests.conftest import make_doc

HAVE_HANLP = importlib.util.find_spec("hanlp") is not None


class _FakeNer:
    """Stands in for a HanLP NER component: tags 区城管执法局 as ORG and 6月底前 as DATE."""

    def __call__(self, batch: list[list[str]]) -> list[list[tuple[str, str, int, int]]]:
        out = []
        for chars in batch:
            text = "".join(chars)
            ents = []
            for word, kind in (("区城管执法局", "ORG"), ("6月底前", "DATE"), ("区政府", "ORG")):
                at = text.find(word)
                if at >= 0:
                    ents.append((word, kind, at, at + len(word)))
            out.append(ents)
        return out


@pytest.fixture
def fake_hanlp(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = types.ModuleType("hanlp")
    module.load = lambda name: _FakeNer()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "hanlp", module)
    load_hanlp.cache_clear()
    yield module
    load_hanlp.cache_clear()


def test_missing_extra_is_a_catalogued_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hanlp", None)
    load_hanlp.cache_clear()
    with pytest.raises(DubanError) as err:
        load_hanlp("anything")
    assert err.value.code == "E061" and "duban[hanlp]" in err.value.hint
    load_hanlp.cache_clear()


def test_unreachable_model_fails_fast_with_a_remedy(fake_hanlp: types.ModuleType) -> None:
    started = time.perf_counter()
    with pytest.raises(DubanError) as err:
        load_hanlp("https://127.0.0.1:9/hanlp/ner.zip", 0.5)
    assert time.perf_counter() - started < 5
    assert err.value.code == "E060" and "DUBAN_HANLP_MODEL" in err.value.hint
    assert "秒内连不上 127.0.0.1" in err.value.message and "本机上的 HanLP 模型文件夹" in err.value.hint


def test_entities_become_subject_units_and_deadlines(fake_hanlp: types.ModuleType, tmp_path: Path) -> None:
    doc = make_doc("区城管执法局要于6月底前完成违法建设清理，并报区政府备案。\n")
    result = HanlpExtractor(model=str(tmp_path)).extract(doc)
    assert len(result.measures) == 1
    m = result.measures[0]
    assert [u.name for u in m.units] == ["区城管执法局"]  # the recipient 区政府 is not responsible
    assert [d.text for d in m.deadlines] == ["6月底前"]
    assert m.confidence == 0.0 and m.provenance == ["model:hanlp"]
    assert entities(_FakeNer(), []) == []


def test_hanlp_candidates_only_add_to_other_measures(
    fake_hanlp: types.ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(hanlp_adapter.MODEL_ENV, str(tmp_path))
    doc = make_doc("区城管执法局于6月底前完成违法建设清理。\n")
    get_extractors(("hanlp",)).run(doc)
    assert doc.measures == []


@pytest.mark.slow
@pytest.mark.skipif(not HAVE_HANLP, reason="hanlp is not installed (pip install 'duban[hanlp]', needs torch)")
def test_tiny_rnn_ner_trains_saves_and_loads_through_the_adapter(tmp_path: Path) -> None:
    from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer

    lines: list[str] = []
    for sample in Generator(3).samples(300):
        if not sample.measure:
            continue
        tags = ["O"] * len(sample.text)
        for start, end, label in sample.spans:
            kind = "ORG" if label == "UNIT" else "DATE"
            tags[start] = f"B-{kind}"
            for i in range(start + 1, end):
                tags[i] = f"I-{kind}"
        lines += [f"{ch}\t{tag}" for ch, tag in zip(sample.text, tags, strict=True) if not ch.isspace()]
        lines.append("")
    data = tmp_path / "train.tsv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    save = tmp_path / "ner"
    ner: Any = RNNNamedEntityRecognizer()
    ner.fit(
        str(data),
        str(data),
        str(save),
        epochs=4,
        embed=32,
        rnn_hidden=32,
        crf=False,
        verbose=False,
        tagging_scheme="BIO",
        batch_size=8,
        lr=0.01,
    )
    load_hanlp.cache_clear()
    text = "市财政局要于6月底前完成专项资金清理。"
    assert entities(load_hanlp(str(save)), [text])[0], "the trained model should tag something"
    doc = make_doc(text + "\n")
    result = HanlpExtractor(model=str(save)).extract(doc)
    assert result.measures and all(m.confidence == 0.0 for m in result.measures)
    for m in result.measures:
        for span in [*m.units, *m.deadlines]:
            assert span.start is not None and doc.text[span.start : span.end] == (
                span.name if isinstance(span, Unit) else span.text
            )
