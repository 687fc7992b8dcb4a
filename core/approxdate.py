"""Approximate dates: a date plus how precisely it is known.

Press articles say "im Februar", "vor etwa einem Jahr", "ab Sommer 2020" or nothing at all.
We store the first day of the period the article means, its precision and an
"approximately" flag, and never invent a day that the source does not give.

Models declare such a date with :func:`approx_date_fields` (three columns) and read it through
:class:`ApproxDateAttribute`, which returns an :class:`ApproxDate`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.dates import MONTHS_AP
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Tag")
    MONTH = "month", _("Monat")
    QUARTER = "quarter", _("Quartal")
    SEASON = "season", _("Jahreszeit")
    YEAR = "year", _("Jahr")
    UNKNOWN = "unknown", _("unbekannt")


# Meteorological seasons: the month each one starts in.
SEASON_START_MONTH = {3: _("Frühling"), 6: _("Sommer"), 9: _("Herbst"), 12: _("Winter")}
_SEASON_WORDS = {
    "frühling": 3, "fruehling": 3, "frühjahr": 3, "spring": 3,
    "sommer": 6, "summer": 6,
    "herbst": 9, "autumn": 9, "fall": 9,
    "winter": 12,
}  # fmt: skip
_APPROX_PREFIX = re.compile(r"^(ca\.?|circa|etwa|approx\.?|about|~)\s*", re.IGNORECASE)


def _month_floor(value: dt.date, months: int) -> dt.date:
    return value.replace(month=(value.month - 1) // months * months + 1, day=1)


def _season_start(value: dt.date) -> dt.date:
    if value.month in (1, 2):  # January and February belong to the winter that began in December
        return dt.date(value.year - 1, 12, 1)
    return value.replace(month=value.month - value.month % 3, day=1)


def _add_months(value: dt.date, months: int) -> dt.date:
    index = value.year * 12 + value.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# EDTF's sub-year groupings (level 2): 21–24 spring … winter, 33–36 the quarters.
_EDTF_SEASON_START = {21: 3, 22: 6, 23: 9, 24: 12}
_EDTF_SEASON_OF_MONTH = {month: code for code, month in _EDTF_SEASON_START.items()}

_PRECISIONS = frozenset(Precision.values)  # Precision.values rebuilds its list on every call


@dataclass(frozen=True)
class ApproxDate:
    """A date known to a given precision; ``value`` is the first day of the period."""

    value: dt.date | None = None
    precision: str = Precision.UNKNOWN
    approximate: bool = False

    def __post_init__(self):
        if self.precision not in _PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")
        if (self.value is None) != (self.precision == Precision.UNKNOWN):
            raise ValueError("a date needs a precision, and precision 'unknown' takes no date")
        if self.value is not None:
            object.__setattr__(self, "value", self.period_start(self.value, self.precision))

    @staticmethod
    def period_start(value: dt.date, precision: str) -> dt.date:
        return {
            Precision.DAY: lambda: value,
            Precision.MONTH: lambda: value.replace(day=1),
            Precision.QUARTER: lambda: _month_floor(value, 3),
            Precision.SEASON: lambda: _season_start(value),
            Precision.YEAR: lambda: value.replace(month=1, day=1),
        }[precision]()

    @classmethod
    def unknown(cls) -> ApproxDate:
        return cls()

    @property
    def is_known(self) -> bool:
        return self.value is not None

    @property
    def start(self) -> dt.date | None:
        return self.value

    @property
    def end(self) -> dt.date | None:
        """The last day of the period."""
        if self.value is None:
            return None
        months = {
            Precision.DAY: 0,
            Precision.MONTH: 1,
            Precision.QUARTER: 3,
            Precision.SEASON: 3,
            Precision.YEAR: 12,
        }[self.precision]
        if months == 0:
            return self.value
        return _add_months(self.value, months) - dt.timedelta(days=1)

    def sort_key(self) -> tuple:
        """Known dates in order, then unknown ones."""
        return (self.value is None, self.value or dt.date.max, self.precision)

    def iso(self) -> str | None:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, as precise as known; None when unknown.

        Quarters and seasons have no ISO 8601 calendar form, so they give their year.
        """
        if self.value is None:
            return None
        if self.precision == Precision.DAY:
            return self.value.isoformat()
        if self.precision == Precision.MONTH:
            return self.value.strftime("%Y-%m")
        return f"{self.value.year:04d}"

    def edtf(self) -> str | None:
        """The date in the Extended Date/Time Format (ISO 8601-2, level 1 and 2): ``2018-11-16``,
        ``2018-11``, ``2018``, seasons as ``2022-21`` … ``2022-24`` (spring … winter), quarters
        as ``2022-33`` … ``2022-36``, ``~`` after an approximate date; None when unknown.

        A winter is written with the year of its December (``2021-24`` = Winter 2021/22).
        """
        if self.value is None:
            return None
        v = self.value
        text = {
            Precision.DAY: lambda: v.isoformat(),
            Precision.MONTH: lambda: v.strftime("%Y-%m"),
            Precision.QUARTER: lambda: f"{v.year:04d}-{32 + (v.month - 1) // 3 + 1}",
            Precision.SEASON: lambda: f"{v.year:04d}-{_EDTF_SEASON_OF_MONTH[v.month]}",
            Precision.YEAR: lambda: f"{v.year:04d}",
        }[self.precision]()
        return f"{text}~" if self.approximate else text

    @classmethod
    def from_edtf(cls, text: str) -> ApproxDate:
        """Read what :meth:`edtf` writes; raises ValueError with a readable message."""
        raw = text.strip()
        body, approximate = (raw[:-1], True) if raw.endswith("~") else (raw, False)
        match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", body)
        if not match:
            raise ValueError(
                f"'{raw}' is not an EDTF date of the forms 2018-11-16, 2018-11, "
                "2018, 2022-21 (spring) … 2022-24, 2022-33 (Q1) … 2022-36, with "
                "an optional ~"
            )
        year, group, day = int(match[1]), match[2] and int(match[2]), match[3] and int(match[3])
        try:
            if day:
                return cls(dt.date(year, group, day), Precision.DAY, approximate)
            if group is None:
                return cls(dt.date(year, 1, 1), Precision.YEAR, approximate)
            if 1 <= group <= 12:
                return cls(dt.date(year, group, 1), Precision.MONTH, approximate)
            if group in _EDTF_SEASON_START:
                return cls(
                    dt.date(year, _EDTF_SEASON_START[group], 1), Precision.SEASON, approximate
                )
            if 33 <= group <= 36:
                return cls(dt.date(year, (group - 33) * 3 + 1, 1), Precision.QUARTER, approximate)
        except ValueError:
            raise ValueError(f"'{raw}' is not a real date") from None
        raise ValueError(
            f"'{raw}': {group:02d} is no month (01–12), season (21–24) or quarter (33–36)"
        )

    def __str__(self) -> str:
        if self.value is None:
            return str(_("Datum unbekannt"))
        v = self.value
        text = {
            Precision.DAY: lambda: f"{v.day}. {MONTHS_AP[v.month]} {v.year}",
            Precision.MONTH: lambda: f"{MONTHS_AP[v.month]} {v.year}",
            Precision.QUARTER: lambda: f"Q{(v.month - 1) // 3 + 1} {v.year}",
            Precision.SEASON: lambda: self._season_label(),
            Precision.YEAR: lambda: str(v.year),
        }[self.precision]()
        if not self.approximate:
            return text
        about = gettext("ca.")
        return f"{about} {text}"

    def _season_label(self) -> str:
        name = SEASON_START_MONTH[self.value.month]
        if self.value.month == 12:
            return f"{name} {self.value.year}/{(self.value.year + 1) % 100:02d}"
        return f"{name} {self.value.year}"

    @classmethod
    def parse(cls, text: str | int | dt.date | None) -> ApproxDate:
        """Read the forms staff write in import files and forms.

        ``2018-11-16``, ``16.11.2018``, ``2024-02``, ``02.2024``, ``2022-Q1``, ``Q1 2022``,
        ``Sommer 2020``, ``2017``; any of them after ``ca.`` or ``~``; empty or
        ``unbekannt`` for an unknown date. Raises ValueError with a readable message.
        """
        if text is None:
            return cls.unknown()
        if isinstance(text, dt.datetime):
            text = text.date()
        if isinstance(text, dt.date):
            return cls(text, Precision.DAY)
        raw = str(text).strip()
        body = _APPROX_PREFIX.sub("", raw)
        approximate = body != raw
        if body.casefold() in {"", "unbekannt", "unknown", "?"}:
            if approximate:
                raise ValueError(f"'{raw}': 'ca.' needs a date after it")
            return cls.unknown()
        value, precision = _parse_body(body, raw)
        return cls(value, precision, approximate)


