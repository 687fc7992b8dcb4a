"""How the import compares names, and how it splits a person's name into its parts."""

from __future__ import annotations

import re

from core.text import fold

_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_QUOTES = re.compile(
    r"[\"'\u201a\u201b\u201c\u201d\u201e\u201f\u2018\u2019\u00ab\u00bb\u2039\u203a]"
)

# Name particles that belong to the family name: "Alexander von Lützow" → "von Lützow".
_PARTICLES = {
    "von", "vom", "van", "de", "der", "den", "zu", "zum", "zur", "di", "da", "du",
    "le", "la", "ten", "ter", "dos", "del",
}  # fmt: skip
# Academic titles written before a name ("Prof.", "Dr.", "Dr.-Ing.", "Dipl.-Kfm.", "med.").
_HONORIFIC = re.compile(
    r"^(?:(?:prof|dr|dres|dipl|ing|mag|med|rer|nat|phil|jur|apl|h\.\s?c)\.(?:-[^\W\d]+\.?)?|pd)$",
    re.IGNORECASE,
)


def name_key(text: str | None) -> str:
    """The form in which two names count as the same: folded, one kind of dash, no quotes.

    Staff type "Kooperative Weiterbildung Suedostniedersachsen" with straight quotes and
    hyphens where the article has typographic ones; both must find the same record.
    """
    text = _QUOTES.sub("", _DASHES.sub("-", text or ""))
    return fold(text)


def spelling_key(text: str | None) -> str:
    """Two spellings are the same alias when they differ only in case or spacing.

    Accents count here: "Kōriyama" is kept next to "Koriyama" as a spelling of its own,
    although both find the same record (see name_key).
    """
    return " ".join((text or "").split()).casefold()


def split_person_name(text: str) -> tuple[str, str, str]:
    """``(honorific, given name, family name)`` of a name as written in an article.

    "Prof. Dr. Maren Schulze" → ("Prof. Dr.", "Maren", "Schulze");
    "Dr. Clemens von Goetze" → ("Dr.", "Clemens", "von Goetze"); one word is a family name.
    """
    words = text.split()
    honorific = []
    while len(words) > 1 and _HONORIFIC.match(words[0]):
        honorific.append(words.pop(0))
    family_start = len(words) - 1
    for index, word in enumerate(words[1:-1], start=1):
        if word.casefold() in _PARTICLES:
            family_start = index
            break
    given = " ".join(words[:family_start])
    family = " ".join(words[family_start:])
    return " ".join(honorific), given, family


def without_honorific(text: str) -> str:
    honorific, given, family = split_person_name(text)
    return " ".join(p for p in (given, family) if p)
