"""Fuzzing the text side with hypothesis: decoding, HTML, normalisation and the rule extractors.

Each property has a per-example deadline (a slow example is a failure: the issue's quadratic
inputs were found this way) and a fixed, derandomised budget so CI spends a few seconds here and
gets the same examples every run. Texts are drawn from the characters policy documents are made
of (CJK, full-width punctuation, numbering, digits, Latin, tags and the odd control character).
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.base.errors import DubanError
from duban.base.model import RawDocument, RawPage
from duban.pipeline.extract import build_document, cached_extractors, extract_document
from duban.pipeline.loaders.text import decode_with_warnings, html_to_text
from duban.pipeline.normalize import normalise

FAST = settings(
    max_examples=150,
    deadline=timedelta(milliseconds=500),
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
EXTRACT = settings(
    max_examples=40,
    deadline=timedelta(seconds=3),
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

_PIECES = [
    "一、",
    "（二）",
    "3.",
    "第一条",
    "要",
    "负责",
    "牵头",
    "配合",
    "市发展改革委",
    "各区人民政府",
    "于2024年6月底前",
    "每季度",
    "完成",
    "落实",
    "。",
    "；",
    "，",
    "：",
    "\n",
    "\n\n",
    "　",
    " ",
    "《关于加强安全生产工作的意见》",
    "〔2023〕5号",
    "（",
    "）",
    "<p>",
    "</p>",
    "<a ",
    "<br>",
    "&amp;",
    "&#",
    "\x00",
    "\ufeff",
    "\u200b",
    "A",
    "1",
    "十二",
    "年",
    "月",
    "日",
]
policy_text = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(min_size=1, max_size=4)), max_size=120
).map("".join)


@FAST
@given(st.binary(max_size=2000))
def test_decoding_any_bytes_gives_text_or_a_catalogued_error(data: bytes) -> None:
    try:
        text, warnings = decode_with_warnings(data, "fuzz.txt")
    except DubanError as exc:
        assert exc.code in ("E002", "E004")
        return
    assert isinstance(text, str) and all(isinstance(w, str) for w in warnings)


@FAST
@given(policy_text.map(lambda t: t.replace("\x00", "").lstrip("\ufeff")).filter(bool))
def test_utf8_and_utf16_with_a_bom_round_trip(text: str) -> None:
    for codec in ("utf-8", "utf-16", "utf-8-sig"):
        decoded, warnings = decode_with_warnings(text.encode(codec), "fuzz.txt")
        assert (decoded, warnings) == (text, [])


@FAST
@given(st.one_of(policy_text, st.text(max_size=3000)))
def test_html_to_text_never_grows_tags(markup: str) -> None:
    text = html_to_text(markup)
    assert isinstance(text, str)
    assert "<p>" not in text and "<br>" not in text


@FAST
@given(policy_text)
def test_normalisation_keeps_an_offset_for_every_character(text: str) -> None:
    norm = normalise(RawDocument(source="fuzz", format="text", pages=[RawPage(1, text, "text")]))
    assert len(norm.offsets) == len(norm.text)
    assert all(0 <= offset <= len(text) for offset in norm.offsets)


@EXTRACT
@given(policy_text)
def test_extractors_on_any_text_keep_their_spans(text: str) -> None:
    raw = RawDocument(source="fuzz", format="text", pages=[RawPage(1, text, "text")])
    doc = extract_document(build_document(raw, "fuzz"), cached_extractors(("rules",)))
    for measure in doc.measures:
        assert doc.text[measure.start : measure.end] == measure.text
        assert measure.provenance
        for unit in measure.units:
            assert doc.text[unit.start : unit.end] == unit.name