def _parse_body(body: str, raw: str) -> tuple[dt.date, str]:
    def make(year, month=1, day=1):
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"'{raw}' is not a real date") from None

    lowered = body.casefold()
    patterns = [
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", lambda y, m, d: (make(y, m, d), Precision.DAY)),
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", lambda d, m, y: (make(y, m, d), Precision.DAY)),
        (r"(\d{4})-(\d{1,2})", lambda y, m: (make(y, m), Precision.MONTH)),
        (r"(\d{1,2})[./](\d{4})", lambda m, y: (make(y, m), Precision.MONTH)),
        (r"(\d{4})-?q([1-4])", lambda y, q: (make(y, int(q) * 3 - 2), Precision.QUARTER)),
        (r"q([1-4])[ /-]?(\d{4})", lambda q, y: (make(y, int(q) * 3 - 2), Precision.QUARTER)),
        (r"(\d{4})", lambda y: (make(y), Precision.YEAR)),
    ]
    for pattern, build in patterns:
        match = re.fullmatch(pattern, lowered)
        if match:
            return build(*match.groups())
    match = re.fullmatch(r"([a-zäöü]+)\s+(\d{4})(?:/\d{2})?|(\d{4})-([a-zäöü]+)", lowered)
    if match:
        word = match.group(1) or match.group(4)
        year = match.group(2) or match.group(3)
        if word in _SEASON_WORDS:
            return make(year, _SEASON_WORDS[word]), Precision.SEASON
        for number in range(1, 13):
            if word in {calendar.month_name[number].casefold(), _german_month(number)}:
                return make(year, number), Precision.MONTH
    raise ValueError(
        f"'{raw}' is not a date this system understands; write e.g. 2018-11-16, 2024-02, "
        "2022-Q1, Sommer 2020, 2017 or ca. 2017"
    )


