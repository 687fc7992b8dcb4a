"""Accent- and case-insensitive matching of names ("Kōriyama" = "Koriyama", "Müller" = "muller")."""

import re
import unicodedata

# Letters that NFKD does not decompose into a base letter plus an accent.
_SPECIAL_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"})
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, accent-free, single-spaced form of ``text`` used for search and identity."""
    if not text:
        return ""
    text = text.replace("\x00", "").casefold().translate(_SPECIAL_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def split_lines(text: str | None) -> list[str]:
    """The non-empty lines of a multi-line field such as aliases or name variants."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def search_text(*names: str | None) -> str:
    """All names of a record, folded and de-duplicated, one per line."""
    seen: dict[str, None] = {}
    for name in names:
        for line in split_lines(name):
            seen.setdefault(fold(line), None)
    return "\n".join(seen)


def is_digits(text: str) -> bool:
    """ASCII digits only. ``str.isdigit()`` also accepts "²" or "٣", which ``int()`` refuses
    or reads as another number."""
    return text.isascii() and text.isdigit()
