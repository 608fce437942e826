"""Do deadlines and units hold when a document words them otherwise? Two probes, for reading.

Issue 9: check (67 documents nobody tuned for) sits far below dev on deadlines and units. A rule
tuned to dev reads dev's own wording; these probes ask whether it reads the same bound or body
worded another way, without any text of check:

- `deadlines`: every required dev gold deadline that the finder reads in its gold measure is
  written again in an equivalent form (`6月底前` → `6月末前`, `6月份前`; `前` → `之前`/`以前`; `内` →
  `以内`/`之内`; digits ↔ Chinese numerals; `2020—2022年` → `2020年至2022年`; `每月` → `按月`, `每个月`;
  `年底前` → `年内`, `本年度内`…) in that measure's text, and the finder is asked again. Counted by
  rewording: read / lost, with the lost ones listed.
- `offices`: every office the unit lexicon lists under the plain county level (`县财政局`) is put
  under a named county and a development zone (`新昌县财政局`, `高新区财政局`) in six carrier
  sentences (a subject before its modal, `由X牵头`, `请X会同Y`, a bracket of units, `X负责，Y配合`, a
  list before a modal). Counted by place: read / lost, with the offices lost under a place name.
- `swap`: in each dev gold measure, a required unit the finder reads is replaced by another dev
  unit name (seeded draw, three each); counted read / lost, with the names most often lost.

Figures at stop 56 (dl56), the same before and after its change but for `offices`: deadlines
374 rewordings read, 20 lost (Chinese-numeral years such as `二〇一八年`, `每一年`, a weekday in
digits; all rare in the real corpus: 32 Chinese-numeral years in 5,864 documents, none a bound);
offices under a named county 1,511 read and 97 lost before `units._shadowed_heads` (`财政局`,
`民政局`, `国家安全局`, `大数据中心`, `委财经办`, … each lost in every carrier), 1,578 and 30 after
(`委机要局` and `委统一战线工作部`, read as no name for their `要`/`统一`; `县委、县政府` joined to the
place); swap 3,389 read, 124 lost (mostly a name glued into a shared-head list).

Nothing from the corpus is written into the project; the output is for reading.

Usage: PYTHONPATH=. python benchmarks/probe_rewordings.py [deadlines|offices|swap] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from duban.base.model import RawDocument, RawPage
from duban.base.numerals import DIGITS, cn_digits_to_int
from duban.extractors.deadlines import DeadlineFinder
from duban.extractors.units import UnitFinder
from duban.pipeline.extract import build_document

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
log = logging.getLogger("probe_rewordings")

_CN = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    """A number under 100 in Chinese numerals (`15` → `十五`); larger ones stay digits."""
    if n < 10:
        return _CN[n]
    if n < 100:
        tens = "" if n < 20 else _CN[n // 10]
        return tens + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def _to_chinese(text: str) -> str:
    """Digits as Chinese numerals, a four-digit year digit by digit (`2021年` → `二〇二一年`)."""

    def one(m: re.Match[str]) -> str:
        digits = m.group(0)
        if len(digits) == 4 and text[m.end() : m.end() + 1] == "年":
            return "".join(_CN[int(c)] for c in digits)
        return _cn_number(int(digits))

    return re.sub(r"\d+", one, text)


def _to_digits(text: str) -> str:
    """Chinese numerals as digits (`十五` → `15`, `二〇二一` → `2021`)."""

    def one(m: re.Match[str]) -> str:
        run = m.group(0)
        if "十" not in run:  # digit by digit, leading zeros kept (`〇五` → `05`)
            return "".join(str(DIGITS[c]) for c in run)
        return str(cn_digits_to_int(run))

    return re.sub(r"[〇○零一二两三四五六七八九十]+", one, text)


def _sub(pattern: str, repl: str) -> Callable[[str], str]:
    return lambda text: re.sub(pattern, repl, text)


REWORDINGS: dict[str, Callable[[str], str]] = {
    "汉字数字": _to_chinese,
    "阿拉伯数字": _to_digits,
    "底→末": lambda text: text.replace("底", "末"),
    "前→之前": _sub(r"(?<![之以])前$", "之前"),
    "前→以前": _sub(r"(?<![之以])前$", "以前"),
    "内→以内": _sub(r"(?<![之以])内$", "以内"),
    "内→之内": _sub(r"(?<![之以])内$", "之内"),
    "每→每个": _sub(r"每(月|季度|周|星期)", r"每个\1"),
    "—→-": lambda text: text.replace("—", "-").replace("－", "-"),
    "年—年→年至年": _sub(r"(\d{4})[—－-](\d{4})年", r"\1年至\2年"),
    "年—年→年到年": _sub(r"(\d{4})[—－-](\d{4})年", r"\1年到\2年"),
    "月底前→月份前": _sub(r"(\d+)月底前$", r"\1月份前"),
    "年底前→年内": _sub(r"^年底前$", "年内"),
    "年底前→本年度内": _sub(r"^年底前$", "本年度内"),
    "每年→每年度": _sub(r"^每年$", "每年度"),
    "每年→每一年": _sub(r"^每年$", "每一年"),
    "每月→按月": _sub(r"^每月$", "按月"),
    "每月→逐月": _sub(r"^每月$", "逐月"),
    "每季度→按季度": _sub(r"^每季度$", "按季度"),
}


def _dev() -> tuple[list[dict[str, object]], dict[str, str | None]]:
    """Dev's gold and each document's date as `duban extract` reads it (bounds without a year)."""
    gold = [json.loads(line) for line in (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    dates: dict[str, str | None] = {}
    for item in gold:
        doc_id = str(item["id"])
        raw = RawDocument(
            source=f"{doc_id}.txt",
            format="text",
            pages=[RawPage(1, (DEV / f"{doc_id}.txt").read_text(encoding="utf-8"), "text")],
        )
        dates[doc_id] = build_document(raw, doc_id).meta.date
    return gold, dates


def probe_deadlines() -> None:
    finder = DeadlineFinder.default()
    gold, dates = _dev()
    counts: Counter[tuple[str, bool]] = Counter()
    lost: dict[str, list[tuple[str, str, list[str]]]] = defaultdict(list)
    for item in gold:
        date = dates[str(item["id"])]
        for measure in item["measures"]:  # type: ignore[attr-defined]
            text = measure["text"]
            if not measure.get("required", True):
                continue
            for bound in measure["deadlines"]:
                read = [d.text for d in finder.find(text, doc_date=date)]
                if bound not in text or not any(bound in r or r in bound for r in read):
                    continue  # only bounds read as written are reworded
                for name, reword in REWORDINGS.items():
                    other = reword(bound)
                    if other == bound:
                        continue
                    again = [d.text for d in finder.find(text.replace(bound, other), doc_date=date)]
                    ok = any(other in r or (r in other and 3 * len(r) >= 2 * len(other)) for r in again)
                    counts[(name, ok)] += 1
                    if not ok:
                        lost[name].append((bound, other, again))
    for name in REWORDINGS:
        log.info("%-14s read %4d  lost %3d", name, counts[(name, True)], counts[(name, False)])
    for name, items in lost.items():
        for bound, other, again in items[:8]:
            log.info("  lost %s: %s → %s (read %s)", name, bound, other, again)


_CARRIERS = (
    "{x}要于6月底前完成排查。",
    "由{x}牵头，各乡镇配合。",
    "请{x}会同{y}做好保障工作。",
    "（责任单位：{x}、{y}）",
    "{x}负责，{y}配合。",
    "{x}、{y}要加强协作，确保按期完成。",
)


def probe_offices(seed: int) -> None:
    finder = UnitFinder.default(learned=False)
    rng = random.Random(seed)
    heads = sorted(
        {n[1:] for n in finder.lexicon if n.startswith("县") and len(n) >= 4 and not re.search("[（(]", n)}
    )
    counts: Counter[tuple[str, bool]] = Counter()
    lost: Counter[str] = Counter()
    for head in heads:
        partner = rng.choice(heads)
        for place in ("县", "新昌县", "高新区"):
            x, y = place + head, ("县" if place == "县" else "新昌县") + partner
            for carrier in _CARRIERS:
                ok = x in [u.name for u in finder.find(carrier.format(x=x, y=y))]
                counts[(place, ok)] += 1
                if not ok and place != "县":
                    lost[head] += 1
    for place in ("县", "新昌县", "高新区"):
        log.info("%-6s read %4d  lost %3d", place, counts[(place, True)], counts[(place, False)])
    log.info("lost under a place name: %s", ", ".join(f"{h} {n}" for h, n in lost.most_common(20)))


def probe_swap(seed: int) -> None:
    finder = UnitFinder.default(learned=False)
    rng = random.Random(seed)
    gold, _ = _dev()
    names = sorted(
        {
            u
            for item in gold
            for m in item["measures"]  # type: ignore[attr-defined]
            for u in m["units"]
            if 3 <= len(u) <= 12 and re.fullmatch(r"[\u4e00-\u9fa5]+", u)
        }
    )
    counts: Counter[bool] = Counter()
    lost: Counter[str] = Counter()
    for item in gold:
        for measure in item["measures"]:  # type: ignore[attr-defined]
            text = measure["text"]
            if len(text) > 400:
                continue
            read = [u.name for u in finder.find(text)]
            for unit in measure["units"]:
                if unit not in read or text.count(unit) != 1 or not re.fullmatch(r"[\u4e00-\u9fa5]+", unit):
                    continue
                for other in rng.sample(names, 3):
                    if other == unit or other in text:
                        continue
                    ok = other in [u.name for u in finder.find(text.replace(unit, other))]
                    counts[ok] += 1
                    if not ok:
                        lost[other] += 1
    log.info("read %d  lost %d", counts[True], counts[False])
    log.info("names most often lost: %s", ", ".join(f"{n} {c}" for n, c in lost.most_common(20)))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("probe", choices=("deadlines", "offices", "swap"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.probe == "deadlines":
        probe_deadlines()
    elif args.probe == "offices":
        probe_offices(args.seed)
    else:
        probe_swap(args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
