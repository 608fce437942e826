"""Cross-check throughput over an index of generated documents (default 10,000).

    .venv/bin/python benchmarks/bench_crosscheck.py [--docs 10000] [--index PATH] [--memory]

A fifth of the documents are directives (通知 with 文号 and five measures with 牵头单位 and 完成时限);
the rest are minutes and reports that relay one of them by number (in `[ ]` or `( )`), by title
(with or without `关于`/`的通知` or the issuer), relay a look-alike from another issuer, or relay a
directive that is not indexed, and paraphrase two of its measures, some with progress. The run
writes them to a SQLite index, then times what `check_store` does (read every document, link,
match measures, store every status) and checks the links against what was generated. `--memory`
skips the index and times the cross-check over the records alone.

    .venv/bin/python benchmarks/bench_crosscheck.py --real ../shared/corpus/real [--limit N]

`--real` runs over the real corpus instead: every document extracted (timed), then the cross-check
(timed, with the embedding time reported apart), and the links compared with the corpus's
`pairs.jsonl.gz` (relations found by matching quoted titles): how many of those are linked, how many
links are not among them, and twenty of those printed to look at. `--cache FILE` keeps the extracted
records, so a second run times the cross-check alone; `--links FILE` writes every link not among them
(titles, dates, evidence) to judge a sample by hand.

Figures (2 shared cores, load 3-7 from other jobs, rules only, no embedding model installed):
- Issue 10 (link precision, cached records): cross-check 170 s CPU, peak RSS 1.8 GB; 4,435 of the
  4,602 known relations linked, 295 links not among them (101 content, 79 title_loose, 115 title;
  682 before amending verbs, reviewed lists and undated read-outs were read). Judged samples are in
  the CHANGELOG.
- Issue 10, series filter (cached records): cross-check 174 s CPU; 4,435 linked, 287 not among them
  (content 93; the 8 dropped are issues of one series linked to the last).
- Latest (idle machine, stop 32): full corpus, extraction 66 s, cross-check 182 s wall (257 s CPU),
  4,451 of the 4,602 known relations linked, 759 links not among them (644 content, 115 title);
  1,500 / 3,000 documents 29 / 70 s. Peak RSS of this script 3.8 GB (it holds the records twice);
  `duban crosscheck --save` on an index of the whole corpus 3:18 and 2.97 GB.
- full corpus, 5,864 documents: extraction 1,586 s; cross-check 1,549 s; 4,105 of the 4,602 known
  relations linked (89 %); 479 links not among them (272 by title, 207 by content). Of the first
  twenty printed, most are central read-outs sharing a long formula with another read-out of the
  same session or a study session (content), and read-outs titled `…审议《X》` keyed by the title
  they quote (title).
- Same corpus and cached records (extracted by an earlier version), after head keys, quoted-title
  scan, `中华人民共和国` folding and the matrix-product matching: cross-check 1,775 s wall under load
  5-8 (746 s CPU), no embedding; 4,220 of 4,602 known relations linked; 488 links not among them
  (281 title, 207 content). The first twenty printed are the same kinds as before (content: read-outs
  sharing a session's formula; title: read-outs whose cached title is a byline). On the 1,500 sample,
  CPU 87.5 s (main) -> 68.3 s; known linked 231 -> 242 of 256; the title links added outside them
  quote a national law without its state prefix (`《国家赔偿法》`), which the corpus's exact title
  matching did not count.
- 1,500-document sample (`--limit 1500`): known relations linked 63 -> 230 of 256, title links not
  among them 31 -> 2, content links not among them 30 -> 6 (DF table, statute/implementing-rule
  genres, news items not keyed by the title they quote, opening-line keys for statutes).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duban.base.stored import StoredDocument  # noqa: E402
from duban.index import open_store  # noqa: E402
from duban.pipeline.status import check, save_statuses  # noqa: E402

CITIES = ["江临", "青川", "南屏", "东岚", "西坪", "北滨", "安澜", "临溪", "云台", "石泉", "永宁", "长汀"]
TOPICS = [
    "城市内涝治理",
    "农村人居环境整治",
    "优化营商环境",
    "安全生产隐患排查",
    "秸秆禁烧",
    "森林防火",
    "河湖长制",
    "燃气安全整治",
    "校园食品安全",
    "老旧小区改造",
    "就业创业服务",
    "养老服务体系建设",
    "耕地保护",
    "扬尘污染防治",
    "数字政府建设",
    "招商引资",
    "文明城市创建",
    "社会救助",
    "防汛抗旱",
    "疫苗接种",
]
VERBS = ["进一步做好", "切实加强", "深入推进", "全面开展", "扎实做好", "加快推进"]
SUFFIX = ["工作", "专项行动", "三年行动", "重点工作", "攻坚行动"]
UNITS = [
    "市财政局",
    "市水务局",
    "市住房城乡建设局",
    "市应急管理局",
    "市农业农村局",
    "市市场监管局",
    "市生态环境局",
    "市教育局",
    "市民政局",
    "市自然资源和规划局",
    "市人力资源社会保障局",
    "市卫生健康委",
]
ACTIONS = [
    ("全面排查", "风险隐患", "建立问题清单并逐项销号"),
    ("加快建设", "基础设施", "新建改造项目{n}个"),
    ("落实", "资金保障", "安排专项资金{n}万元"),
    ("建立", "信息共享机制", "实现数据互联互通"),
    ("组织开展", "应急演练", "每季度至少开展一次"),
    ("完善", "考核评价办法", "纳入年度绩效考核"),
    ("强化", "执法检查", "查处违法违规行为{n}起以上"),
    ("推广", "网上办理", "网上办理率达到{n}%以上"),
]


def _measure(rng: random.Random, year: int, ordinal: int, topic: str) -> tuple[str, dict[str, Any]]:
    verb, obj, detail = rng.choice(ACTIONS)
    lead, co = rng.sample(UNITS, 2)
    month = rng.randint(3, 12)
    text = (
        f"{'一二三四五'[ordinal]}、{verb}{topic}{obj}。{detail.format(n=rng.randint(10, 99))}。"
        f"牵头单位：{lead}；配合单位：{co}；完成时限：{year}年{month}月底前。"
    )
    due = f"{year}-{month:02d}-28"
    return text, {
        "units": [{"name": lead, "role": "lead"}, {"name": co, "role": "co"}],
        "deadlines": [{"text": f"{year}年{month}月底前", "kind": "absolute", "due": due}],
    }


def make_directive(rng: random.Random, i: int) -> dict[str, Any]:
    city, topic = rng.choice(CITIES), rng.choice(TOPICS)
    year = rng.randint(2019, 2024)
    title = f"{city}市人民政府办公室关于{rng.choice(VERBS)}{topic}{rng.choice(SUFFIX)}{i}的通知"
    number = f"{city[0]}政办发〔{year}〕{i}号"
    text = f"{title}\n\n{number}\n\n各区人民政府，市政府各部门：\n现就有关事项通知如下：\n"
    measures = []
    for ordinal in range(5):
        body, fields = _measure(rng, year, ordinal, topic)
        measures.append({"text": body, "start": len(text), "end": len(text) + len(body), "page": 1, **fields})
        text += body + "\n"
    text += f"\n{city}市人民政府办公室\n{year}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日\n"
    return {
        "source": f"gen/directive-{i}.txt",
        "doc_id": f"dir{i}",
        "text": text,
        "doc": {
            "title": title,
            "kind": "policy",
            "doc_number": number,
            "issuer": f"{city}市人民政府办公室",
            "date": f"{year}-03-01",
        },
        "measures": measures,
        "relays": [],
        "progress": [],
    }


def make_follower(rng: random.Random, i: int, directive: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """A follower and the doc_id it truly relays (None for look-alikes and unindexed directives)."""
    meta = directive["doc"]
    unit = rng.choice(UNITS)
    style = rng.random()
    number: str | None = None
    truth: str | None = directive["doc_id"]
    title = meta["title"]
    if style < 0.35:
        number = meta["doc_number"].replace("〔", "[").replace("〕", "]")
    elif style < 0.5:
        number = meta["doc_number"].replace("〔", "(").replace("〕", ")")
    elif style < 0.65:
        title = title.split("关于", 1)[1]
    elif style < 0.8:
        title = "市政府办公室关于" + title.split("关于", 1)[1].removesuffix("的通知")
    elif style < 0.9:
        title = "省人民政府办公厅关于" + title.split("关于", 1)[1]
        truth = None
    else:
        title = title.replace("的通知", f"实施期限等问题{i}的通知")
        truth = None
    report = rng.random() < 0.4
    head = f"{unit}关于有关工作落实情况的报告" if report else f"{unit}党组会议纪要"
    quoted = f"《{title}》" + (f"（{number}）" if number else "")
    text = f"{head}\n\n会议传达学习了"
    start = len(text)
    text += quoted + "精神。\n"
    relay = {
        "title": title,
        "doc_number": number,
        "text": quoted,
        "start": start,
        "end": start + len(quoted),
        "page": 1,
    }
    progress = []
    for measure in rng.sample(directive["measures"], 2):
        body = measure["text"].split("。")[0].split("、", 1)[1]
        if report and rng.random() < 0.5:
            line = f"关于{body}，截至目前已完成年度任务。"
            progress.append(
                {
                    "text": line,
                    "status": "done",
                    "start": len(text),
                    "end": len(text) + len(line),
                    "page": 1,
                    "figures": [],
                }
            )
        else:
            line = f"会议要求，要{body}，确保按期完成。"
        text += line + "\n"
    kind = "report" if report else "minutes"
    record = {
        "source": f"gen/follower-{i}.txt",
        "doc_id": f"fol{i}",
        "text": text,
        "doc": {
            "title": head,
            "kind": kind,
            "doc_number": None,
            "issuer": unit,
            "date": directive["doc"]["date"][:4] + "-06-01",
        },
        "measures": [],
        "relays": [relay],
        "progress": progress,
    }
    return record, truth


def generate(total: int, seed: int = 7) -> tuple[list[dict[str, Any]], dict[str, str | None]]:
    rng = random.Random(seed)
    directives = [make_directive(rng, i) for i in range(total // 5)]
    followers: list[dict[str, Any]] = []
    truth: dict[str, str | None] = {}
    for i in range(total - len(directives)):
        record, target = make_follower(rng, i, rng.choice(directives))
        followers.append(record)
        truth[record["doc_id"]] = target
    return directives + followers, truth


def _score(links: list[Any], truth: dict[str, str | None]) -> str:
    found = {(link.follower.doc_id, link.directive.doc_id) for link in links if link.directive.doc_id}
    gold = {(f, d) for f, d in truth.items() if d}
    tp = len(found & gold)
    return f"links: {tp} right, {len(found - gold)} wrong, {len(gold - found)} missed of {len(gold)}"


def _peak() -> str:
    """The process's peak resident memory so far (extraction and records included)."""
    return f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GB"


