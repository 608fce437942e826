"""Quote-masked real pairs: real followers naming their directive another way, or not at all.

    .venv/bin/python benchmarks/masked_real_crosscheck.py --real ../shared/corpus/real --cache FILE
        [--limit 1200] [--statutes 150] [--show CLASS]

`robust_crosscheck.py` writes variant citations into the dev followers; `eval_crosscheck.py
--held-out` and `sweep_crosscheck.py` blank real followers' quotes for content alone. This yardstick
does both on real pairs: the relations of `corpus/real/pairs.jsonl.gz` were found by quoted titles,
so each sampled follower has its quote of the directive put another way, in place, as real
followers name a document they do not quote exactly, and is extracted and linked again:

- `quote` (control): the follower as it is.
- `page` (metadata on real pages): the follower as it is, every sampled directive indexed from a
  scraped page (navigation and a breadcrumb before its text, or a site's name before its title).
- `drop`: every quote of the directive blanked (same length): only content can link it.
- `bare`: the title without 《》. `no_state`: a law or regulation without `中华人民共和国`
  (`《水法》`). `no_issuer`: without its issuer prefix. `other_issuer`: another body's prefix (the
  issuer's own level swapped, `国务院`/`国务院办公厅`; an issuer put before a title that has none).
  `no_de`: without the `的` before its genre. `no_notice`: `的通知` dropped, a covering notice
  named by the plan it issues. `short`: a `关于…` title without `关于` and its leading verb.
  `number`: the directive's number only. `traditional`: the title in traditional script.
  `pinyin`: the title with pinyin notes after a few characters, as mirror pages print it.

The sample: every relation whose follower is not a statute (minutes, news, reports, policies) except
drafts a meeting discussed (which the cross-check does not link, by design), and `--statutes`
relations with a statute follower (seed 7; title forms only: statutes are never linked by content).
Followers that are also a sampled directive are left out. The collection: the sampled directives,
the other directives each follower is known to follow, up to three look-alikes per directive (other
real documents whose titles share the most character pairs with it once places and genres are cut:
another province's regulation on the topic, the implementing rules of the law), filled at random to
`--limit`. Followers are not in the collection; their variants are linked against it as
`crosscheck.find_links` links a follower (`links_of`, `implemented_links`, `content_links`).

Content is run on the `drop` class only (one content index a class costs tens of seconds, and a
quote in another form only narrows what content may add): `title+content` counts a variant linked
by its own name or by the `drop` run's content links. `wrong` counts links a variant makes to a
document that is not a known directive of the follower and that the unmodified follower does not
link; `look-alike` those of them to a look-alike.

Figures (issue 10, session cx; 344 relations in 306 followers, 1,200 documents of which 291
look-alikes; about 40 s CPU once the collection is cached, 450 s to extract it under load). Linked
by name of each class's variants (by name or the `drop` run's content), main 783036d -> branch cx:
- `quote` 339/344 (control), `number` 126/126, `no_notice` 4/4, `no_de` 13 (15)/15,
  `no_issuer` 10 (11)/11, `short` 12 (13)/13, `traditional` 336 (338)/344: unchanged.
- `bare` 50 -> 194 of 344 (wrong 2 -> 1): a statute's title without marks after a legal-basis or
  issuing verb (`crosscheck.unmarked_statute.v1`, `via: title_loose`).
- `no_state` 185 -> 190 of 194, `pinyin` 334 -> 338 of 344: a law quoted by a short name of two or
  three characters (`《水法》`, `《商标法》`).
- `page` 121 -> 335 of 344, no wrong link: a statute page under a site line (`某某网站    X条例`,
  which the metadata reader takes for the title) keyed by its title glued to its enactment note
  (`head_keys`); navigation lines before the text were read right already.
- `other_issuer` 2 (47)/125 unchanged: an issuer glued into the quote (`《国务院某某条例》`,
  `国务院` for `国务院办公厅`) is left unlinked: a swapped issuer names another document as often
  (`issuers_compatible`).
- `drop` 7 -> 8 by name, 70 -> 71 with content, 10 wrong, before and after. Content settings tried
  on this run: `LINK_SCORE` 10 -> 74 (no more wrong here, but `sweep_crosscheck.py` measured 7
  more unknown links than found on 1,500 documents), `_CONTENT_CANDIDATES` 10, `MIN_SENTENCES` 2,
  `MIN_STRONG` 12: 71. What content misses is not a threshold: most followers here are news items
  and read-outs that share a title and a sentence with a statute. Most of the 10 wrong links are
  news items of a regulation linked to the law it implements, their headline's quote blanked too.
- All classes but the control: 1,200 -> 1,568 of 2,208 by name, wrong 17 -> 16, no look-alike
  linked. The wrong link left in most classes is a news item of a regulation
  `关于实施〈公司法〉…的规定` linked to the law it nests (a citation, not a look-alike).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from duban.base.model import RawDocument, RawPage  # noqa: E402
from duban.base.script import char_table  # noqa: E402
from duban.base.stored import StoredDocument  # noqa: E402
from duban.extractors.extraction import Extraction  # noqa: E402
from duban.extractors.registry import DEFAULT_EXTRACTORS, Extractors, get_extractors  # noqa: E402
from duban.pipeline.crosscheck import (  # noqa: E402
    DirectiveIndex,
    Link,
    content_links,
    implemented_links,
    links_of,
)
from duban.pipeline.extract import build_document, extract_document  # noqa: E402

_STATUTE_GENRES = frozenset({"法律", "地方性法规", "行政法规", "部门规章"})
_STATE = "中华人民共和国"
_VERBS = ("全面推行", "进一步", "推进", "加强", "做好", "深入", "加快", "实施", "推动", "开展", "促进")
_GENRE_END = re.compile(r"(条例|办法|规定|细则|决定|意见|方案|规划|通知|法)$")
_PLACE = re.compile(r"^.{1,8}?(省|自治区|市|自治州|县|区)")
# Pinyin notes of characters titles often hold, as mirror pages print them after the character.
_PINYIN = {
    "国": "guó",
    "务": "wù",
    "院": "yuàn",
    "条": "tiáo",
    "例": "lì",
    "法": "fǎ",
    "关": "guān",
    "于": "yú",
    "管": "guǎn",
    "理": "lǐ",
    "保": "bǎo",
    "护": "hù",
    "民": "mín",
    "发": "fā",
    "展": "zhǎn",
    "规": "guī",
    "定": "dìng",
    "办": "bàn",
    "意": "yì",
    "见": "jiàn",
    "实": "shí",
    "施": "shī",
    "安": "ān",
    "全": "quán",
    "监": "jiān",
    "督": "dū",
    "促": "cù",
    "进": "jìn",
}
_SWAP = (("国务院办公厅", "国务院"), ("人民政府办公厅", "人民政府"), ("人民政府", "政府"))


def _st_table() -> dict[int, str]:
    """Simplified to traditional, character for character (OpenCC's table, first candidate)."""
    return char_table("STCharacters.txt")


def forms(title: str, issuer: str | None, number: str | None, st: dict[int, str]) -> dict[str, str]:
    """The directive named by variant class (see the module docstring); `""` drops the quote."""
    title = re.sub(r"\s+", "", title)
    out = {"drop": "", "bare": title}
    if title.startswith(_STATE) and len(title) > len(_STATE) + 1:
        out["no_state"] = f"《{title.removeprefix(_STATE)}》"
    head, about, rest = title.partition("关于")
    key_issuer = head if about and head else None
    if key_issuer:
        out["no_issuer"] = f"《关于{rest}》"
        swapped = next((key_issuer.replace(a, b) for a, b in _SWAP if a in key_issuer), None)
        if swapped and swapped != key_issuer:
            out["other_issuer"] = f"《{swapped}关于{rest}》"
    elif issuer and not title.startswith(_STATE) and not _PLACE.match(title):
        out["other_issuer"] = f"《{issuer}{title}》"
    body = rest if about else title
    genre = _GENRE_END.search(body)
    if genre and body[: genre.start()].endswith("的"):
        out["no_de"] = (
            "《" + (head + about if about else "") + body[: genre.start() - 1] + genre.group(1) + "》"
        )
    issued = re.match(r"^(?:.*?)关于印发(.+?)的通知$", title)
    if issued:
        out["no_notice"] = f"《{issued.group(1).strip('《》〈〉')}》"
    elif title.endswith("的通知"):
        out["no_notice"] = f"《{title.removesuffix('的通知')}》"
    if about:
        short = rest
        for verb in _VERBS:
            short = short.removeprefix(verb)
        if len(short) >= 6:
            out["short"] = f"《{short}》"
    if number:
        out["number"] = re.sub(r"\s+", "", number)
    out["traditional"] = f"《{title.translate(st)}》"
    noted, done = [], 0
    for ch in title:
        noted.append(ch)
        if done < 3 and ch in _PINYIN:
            noted.append(f"({_PINYIN[ch]})")
            done += 1
    if done:
        out["pinyin"] = "《" + "".join(noted) + "》"
    return out


_CHROME = "首页 | 政务公开 | 政策文件 | 互动交流\n当前位置：首页 > 政务公开 > 法规文件\n"


def scraped(doc: dict[str, Any], site: bool) -> str:
    """A directive's text as a portal prints it: navigation lines and a breadcrumb before it, or
    the site's name before its title on one line, with a date field under it."""
    if site:
        date = (doc.get("date") or "2019-01-01")[:10]
        return f"某某省人民政府门户网站    {doc['title']}\n发布时间：{date}  来源：本网\n" + doc["text"]
    return _CHROME + doc["text"]


def masked_text(text: str, quotes: list[tuple[str, str]]) -> str:
    """The text with each quoted title (`quoted`, `form`) replaced: the first quote by the form,
    the others blanked (same length), so the follower names the directive once, the new way."""
    for quoted, form in quotes:
        marked = f"《{quoted}》"
        first = text.find(marked)
        if first < 0:
            continue
        rest = text[first + len(marked) :].replace(marked, " " * len(marked))
        text = text[:first] + (form or " " * len(marked)) + rest
    return text


def _bigrams(title: str) -> set[str]:
    core = _PLACE.sub("", re.sub(r"\s+", "", title).removeprefix(_STATE))
    core = _GENRE_END.sub("", core)
    return {core[i : i + 2] for i in range(len(core) - 1)}


def look_alikes(docs: dict[str, dict[str, Any]], directive: str, avoid: set[str], n: int = 3) -> list[str]:
    """The `n` other documents whose titles share the most character pairs with the directive's."""
    mine = _bigrams(docs[directive]["title"] or "")
    if len(mine) < 3:
        return []
    scored = []
    for doc_id, doc in docs.items():
        if doc_id == directive or doc_id in avoid or doc["kind"] not in ("policy", "other"):
            continue
        shared = len(mine & _bigrams(doc["title"] or ""))
        if shared * 2 >= len(mine):
            scored.append((-shared, doc_id))
    return [d for _, d in sorted(scored)[:n]]


def sample(folder: Path, limit: int, statutes: int, seed: int = 7) -> dict[str, Any]:
    with gzip.open(folder / "docs.jsonl.gz", "rt", encoding="utf-8") as lines:
        docs = {d["id"]: d for d in (json.loads(line) for line in lines if line.strip())}
    with gzip.open(folder / "pairs.jsonl.gz", "rt", encoding="utf-8") as lines:
        pairs = [json.loads(line) for line in lines if line.strip()]
    pairs = [p for p in pairs if p["directive"] != p["follower"] and p.get("quoted")]
    known: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        known[p["follower"]].add(p["directive"])
    plain = [
        p
        for p in pairs
        if docs[p["follower"]]["genre"] not in _STATUTE_GENRES
        and p["relation"] != "draft_discussed_in_meeting"
    ]
    rng = random.Random(seed)
    statute = [p for p in pairs if docs[p["follower"]]["genre"] in _STATUTE_GENRES]
    rng.shuffle(statute)
    chosen = plain + statute[:statutes]
    followers = {p["follower"] for p in chosen}
    chosen = [p for p in chosen if p["directive"] not in followers]
    followers = {p["follower"] for p in chosen}
    collection = {d for f in followers for d in known[f]} - followers
    alike: set[str] = set()
    for directive in sorted({p["directive"] for p in chosen}):
        alike |= set(look_alikes(docs, directive, followers | known_of(known, directive)))
    alike -= collection
    collection |= alike
    rest = sorted(set(docs) - collection - followers)
    rng.shuffle(rest)
    collection |= set(rest[: max(0, limit - len(collection))])
    return {
        "docs": docs,
        "chosen": chosen,
        "followers": followers,
        "collection": collection,
        "alike": alike,
        "known": known,
    }


def known_of(known: dict[str, set[str]], directive: str) -> set[str]:
    """The directive's own known directives: what it implements is no look-alike of it."""
    return known.get(directive, set())


def _record(text: str, doc_id: str) -> dict[str, Any]:
    raw = RawDocument(source=f"{doc_id}.txt", format="text", pages=[RawPage(1, text, "text")])
    doc = extract_document(build_document(raw, doc_id), get_extractors(tuple(DEFAULT_EXTRACTORS)))
    return {**doc.to_json(include_text=True), "doc_id": doc_id}


class _RelaysOnly:
    """The rule extractor's relays alone: what linking reads of a follower (its metadata and
    relays), at a fraction of the cost of the measures and progress it does not need."""

    name = "rules"

    def __init__(self) -> None:
        from duban.extractors.relays import RelayFinder

        self.relays = RelayFinder.default()

    def extract(self, doc: Any, earlier: Any = ()) -> Extraction:
        return Extraction(name=self.name, measures=[], relays=self.relays.find(doc), progress=[])


def extract_text(text: str, doc_id: str) -> StoredDocument:
    """A follower's text extracted for linking (metadata and relays), identified by `doc_id`."""
    raw = RawDocument(source=f"{doc_id}.txt", format="text", pages=[RawPage(1, text, "text")])
    doc = extract_document(build_document(raw, doc_id), Extractors([_RelaysOnly()]))
    return StoredDocument.from_json({**doc.to_json(include_text=True), "doc_id": doc_id})


def extracted(docs: dict[str, dict[str, Any]], ids: set[str], cache: Path) -> dict[str, StoredDocument]:
    """The documents extracted (read back from `cache`; the ones it lacks extracted and added)."""
    records: dict[str, dict[str, Any]] = {}
    if cache.is_file():
        with gzip.open(cache, "rt", encoding="utf-8") as lines:
            records = {r["doc_id"]: r for r in (json.loads(line) for line in lines if line.strip())}
    missing = sorted(ids - records.keys())
    if missing:
        started = time.process_time()
        for doc_id in missing:
            records[doc_id] = _record(docs[doc_id]["text"], doc_id)
        print(f"extracted {len(missing)} documents in {time.process_time() - started:.0f} s CPU")
        with gzip.open(cache, "wt", encoding="utf-8") as out:
            for record in records.values():
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {d: StoredDocument.from_json(records[d]) for d in ids}


def resolved(links: list[Link]) -> dict[str, dict[str, str]]:
    """Follower -> directive -> how, of the resolved links."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for link in links:
        if link.resolved:
            out[str(link.follower.doc_id)].setdefault(str(link.directive.doc_id), link.via)
    return out


def run(folder: Path, cache: Path, limit: int, statutes: int, show: str | None) -> dict[str, list[int]]:
    started = time.process_time()
    s = sample(folder, limit, statutes)
    docs, chosen, known, alike = s["docs"], s["chosen"], s["known"], s["alike"]
    records = extracted(docs, s["collection"] | s["followers"], cache)
    collection = [records[d] for d in sorted(s["collection"])]
    index = DirectiveIndex(collection)
    print(
        f"{len(chosen)} relations, {len(s['followers'])} followers, {len(collection)} documents"
        f" ({len(alike)} look-alikes)"
    )
    st = _st_table()
    by_follower: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for p in chosen:
        by_follower[p["follower"]].append(p)
    originals = [extract_text(docs[f]["text"], f) for f in sorted(by_follower)]
    base_quoted = [link for f in originals for link in links_of(index, f)]
    base = resolved(base_quoted + implemented_links(index, originals, base_quoted))
    variants: dict[str, dict[str, StoredDocument]] = defaultdict(dict)
    tested: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for follower, relations in sorted(by_follower.items()):
        text = docs[follower]["text"]
        per_class: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for p in relations:
            d = docs[p["directive"]]
            for name, form in forms(d["title"] or "", d.get("issuer"), d.get("doc_number"), st).items():
                if f"《{p['quoted']}》" in text:
                    per_class[name].append((p["quoted"], form))
                    tested[name].add((p["directive"], follower))
        for name, quotes in per_class.items():
            variants[name][follower] = extract_text(masked_text(text, quotes), follower)
    print(f"variants extracted, {time.process_time() - started:.0f} s CPU")
    # `page`: the followers as they are, every sampled directive read from a scraped page instead
    # (portal chrome before its text, or the site's name on its title's line; `scraped`).
    pages = {
        d: extract_text(scraped(docs[d], i % 2 == 1), d)
        for i, d in enumerate(sorted({p["directive"] for p in chosen}))
    }
    indexes = {"page": DirectiveIndex([pages.get(r.key, r) for r in collection])}
    content: dict[str, dict[str, str]] = {}
    table: dict[str, list[int]] = {}
    for name in ["quote", *sorted(variants), "page"]:
        chosen_docs = originals if name in ("quote", "page") else list(variants[name].values())
        pairs = (
            {(p["directive"], p["follower"]) for p in chosen} if name in ("quote", "page") else tested[name]
        )
        used = indexes.get(name, index)
        quoted = [link for f in chosen_docs for link in links_of(used, f)]
        quoted += implemented_links(used, chosen_docs, quoted)
        got = resolved(quoted)
        if name == "drop":
            made = content_links(index, chosen_docs, quoted)
            content = resolved(made)
            for f, found in content.items():
                for d, how in found.items():
                    got[f].setdefault(d, how)
        row = [len(pairs), 0, 0, 0, 0]  # pairs, by name, by name or content, wrong, look-alike
        for d, f in sorted(pairs):
            named = d in got.get(f, {}) and got[f][d] != "content"
            row[1] += named
            hit = named or (name not in ("quote", "page") and d in content.get(f, {}))
            row[2] += hit
            if show is not None and name.startswith(show) and not hit:
                print(f"  {name} {f}->{d} MISSED {docs[d]['title']}")
        for f in {f for _, f in pairs}:
            for d, how in got.get(f, {}).items():
                if d in known[f] or d in base.get(f, {}):
                    continue
                row[3] += 1
                row[4] += d in alike
                if show is not None and name.startswith(show):
                    print(f"  {name} {f}->{d} WRONG via {how}: {docs[d]['title']} | {docs[f]['title']}")
        table[name] = row
    print(f"{'class':14}{'pairs':>6}{'name':>6}{'+cont':>6}{'wrong':>6}{'alike':>6}")
    for name, row in table.items():
        print(f"{name:14}" + "".join(f"{v:6d}" for v in row))
    total = [sum(r[i] for n, r in table.items() if n != "quote") for i in range(5)]
    print(f"{'all masked':14}" + "".join(f"{v:6d}" for v in total))
    print(f"CPU {time.process_time() - started:.0f} s")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--cache", type=Path, required=True, help="Extracted documents (gzipped JSON Lines).")
    parser.add_argument("--limit", type=int, default=1200)
    parser.add_argument("--statutes", type=int, default=150)
    parser.add_argument("--show", help="Print the misses and wrong links of the classes starting so.")
    args = parser.parse_args()
    run(args.real, args.cache, args.limit, args.statutes, args.show)


if __name__ == "__main__":
    main()
