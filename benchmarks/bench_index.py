"""Index benchmarks (not tests): ingest throughput, index size, query latency, peak memory.

    .venv/bin/python benchmarks/bench_index.py                       # the full run (1,000,000 measures)
    .venv/bin/python benchmarks/bench_index.py --measures 100000     # quicker
    .venv/bin/python benchmarks/bench_index.py --only queries --index http://localhost:9200

All documents are generated here from a small vocabulary (seeded, so runs compare): the ingest
figures go through extraction; the query figures load measures straight through the store's bulk
path (`write_many`), so they measure the index and not the extractors.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import open_store  # noqa: E402
from index.analysis import Analyzer  # noqa: E402
from index.filters import Filters, parse_filters  # noqa: E402
from index.records import with_tokens  # noqa: E402
from index.store import Store  # noqa: E402
from pipeline.ingest import ingest  # noqa: E402

UNITS = [
    "市发展改革委", "市财政局", "市审计局", "市教育局", "市公安局", "市民政局", "市司法局", "市人力资源社会保障局",
    "市自然资源局", "市生态环境局", "市住房城乡建设局", "市交通运输局", "市水务局", "市农业农村局", "市商务局",
    "市文化广电旅游局", "市卫生健康委", "市应急管理局", "市市场监管局", "市统计局", "市医保局", "市城市管理局",
    "市纪委监委", "市委组织部", "市委宣传部", "市委政法委", "各区人民政府", "各镇街", "纪委书记", "各级党委（党组）",
]  # fmt: skip
ACTIONS = [
    "牵头建立", "负责完善", "组织开展", "加快推进", "全面落实", "统筹推进", "督促指导", "认真做好", "研究制定",
    "持续深化", "扎实开展", "健全完善", "严格落实", "分类推进", "集中整治", "定期通报",
]  # fmt: skip
TOPICS = [
    "重点项目月调度机制", "老旧小区改造", "城镇燃气安全排查整治", "专项资金绩效评价", "河湖长制考核",
    "生活垃圾分类", "农村人居环境整治", "营商环境评价", "政务服务一网通办", "安全生产隐患排查",
    "食品安全抽检", "防汛抗旱准备", "基层减负监测", "重大风险防控", "干部作风建设", "信访积案化解",
    "耕地保护督察整改", "公交线路优化方案", "校园安全隐患排查", "医保基金专项检查", "企业开办便利化改革",
    "数字政府建设", "森林防灭火工作", "高标准农田建设", "黑臭水体治理", "中小企业纾困政策",
]  # fmt: skip
CLOSERS = ["工作", "任务", "情况报告", "台账", "工作方案", "长效机制", "责任清单"]
RARE = ["对推进不力的单位开展约谈", "必要时进行函询", "向全会报告履行监督责任情况", "纳入年度考核"]


@dataclass
class Row:
    section: str
    measure: str
    value: str


def synthetic_measure(rng: random.Random, year: int) -> dict[str, Any]:
    """One measure: a unit, an action on a topic, perhaps a second unit, perhaps a deadline."""
    lead, co = rng.sample(UNITS, 2)
    text = f"{lead}{rng.choice(ACTIONS)}{rng.choice(TOPICS)}{rng.choice(CLOSERS)}"
    units = [{"name": lead, "role": "lead" if rng.random() < 0.4 else "responsible"}]
    if rng.random() < 0.4:
        text += f"，{co}配合"
        units.append({"name": co, "role": "co"})
    if rng.random() < 0.05:
        text += f"，{rng.choice(RARE)}"
    deadlines: list[dict[str, Any]] = []
    roll = rng.random()
    if roll < 0.5:
        month = rng.randint(1, 12)
        due = f"{year}-{month:02d}-{[31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]:02d}"
        phrase = f"{year}年{month}月底前"
        text += f"，{phrase}完成"
        deadlines.append({"text": phrase, "kind": "absolute", "due": due})
    elif roll < 0.7:
        text += "，每季度报送一次进展情况"
        deadlines.append({"text": "每季度", "kind": "recurring", "period": "P3M"})
    return {"text": text + "。", "units": units, "deadlines": deadlines}


def synthetic_record(i: int, per_doc: int, seed: int) -> dict[str, Any]:
    """A document record in `Document.to_json(include_text=True)` shape, measures as its lines."""
    rng = random.Random(seed * 1_000_003 + i)
    year = 2019 + i % 6
    title = f"关于印发第{i}号重点工作任务分工方案的通知"
    text = title + "\n"
    measures = []
    for n in range(per_doc):
        measure = synthetic_measure(rng, year)
        start = len(text)
        text += measure["text"] + "\n"
        measures.append({**measure, "start": start, "end": start + len(measure["text"]), "page": 1 + n // 10})
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    return {
        "source": f"synthetic/{i:07d}.txt",
        "doc_id": doc_id,
        "doc": {
            "title": title,
            "kind": ["policy", "minutes", "report"][i % 3],
            "doc_number": f"示政办〔{year}〕{i % 300 + 1}号",
            "issuer": "示范市人民政府办公室",
            "date": f"{year}-{i % 12 + 1:02d}-01",
        },
        "pages": [{"number": 1, "start": 0, "end": len(text), "extractor": "synthetic", "trusted": True}],
        "measures": measures,
        "relays": [],
        "progress": [],
        "text": text,
    }


def write_text_docs(folder: Path, count: int, per_doc: int, seed: int) -> int:
    """Plain-text notices for the ingest benchmarks: numbered tasks as extraction expects them."""
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    numerals = "一二三四五六七八九十"
    for i in range(count):
        record = synthetic_record(i, per_doc, seed)
        lines = [
            record["doc"]["title"],
            f"各区人民政府，市政府各部门：现将第{i}号任务分工方案印发给你们，请认真贯彻执行。",
        ]
        for n, measure in enumerate(record["measures"]):
            lines.append(f"{numerals[n % 10]}、{measure['text']}")
        body = "\n".join(lines) + "\n"
        (folder / f"doc-{i:06d}.txt").write_text(body, encoding="utf-8")
        size += len(body.encode("utf-8"))
    return size


def bench_ingest(workdir: Path, docs: int, seed: int) -> list[Row]:
    folder = workdir / "ingest-docs"
    size = write_text_docs(folder, docs, 12, seed)
    rows = []
    for workers in (1, 2):
        url = f"sqlite:///{workdir}/ingest-{workers}.db"
        started = time.perf_counter()
        report = ingest([folder], index_url=url, workers=workers, progress=False)
        seconds = time.perf_counter() - started
        label = f"ingest {docs} docs, {workers} worker{'s' if workers > 1 else ''}"
        rows.append(Row(label, "documents/s", f"{report.ingested / seconds:.1f}"))
        rows.append(Row(label, "KB/s", f"{size / 1024 / seconds:.1f}"))
        rows.append(Row(label, "failed", str(report.failed)))
    return rows


def tokenized_record(i: int, per_doc: int, seed: int) -> tuple[dict[str, Any], str]:
    """A synthetic record with its tokens attached (run in a pool, as ingest workers do)."""
    record = with_tokens(synthetic_record(i, per_doc, seed), Analyzer())
    return record, record["doc_id"]


def bench_load(store: Store, measures: int, seed: int, workers: int, per_doc: int = 20) -> list[Row]:
    """Fill the index through the bulk path (`write_many`), `workers` processes segmenting."""
    docs = max(1, measures // per_doc)
    console = Console(stderr=True)
    started = time.perf_counter()
    make = partial(tokenized_record, per_doc=per_doc, seed=seed)
    with ProcessPoolExecutor(workers) as pool:
        for first in range(0, docs, 2000):
            store.write_many(pool.map(make, range(first, min(docs, first + 2000)), chunksize=50))
            console.print(f"  {min(docs, first + 2000) * per_doc:,} measures loaded", highlight=False)
    seconds = time.perf_counter() - started
    total = store.count("measures")
    label = f"load {total:,} measures ({workers} segmenting)"
    rows = [
        Row(label, "measures/s (bulk)", f"{total / seconds:,.0f}"),
        Row(label, "seconds", f"{seconds:,.1f}"),
    ]
    path = getattr(store, "path", None)
    if isinstance(path, Path):
        store.close()
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        rows.append(Row(label, "index bytes per measure", f"{size / total:,.0f}"))
        rows.append(Row(label, "index MB", f"{size / 1e6:,.0f}"))
    return rows


def query_mix(rng: random.Random) -> list[tuple[str, Callable[[Store], Any]]]:
    """Named query kinds, each a callable over a store, drawing its terms at random."""
    topic, unit, other = rng.choice(TOPICS), rng.choice(UNITS), rng.choice(TOPICS)
    return [
        ("2-char common", lambda s: s.search("完成")),
        ("2-char substring", lambda s: s.search(topic[1:3])),
        ("rare phrase", lambda s: s.search(rng.choice(["约谈", "函询", "全会报告"]))),
        ("4+ chars", lambda s: s.search(topic)),
        ("two terms", lambda s: s.search(f"{topic[:2]} {other[-2:]}")),
        ("unit filter", lambda s: s.search("", Filters(unit=unit))),
        ("unit+role+text", lambda s: s.search(f"牵头单位:{unit} {topic[:2]}")),
        ("deadline range, sorted", lambda s: s.search("", parse_filters(deadline_after="2021-03", deadline_before="2021-05"), sort="deadline")),
        ("text + deadline sort", lambda s: s.search(topic[-4:], sort="deadline")),
        ("documents", lambda s: s.search(topic, target="documents")),
    ]  # fmt: skip


def bench_queries(store: Store, queries: int, seed: int) -> list[Row]:
    rng = random.Random(seed)
    store.search("预热")
    timings: dict[str, list[float]] = {}
    for _ in range(max(1, queries // len(query_mix(rng)))):
        for name, run in query_mix(rng):
            started = time.perf_counter()
            run(store)
            timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    every = [t for values in timings.values() for t in values]
    rows = [
        Row("queries (all kinds)", "median / p95 ms", f"{statistics.median(every):.1f} / {_p95(every):.1f}")
    ]
    for name, values in timings.items():
        rows.append(
            Row(f"  {name}", "median / p95 ms", f"{statistics.median(values):.1f} / {_p95(values):.1f}")
        )
    return rows


def bench_rss(workdir: Path, docs: int, seed: int) -> list[Row]:
    """Peak resident memory of a whole `duban ingest` of `docs` small documents, in a child process."""
    folder = workdir / "rss-docs"
    write_text_docs(folder, docs, 8, seed)
    db = workdir / "rss.db"
    command = [
        sys.executable,
        "-m",
        "pipeline.cli_index",
        "ingest",
        str(folder),
        "--index",
        str(db),
        "--quiet",
    ]
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    label = f"ingest {docs:,} docs (1 worker)"
    return [
        Row(label, "peak RSS MB", f"{usage.ru_maxrss / 1024:,.0f}"),
        Row(label, "documents/s", f"{docs / seconds:,.1f}"),
        Row(label, "exit status", str(os.waitstatus_to_exitcode(status))),
    ]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--measures", type=int, default=1_000_000, help="Measures in the query index.")
    parser.add_argument("--queries", type=int, default=300, help="Queries to time (spread over the kinds).")
    parser.add_argument("--ingest-docs", type=int, default=1000, help="Documents for the throughput runs.")
    parser.add_argument("--rss-docs", type=int, default=10_000, help="Documents for the peak-memory ingest.")
    parser.add_argument("--index", help="Index URL for the query benchmark (default: a new SQLite file).")
    parser.add_argument(
        "--only", choices=["ingest", "queries", "rss"], action="append", help="Run only these."
    )
    parser.add_argument("--workdir", type=Path, help="Where to write files (default: a temporary folder).")
    parser.add_argument("--load-workers", type=int, default=os.cpu_count() or 1, help="Segmenting processes.")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    only = set(args.only or ["ingest", "queries", "rss"])
    console = Console()
    with tempfile.TemporaryDirectory(prefix="duban-bench-") as temp:
        workdir = args.workdir or Path(temp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows: list[Row] = []
        if "ingest" in only:
            console.print(f"ingest throughput over {args.ingest_docs} generated documents…", highlight=False)
            rows += bench_ingest(workdir, args.ingest_docs, args.seed)
        if "queries" in only:
            url = args.index or f"sqlite:///{workdir}/queries-{args.measures}.db"
            console.print(f"loading {args.measures:,} measures into {url}…", highlight=False)
            store = open_store(url)
            if store.count("measures") < args.measures:
                rows += bench_load(store, args.measures, args.seed, args.load_workers)
            store = open_store(url)
            rows += bench_queries(store, args.queries, args.seed)
            store.close()
        if "rss" in only:
            console.print(f"peak memory of a {args.rss_docs:,}-document ingest…", highlight=False)
            rows += bench_rss(workdir, args.rss_docs, args.seed)
    table = Table(title=f"duban index benchmarks ({os.cpu_count()} CPUs)")
    for column in ("benchmark", "measure", "value"):
        table.add_column(column, justify="right" if column == "value" else "left")
    for row in rows:
        table.add_row(row.section, row.measure, row.value)
    console.print(table)


if __name__ == "__main__":
    main()
