"""HanLP as an optional extractor: its organisation and date entities as unit and deadline candidates.

Install with `pip install 'duban[hanlp]'` (needs torch). The model is named by `$DUBAN_HANLP_MODEL`:
a local folder saved by HanLP (`component.save` / a `fit` save_dir), or a pretrained name such
as `MSRA_NER_ELECTRA_SMALL_ZH` that HanLP fetches once into `$HANLP_HOME`. HanLP retries its
server for about 25 s when it is unreachable; this adapter probes the server for a few seconds
first and fails with an actionable `DubanError` instead. HanLP's pretrained models are licensed
CC BY-NC-SA (non-commercial): see `extractors/models/README.md`.

HanLP has no measure classifier, so its candidates carry confidence 0: they add units and
deadlines to measures other extractors found (only units that open the clause as its subject),
and are dropped where they merge with nothing.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from duban.base.errors import DubanError, E
from duban.base.model import Deadline, Document, Measure, Unit
from duban.extractors.extraction import Extraction

MODEL_ENV = "DUBAN_HANLP_MODEL"
DEFAULT_MODEL = "MSRA_NER_ELECTRA_SMALL_ZH"
PROVENANCE = "model:hanlp"
PROBE_SECONDS = 3.0
UNIT_TYPES = frozenset({"ORG", "ORGANIZATION", "NT", "GPE.ORG", "ORG.ORG"})
DATE_TYPES = frozenset({"DATE", "TIME", "T", "DURATION"})
_REMEDY = (
    "把环境变量 {env} 设为本机上的 HanLP 模型文件夹；或在能连上 HanLP 模型服务器的机器上下载一次 '{name}'"
    "（python -c \"import hanlp; hanlp.load('{name}')\"），再把 $HANLP_HOME 复制到本机。"
)


def model_name() -> str:
    """The configured HanLP model: `$DUBAN_HANLP_MODEL`, else HanLP's small MSRA NER model."""
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def _import_hanlp() -> Any:
    try:
        import hanlp
    except ImportError as exc:
        raise DubanError(E.EXTRA_MISSING, extra="hanlp") from exc
    return hanlp


def _missing(name: str, detail: str) -> DubanError:
    return DubanError(
        E.MODEL_MISSING, name=name, detail=detail, remedy=_REMEDY.format(env=MODEL_ENV, name=name)
    )


def _resolve(hanlp: Any, name: str) -> str:
    """A pretrained name's URL (HanLP keeps them in `hanlp.pretrained.ALL`), else the name."""
    table = getattr(getattr(hanlp, "pretrained", None), "ALL", None)
    return str(table.get(name, name)) if isinstance(table, dict) else name


def _cached(hanlp: Any, url: str) -> bool:
    """Whether HanLP already holds the download for `url` under $HANLP_HOME."""
    try:
        from hanlp.utils.io_util import path_from_url

        local = Path(path_from_url(url))
    except Exception:
        return False
    return local.exists() or any(local.parent.glob(local.name + "*")) if local.parent.exists() else False


def _probe(url: str, seconds: float) -> str | None:
    """None when the server of `url` accepts a connection within `seconds`, else the reason."""
    parts = urlsplit(url)
    if not parts.hostname:
        return "既不是本机文件夹，也不是已知的预训练模型名或网址"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=seconds):
            return None
    except OSError as exc:
        return f"{seconds:g} 秒内连不上 {parts.hostname}：{exc}"


@cache
def load_hanlp(name: str, probe_seconds: float = PROBE_SECONDS) -> Any:
    """Load a HanLP component once per process, failing fast when it would have to be fetched."""
    hanlp = _import_hanlp()
    if not Path(name).exists():
        url = _resolve(hanlp, name)
        if not _cached(hanlp, url):
            reason = _probe(url, probe_seconds)
            if reason:
                raise _missing(name, reason)
    try:
        return hanlp.load(name)
    except DubanError:
        raise
    except Exception as exc:
        raise _missing(name, f"{type(exc).__name__}: {exc}") from exc


def entities(component: Any, texts: list[str]) -> list[list[tuple[str, str, int, int]]]:
    """(text, type, start, end) per text; HanLP NER reads character lists, offsets are characters."""
    if not texts:
        return []
    out = component([list(t) for t in texts])
    return [[(str(e[0]), str(e[1]).upper(), int(e[2]), int(e[3])) for e in ents] for ents in out]


@dataclass
class HanlpExtractor:
    """Units (ORG) and deadlines (DATE) from a HanLP NER model, added to other extractors' measures."""

    model: str = ""
    name: str = "hanlp"

    def extract(self, doc: Document, earlier: Sequence[Extraction] = ()) -> Extraction:
        from duban.extractors.spacy_extractor import segments_of, subject_units

        component = load_hanlp(self.model or model_name())
        segments = segments_of(doc)
        found = entities(component, [doc.analysis_text[s.start : s.end] for s in segments])
        measures = []
        for seg, ents in zip(segments, found, strict=True):
            units = [
                Unit(
                    doc.text[seg.start + s : seg.start + e],
                    "responsible",
                    seg.start + s,
                    seg.start + e,
                    PROVENANCE,
                )
                for _, kind, s, e in ents
                if kind in UNIT_TYPES
            ]
            units = subject_units(doc.analysis_text, seg, units)
            deadlines = [
                Deadline(
                    doc.text[seg.start + s : seg.start + e],
                    "absolute",
                    seg.start + s,
                    seg.start + e,
                    provenance=PROVENANCE,
                )
                for _, kind, s, e in ents
                if kind in DATE_TYPES
            ]
            if units or deadlines:
                measures.append(
                    Measure(
                        doc.text[seg.text_start : seg.text_end],
                        seg.text_start,
                        seg.text_end,
                        doc.page_at(seg.text_start),
                        units=units,
                        deadlines=deadlines,
                        provenance=[PROVENANCE],
                        confidence=0.0,
                    )
                )
        return Extraction(name=self.name, measures=measures)


def hanlp_extractor() -> HanlpExtractor:
    """The `hanlp` extractor; HanLP is imported and its model loaded on the first document."""
    return HanlpExtractor()
