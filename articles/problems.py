"""What went wrong in an import file, said so that the person who wrote the file can fix it.

Every problem names the file, the entry ("events[2].participants[0]") and the field, and
suggests the closest known name when a name was probably mistyped.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"

    @property
    def message_with_path(self) -> str:
        """The message with its entry and field, for a page that names the file once."""
        return f"{self.path}: {self.message}" if self.path else self.message

    def as_dict(self) -> dict:
        return {"file": self.file, "path": self.path, "message": self.message}


class ArticleImportError(Exception):
    """The import stopped; nothing was written. ``problems`` says why."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def closest(word: str, candidates: dict[str, str]) -> str | None:
    """The display name whose key is closest to ``word``; ``candidates`` maps key → name."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return candidates[matches[0]] if matches else None


def did_you_mean(suggestion: str | None) -> str:
    """The message tail " (meinten Sie 'X'?)", or nothing."""
    if not suggestion:
        return ""
    return " " + _("(meinten Sie '%(name)s'?)") % {"name": suggestion}


def join_path(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key
