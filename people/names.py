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


# German umlauts written out ("Mueller", "Suedost") and the letters fold() already reduced
# ("Müller" → "muller") give the same key.
_UMLAUTS_WRITTEN_OUT = re.compile(r"(?<=[a-z])(ae|oe|ue)")
_PUNCTUATION = re.compile(r"[.,;:()/&+\-]+")
# Words that say what kind of body an organisation is, not which one: "Stadt Kawagoe" and
# "Kawagoe" are the same city, "Kōriyama City" the same as "Koriyama".
_ORGANISATION_FORMS = {
    "stadt", "landeshauptstadt", "hansestadt", "gemeinde", "kreisstadt", "city", "of",
    "prafektur", "prefecture", "gmbh", "mbh", "ag", "kg", "se", "ev", "e v", "inc", "ltd",
    "co", "kk", "k k",
}  # fmt: skip
# Abbreviations staff write for the long form in the register.
_ABBREVIATIONS = {
    "ihk": "industrie und handelskammer",
    "hwk": "handwerkskammer",
    "tu": "technische universitat",
    "uni": "universitat",
}


def _spelling_neutral(text: str) -> str:
    folded = _PUNCTUATION.sub(" ", name_key(text))
    return " ".join(
        _UMLAUTS_WRITTEN_OUT.sub(lambda m: m.group(1)[0], word) for word in folded.split()
    )


def person_key(given_name: str, family_name: str) -> str:
    """The form in which two people's names count as the same: no honorific, no accents or
    case, umlauts written out or not ("Dr. Jürgen Müller" = "Juergen Mueller")."""
    _honorific, given, family = split_person_name(f"{given_name} {family_name}".strip())
    return _spelling_neutral(f"{given} {family}")


def organisation_key(name: str) -> str:
    """The form in which two organisation names count as the same: no legal form or kind of
    body, no accents, case or punctuation, abbreviations written out."""
    words = [_ABBREVIATIONS.get(word, word) for word in _spelling_neutral(name).split()]
    core = [word for word in words if word not in _ORGANISATION_FORMS]
    return " ".join(core or words)
