"""Which measures a staff correction applies to, so a store can keep the status that counts.

A correction (see `pipeline.corrections`) names its measure by `key` (`<doc_id>:<text hash>`) and
also remembers the directive's source paths and the text hash: it applies to the measure of that
document with that text, else to a measure with that text in a document at one of those paths (a
new version of the file). The latest active correction wins. The stores apply this rule when a
correction is added or undone and when a document is written, and keep the result beside the
computed status: the status filter, `stats` and facets read the corrected status where there is
one, as the ledger and the pages show it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_SPACE = re.compile(r"\s+")


def fold_text(text: str) -> str:
    """A measure's text without width variants and whitespace (re-extraction of the same page may
    wrap lines differently): what `text_hash` hashes, and what a new version's task is compared by."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def text_hash(text: str) -> str:
    """A short hash of a measure's text, ignoring width variants and whitespace (`fold_text`)."""
    return hashlib.sha256(fold_text(text).encode("utf-8")).hexdigest()[:20]


def correction_key(doc_id: str, text: str) -> str:
    return f"{doc_id}:{text_hash(text)}"


class ActiveCorrections:
    """The active corrections (stored dicts, oldest first), looked up by measure."""

    def __init__(self, corrections: Iterable[Mapping[str, Any]]) -> None:
        self._by_key: dict[str, Mapping[str, Any]] = {}
        self._by_source: dict[tuple[str, str], Mapping[str, Any]] = {}
        self.doc_ids: set[str] = set()
        self.sources: set[str] = set()
        for c in corrections:
            if c.get("undone_at"):
                continue
            self._by_key[str(c["key"])] = c
            self.doc_ids.add(str(c["key"]).rsplit(":", 1)[0])
            for source in c.get("sources") or ():
                self._by_source[(str(source), str(c.get("text_hash") or ""))] = c
                self.sources.add(str(source))

    def __len__(self) -> int:
        return len(self._by_key)

    def find(self, doc_id: str, sources: Sequence[str], text: str) -> Mapping[str, Any] | None:
        """The correction that applies to this measure: by key first, else the latest one for a
        shared source path and the same text hash (a new version of the file); None when none."""
        if not self._by_key:
            return None
        digest = text_hash(text)
        found = self._by_key.get(f"{doc_id}:{digest}")
        if found is None:
            matches = [c for s in sources if (c := self._by_source.get((s, digest))) is not None]
            found = max(matches, key=lambda c: (str(c.get("at")), str(c.get("id")))) if matches else None
        return found

    def status(self, doc_id: str, sources: Sequence[str], text: str) -> str | None:
        """The corrected status of this measure, or None when no active correction applies."""
        found = self.find(doc_id, sources, text)
        return None if found is None else str(found["status"])