def _unlisted_json(link: Any, docs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One link the corpus does not list, with what a reader needs to judge it by hand."""
    directive, follower = docs.get(str(link.directive.doc_id), {}), docs.get(str(link.follower.doc_id), {})
    return {
        "directive": link.directive.doc_id,
        "follower": link.follower.doc_id,
        "via": link.via,
        "relation": link.relation,
        "directive_title": directive.get("title"),
        "directive_kind": directive.get("kind"),
        "directive_date": directive.get("date"),
        "follower_title": follower.get("title"),
        "follower_kind": follower.get("kind"),
        "follower_date": follower.get("date"),
        "quoted_title": link.quoted_title,
        "evidence": link.evidence,
        "passages": list(link.passages),
        "score": link.content.score if link.content else None,
    }


def bench_real(
    folder: Path, limit: int | None, seed: int = 7, cache: Path | None = None, dump: Path | None = None
) -> None:
    """Extract and cross-check the real corpus (or a random `limit` of it) and compare the links.

    With `cache`, the extracted records are written there (gzipped JSON Lines) on the first run and
    read back on later ones, so the cross-check can be timed and compared without re-extracting.
    With `dump`, every link the corpus does not list is written there (JSON Lines, titles, dates
    and evidence included) so that a sample can be judged by hand.
    """
    import gzip
    import json

    from duban.base.model import RawDocument, RawPage
    from duban.extractors.registry import get_extractors
    from duban.pipeline import crosscheck_embed
    from duban.pipeline.extract import build_document, extract_document

    with gzip.open(folder / "docs.jsonl.gz", "rt", encoding="utf-8") as lines:
        docs = [json.loads(line) for line in lines if line.strip()]
    if limit is not None and limit < len(docs):
        docs = random.Random(seed).sample(docs, limit)
    started = time.perf_counter()
    records: list[dict[str, Any]] = []
    if cache is not None and cache.is_file():
        with gzip.open(cache, "rt", encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
        print(f"read {len(records)} extracted documents from {cache}")
    else:
        extractors = get_extractors(("rules",))
        for doc in docs:
            raw = RawDocument(source=doc["id"], format="text", pages=[RawPage(1, doc["text"], "text")])
            built = extract_document(build_document(raw, doc["id"]), extractors)
            records.append({**built.to_json(include_text=True), "doc_id": doc["id"]})
        extracted = time.perf_counter() - started
        chars = sum(len(d["text"]) for d in docs)
        print(f"extracted {len(records)} documents ({chars / 1e6:.1f} M characters) in {extracted:.0f} s")
        if cache is not None:
            with gzip.open(cache, "wt", encoding="utf-8") as out:
                for record in records:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    stored = [StoredDocument.from_json(r) for r in records]
    started, cpu = time.perf_counter(), time.process_time()
    result = check(stored, "2026-12-31")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    stats = crosscheck_embed.STATS
    print(
        f"cross-check: {elapsed:.1f} s ({cpu:.1f} s CPU), of which embedding {stats['seconds']:.1f} s "
        f"({stats['embedded']} sentences embedded, {stats['cached']} from the cache); {_peak()}"
    )
    kept = {d["id"] for d in docs}
    with gzip.open(folder / "pairs.jsonl.gz", "rt", encoding="utf-8") as lines:
        pairs = [json.loads(line) for line in lines if line.strip()]
    gold = {
        (p["directive"], p["follower"]): p for p in pairs if p["directive"] in kept and p["follower"] in kept
    }
    links = [
        link for link in result.links() if link.resolved and link.directive.doc_id != link.follower.doc_id
    ]
    found = {(str(link.directive.doc_id), str(link.follower.doc_id)): link for link in links}
    hit = found.keys() & gold.keys()
    print(f"relations in the corpus among these documents: {len(gold)}; linked: {len(hit)}")
    by_via: dict[str, int] = {}
    for key, link in found.items():
        if key not in gold:
            by_via[link.via] = by_via.get(link.via, 0) + 1
    print(f"links not among them: {len(found) - len(hit)} (by how they were made: {by_via})")
    titles = {d["id"]: d.get("title") for d in docs}
    for key in sorted(found.keys() - gold.keys())[:20]:
        link = found[key]
        print(f"  {key[1]} -> {key[0]} via {link.via}: {titles.get(key[0])!s:.40} | {link.evidence[:60]!r}")
    if dump is not None:
        by_id = {d["id"]: d for d in docs}
        with open(dump, "w", encoding="utf-8") as out:
            for key in sorted(found.keys() - gold.keys()):
                out.write(json.dumps(_unlisted_json(found[key], by_id), ensure_ascii=False) + "\n")
        print(f"links not among them written to {dump}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--real", type=Path, help="Run over a real corpus folder (docs.jsonl.gz, pairs.jsonl.gz)."
    )
    parser.add_argument("--limit", type=int, help="With --real: a random sample of this many documents.")
    parser.add_argument(
        "--cache", type=Path, help="With --real: extracted records kept in (or read from) this file."
    )
    parser.add_argument(
        "--links", type=Path, help="With --real: write every link the corpus does not list (JSON Lines)."
    )
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--index", type=Path, help="SQLite file to build (default: a temporary one).")
    parser.add_argument("--memory", action="store_true", help="Cross-check the records without an index.")
    args = parser.parse_args()
    if args.real:
        bench_real(args.real, args.limit, cache=args.cache, dump=args.links)
        return
    records, truth = generate(args.docs)
    print(f"generated {len(records)} documents ({args.docs // 5} directives)")
    if args.memory:
        started, cpu = time.perf_counter(), time.process_time()
        result = check([StoredDocument.from_json(r) for r in records], "2023-12-31")
        print(
            f"cross-check in memory: {time.perf_counter() - started:.2f} s ({time.process_time() - cpu:.2f} s CPU)"
        )
        print(_score(list(result.links()), truth))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.index or Path(tmp) / "bench.db"
        path.unlink(missing_ok=True)
        with open_store(f"sqlite:///{path}") as store:
            started = time.perf_counter()
            store.write_many((r, r["doc_id"]) for r in records)
            print(f"indexed in {time.perf_counter() - started:.2f} s")
            started, cpu = time.perf_counter(), time.process_time()
            stored = list(store.iter_documents())
            read = time.perf_counter() - started
            result = check(stored, "2023-12-31")
            checked = time.perf_counter() - started
            written = save_statuses(store, result)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(
            f"cross-check over the index: {elapsed:.2f} s ({cpu:.2f} s CPU) = read {read:.2f} s"
            f" + link and match {checked - read:.2f} s + store {written} statuses {elapsed - checked:.2f} s"
        )
        print(_score(list(result.links()), truth))


if __name__ == "__main__":
    main()