_GERMAN_MONTHS = [
    "januar", "februar", "märz", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "dezember",
]  # fmt: skip


def _german_month(number: int) -> str:
    return _GERMAN_MONTHS[number - 1]


# --- model support ---------------------------------------------------------------------------


def approx_date_fields(verbose_name):
    """The three columns of one approximate date; unpack them into ``x, x_precision, x_approx``."""
    return (
        models.DateField(
            verbose_name,
            null=True,
            blank=True,
            help_text=_("Erster Tag des gemeinten Zeitraums; leer, wenn unbekannt."),
        ),
        models.CharField(
            _("Genauigkeit"),
            max_length=8,
            choices=Precision.choices,
            default=Precision.UNKNOWN,
        ),
        models.BooleanField(_("ungefähr"), default=False),
    )


def approx_date_constraints(prefix: str, field: str) -> list[models.CheckConstraint]:
    """Database rule: a date exactly when its precision is not 'unknown'."""
    precision = f"{field}_precision"
    return [
        models.CheckConstraint(
            condition=(Q(**{precision: Precision.UNKNOWN, f"{field}__isnull": True}))
            | (~Q(**{precision: Precision.UNKNOWN}) & Q(**{f"{field}__isnull": False})),
            name=f"{prefix}_{field}_date_matches_precision",
        )
    ]


def ordered_dates_constraint(prefix: str, start: str, end: str) -> models.CheckConstraint:
    """Database rule: a period does not end before it starts."""
    return models.CheckConstraint(
        condition=Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__lte": F(end)}),
        name=f"{prefix}_{start}_before_{end}",
    )


class ApproxDateAttribute:
    """Reads and writes the three columns of ``field`` as one :class:`ApproxDate`."""

    def __init__(self, field: str):
        self.field = field

    def __set_name__(self, owner, name):
        owner._approx_date_fields = (*getattr(owner, "_approx_date_fields", ()), self.field)

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return ApproxDate(
            getattr(instance, self.field),
            getattr(instance, f"{self.field}_precision"),
            getattr(instance, f"{self.field}_approx"),
        )

    def __set__(self, instance, value: ApproxDate):
        setattr(instance, self.field, value.value)
        setattr(instance, f"{self.field}_precision", value.precision)
        setattr(instance, f"{self.field}_approx", value.approximate if value.is_known else False)


def clean_approx_dates(instance) -> None:
    """Validate and normalise every approximate date of a model instance (call from clean())."""
    errors = {}
    for field in getattr(type(instance), "_approx_date_fields", ()):
        value = getattr(instance, field)
        precision = getattr(instance, f"{field}_precision")
        if precision == Precision.UNKNOWN and value is not None:
            errors[f"{field}_precision"] = _("Bitte angeben, wie genau das Datum bekannt ist.")
        elif precision != Precision.UNKNOWN and value is None:
            errors[field] = _("Die Genauigkeit „%(precision)s“ braucht ein Datum.") % {
                "precision": Precision(precision).label
            }
        elif value is not None:
            setattr(instance, field, ApproxDate.period_start(value, precision))
        if precision == Precision.UNKNOWN:
            setattr(instance, f"{field}_approx", False)
    if errors:
        raise ValidationError(errors)
