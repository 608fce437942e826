"""A jieba tokenizer for spaCy with a private dictionary, so unit names stay whole tokens.

spaCy's own `zh` jieba segmenter uses jieba's global tokenizer; this one owns a `jieba.Tokenizer`
loaded with the unit lexicon (`rules/lexicons/units.txt`, jieba user-dict format) and cuts
without HMM, which keeps unknown names as short pieces instead of gluing them to the words around
them (`请市` / `街要`), so entity spans align with token boundaries. The user dictionary is saved
with the model, so a shipped model always tokenises as it was trained.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

USER_DICT = "userdict.txt"
_LEXICON = Path(__file__).resolve().parents[1] / "rules" / "lexicons" / "units.txt"


def default_lexicon() -> Path:
    """The unit lexicon of the repository (may be absent: then jieba's own dictionary only)."""
    return _LEXICON


class JiebaTokenizer:
    """Cuts text with a private jieba tokenizer; white space becomes spaCy's trailing space."""

    def __init__(self, vocab: Vocab, user_dict: Iterable[str] = ()) -> None:
        self.vocab = vocab
        self.user_words: list[str] = sorted({w for w in user_dict if w.strip()})
        self._jieba: jieba.Tokenizer | None = None

    @property
    def segmenter(self) -> jieba.Tokenizer:
        """Built on first use: jieba reads its 5 MB dictionary then (about a second)."""
        if self._jieba is None:
            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            for line in self.user_words:
                parts = line.split()
                freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
                tok.add_word(parts[0], freq)
            self._jieba = tok
        return self._jieba

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for piece in self.segmenter.cut(text, HMM=False):
            if piece.isspace():
                if words:
                    spaces[-1] = spaces[-1] or piece == " "
                    if piece != " ":
                        words.append(piece)
                        spaces.append(False)
                else:
                    words.append(piece)
                    spaces.append(False)
                continue
            words.append(piece)
            spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    def to_disk(self, path: str | Path, **_: Any) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / USER_DICT).write_text("\n".join(self.user_words) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, **_: Any) -> JiebaTokenizer:
        file = Path(path) / USER_DICT
        if file.exists():
            self.user_words = [w for w in file.read_text(encoding="utf-8").splitlines() if w.strip()]
            self._jieba = None
        return self

    def to_bytes(self, **_: Any) -> bytes:
        return "\n".join(self.user_words).encode("utf-8")

    def from_bytes(self, data: bytes, **_: Any) -> JiebaTokenizer:
        self.user_words = [w for w in data.decode("utf-8").splitlines() if w.strip()]
        self._jieba = None
        return self


def read_user_dict(path: Path | None) -> list[str]:
    """The lines of a jieba user dictionary, or none when the file is absent."""
    if path is None or not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@spacy.registry.tokenizers("duban.jieba_tokenizer.v1")
def create_jieba_tokenizer(user_dict: str = "") -> Callable[[Language], JiebaTokenizer]:
    """Config entry point; `user_dict` empty means the repository's unit lexicon, if present."""

    def make(nlp: Language) -> JiebaTokenizer:
        path = Path(user_dict) if user_dict else default_lexicon()
        return JiebaTokenizer(nlp.vocab, read_user_dict(path))

    return make
