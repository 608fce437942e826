"""Every spelling of a unit or issuer name that the alias list knows, for the name filters.

Staff type `市发改委` or `市发展和改革委员会`; documents write `市发展改革委`, `市发展和改革委员会` or
`市发改委`, and the units the extractors find keep the name as written. A filter that only looked
for the text typed found one spelling of three (on an index of the 5,864 real documents
`单位:市发展和改革委员会` found nothing while hundreds of measures name the body), so a name filter
looks for each spelling the pairs of `rules/lexicons/aliases.txt` give (`发改委 发展改革委`,
`发展和改革委员会 发展改革委`, `人民政府 政府 rewrite`), applied in turn until none is new.
Where names are counted per body (the ledger's sheets by unit), `written_out` gives each body one
name: the alias list's normal form.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from duban.base.paths import lexicon_path

ALIASES_FILE = lexicon_path("aliases.txt")
# A name rarely holds more than two aliased parts; this bounds a pathological one.
MAX_SPELLINGS = 16


@cache
def alias_lines(path: Path = ALIASES_FILE) -> tuple[tuple[str, str, bool], ...]:
    """The list's pairs as (variant, normal form, rewrite flag), in file order."""
    if not path.is_file():
        return ()
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if line.startswith("#") or len(parts) not in (2, 3):
            continue
        found.append((parts[0], parts[1], len(parts) == 3 and parts[2] == "rewrite"))
    return tuple(found)


@cache
def spellings(name: str) -> tuple[str, ...]:
    """`name` first, then every other spelling the alias pairs make of it.

    Each pair swaps its forms either way; where one form holds the other (`人民政府` / `政府`,
    `网信办公室` / `网信办`) the longer is looked for first, so `市人民政府` becomes `市政府` and
    never `市人民人民政府`.
    """
    forms = [name]
    pairs = [(a, b) if len(a) >= len(b) else (b, a) for a, b, _ in alias_lines()]
    for form in forms:  # grows while it is read: spellings of spellings
        for longer, shorter in pairs:
            if longer in form:
                other = form.replace(longer, shorter)
            elif shorter in form:
                other = form.replace(shorter, longer)
            else:
                continue
            if other not in forms and len(forms) < MAX_SPELLINGS:
                forms.append(other)
    return tuple(forms)


def holds_spelling(value: object, name: str) -> bool:
    """Whether `value` (a stored name, any case) contains some spelling of `name`."""
    if value is None:
        return False
    text = str(value).lower()
    return any(form.lower() in text for form in spellings(name))


@cache
def written_out(name: str) -> str:
    """The name with each short form the alias list knows written out in its normal form, pair by
    pair in file order (`市发改委`, `市发展和改革委员会` → `市发展改革委`; `人社局` →
    `人力资源和社会保障局` → `人力资源社会保障局`), so that one body counts once whichever spelling a
    document used. The `rewrite` pairs, which shorten (`人民政府` → `政府`), are left out: a name
    staff read keeps its full form; and a form already there is not written out again
    (`网信办公室` holds `网信办`)."""
    for variant, normal, rewrite in alias_lines():
        if not rewrite and variant in name and normal not in name:
            name = name.replace(variant, normal)
    return name
