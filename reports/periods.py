"""The period a report covers, read from GET parameters without ever failing.

Dashboard periods are whole calendar years, so every figure can link to the list pages, which
filter by ``year_from``/``year_to`` (an approximate date counts for the year its period starts
in; the stored date is that period's first day, so a plain range on the column is exact).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import is_digits
from events.encounters import period_q

MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class YearPeriod:
    choice: str  # this_year, last_year, custom, all
    year_from: int | None
    year_to: int | None

    @property
    def start(self) -> dt.date | None:
        return dt.date(self.year_from, 1, 1) if self.year_from else None

    @property
    def end(self) -> dt.date | None:
        return dt.date(self.year_to, 12, 31) if self.year_to else None

    def q(self, field: str) -> Q:
        """Records whose approximate date ``field`` starts in the period (as the lists filter)."""
        return period_q(field, self.year_from, self.year_to)

    def list_params(self) -> dict[str, int]:
        """The same period as list-page GET parameters."""
        params = {}
        if self.year_from:
            params["year_from"] = self.year_from
        if self.year_to:
            params["year_to"] = self.year_to
        return params

    def years(self, data_years) -> list[int]:
        """The years a chart shows: the whole period, or the years that have data if open."""
        known = sorted({y for y in data_years if y})
        first = self.year_from or (known[0] if known else None)
        last = self.year_to or (known[-1] if known else None)
        if first is None or last is None:
            return known
        return list(range(first, last + 1))

    @property
    def label(self) -> str:
        if self.year_from and self.year_to:
            if self.year_from == self.year_to:
                return str(self.year_from)
            return f"{self.year_from}–{self.year_to}"
        if self.year_from:
            return _("ab %(year)s") % {"year": self.year_from}
        if self.year_to:
            return _("bis %(year)s") % {"year": self.year_to}
        return _("alle Jahre")


def _year(raw) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not is_digits(raw) or not MIN_YEAR <= int(raw) <= MAX_YEAR:
        raise ValueError(raw)
    return int(raw)


DEFAULT_CHOICES = ("latest", "this_year", "last_year", "all")


def year_period_from(
    params,
    today: dt.date | None = None,
    *,
    latest_year: int | None = None,
    default: str = "this_year",
) -> tuple[YearPeriod, str | None]:
    """The period chosen in ``params`` and an error message if the input had to be replaced.

    Without a choice in ``params`` the period is ``default`` (one of DEFAULT_CHOICES;
    settings.DASHBOARD_DEFAULT_PERIOD): "latest" is ``latest_year``, the latest year with
    data, or this year when there is none. Bad input never raises: the caller shows the
    message and this year's figures.
    """
    today = today or timezone.localdate()
    this_year = YearPeriod("this_year", today.year, today.year)
    custom = params.get("year_from") or params.get("year_to")
    choice = params.get("period") or ("custom" if custom else default)
    if choice == "latest":
        if latest_year is None:
            return this_year, None
        return YearPeriod("latest", latest_year, latest_year), None
    if choice == "this_year":
        return this_year, None
    if choice == "last_year":
        return YearPeriod("last_year", today.year - 1, today.year - 1), None
    if choice == "all":
        return YearPeriod("all", None, None), None
    if choice != "custom":
        return this_year, _("Unbekannter Zeitraum; es wird das laufende Jahr gezeigt.")
    try:
        year_from, year_to = _year(params.get("year_from")), _year(params.get("year_to"))
    except ValueError:
        return this_year, _(
            "Bitte Jahre zwischen %(min)s und %(max)s angeben; es wird das laufende Jahr gezeigt."
        ) % {"min": MIN_YEAR, "max": MAX_YEAR}
    if year_from and year_to and year_from > year_to:
        return this_year, _(
            "Das Anfangsjahr liegt nach dem Endjahr; es wird das laufende Jahr gezeigt."
        )
    if not year_from and not year_to:
        return YearPeriod("all", None, None), None
    return YearPeriod("custom", year_from, year_to), None
