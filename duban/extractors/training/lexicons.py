"""Word lists the generator composes sentences from, kept as data in `rules/lexicons/training/`.

Unit names are built from parts (place + level + body) so that the model sees many names it
cannot have memorised and learns their shape and position instead; the repository's unit
lexicon (`rules/lexicons/units.txt`) is mixed in by `generate`. Each kind of unit is a text file
(one name a line, in the order the seeded draws depend on); a name tagged `nt` or `nrole` there
is an entry of the unit lexicon too, which `build_units.py` reads from the same line. The other
words (places, verbs, objects, titles ...) are the lists of `words.yaml`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

FOLDER = Path(__file__).resolve().parents[2] / "rules" / "lexicons" / "training"


def names(kind: str, folder: Path = FOLDER) -> tuple[str, ...]:
    """The names of `kind.txt`, in file order (a tag after a name is the lexicon's, not ours)."""
    lines = (folder / f"{kind}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.split()[0] for line in lines if line.strip() and not line.startswith("#"))


def words(folder: Path = FOLDER) -> dict[str, tuple[str, ...]]:
    """The word lists of `words.yaml`, by name, with their order and repeats."""
    data = yaml.safe_load((folder / "words.yaml").read_text(encoding="utf-8"))
    return {name: tuple(str(w) for w in values) for name, values in data.items()}


_WORDS = words()
LOCAL_BODIES = names("local_bodies")
CENTRAL = names("central")
PROVINCE_BODIES = names("province_bodies")
COLLECTIVE = names("collective")
ROLES = names("roles")
SPECIAL_BODIES = names("special_bodies")
DEV_ZONES = names("dev_zones")
RECIPIENTS = names("recipients")
PLACES = _WORDS["places"]
LEVELS = _WORDS["levels"]
SPECIAL_TOPICS = _WORDS["special_topics"]
VERBS = _WORDS["verbs"]
OBJECTS = _WORDS["objects"]
QUALIFIERS = _WORDS["qualifiers"]
RESULTS = _WORDS["results"]
ADVERBS = _WORDS["adverbs"]
MODALS = _WORDS["modals"]
TITLES = _WORDS["titles"]
PRINCIPLES = _WORDS["principles"]
TOPICS = _WORDS["topics"]
NAMES = _WORDS["names"]
MANNERS = _WORDS["manners"]
NOUN_PHRASES = _WORDS["noun_phrases"]
TARGET_NOUNS = _WORDS["target_nouns"]
