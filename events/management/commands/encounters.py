"""``manage.py encounters``: who met whom, for scripts and the terminal.

    manage.py encounters [--person NAME] [--organisation NAME] [--since YYYY] [--until YYYY]
                         [--country ISO] [--partner-country ISO] [--topic SLUG] [--pairs]
                         [--format table|json|csv]

With ``--person``: the people that person met (``--organisation`` then restricts to the
events where the person acted for that organisation). With only ``--organisation``: the
organisations it met. Without either: every encounter between people. The JSON is a list of
objects with the keys ``person``, ``met``, ``date`` (ISO, as precise as known, or null),
``event`` and ``place``.

``--pairs``: each pair once, with the number of shared occasions (the page's default view,
the same query: ``events.encounters.encounter_pairs``), most shared occasions first. Its JSON
objects have the keys ``kind`` (person/organisation), ``a_id``, ``a``, ``b_id``, ``b`` (the
pair; ``a`` is the given person or organisation), ``occasions`` (number of shared held
events), ``first`` and ``last`` (ISO dates of the first and last of them, as precise as
known, or null). ``--partner-country ISO`` keeps the meetings with partners from that
country (the organisation the met person acted for, or the met organisation), wherever
they took place.
"""

import csv
import json

from django.core.management.base import BaseCommand, CommandError
from django_countries import countries

from core.exports import escape_formula
from core.listing.filters import MAX_YEAR, MIN_YEAR
from core.text import fold
from events.encounters import (
    ORGANISATION,
    PERSON,
    as_encounter,
    as_pair,
    encounter_pairs,
    organisation_encounters,
    person_encounters,
)
from people.models import Organisation, Person

FIELDS = ("person", "met", "date", "event", "place")
PAIR_FIELDS = ("kind", "a_id", "a", "b_id", "b", "occasions", "first", "last")
MAX_CANDIDATES = 8


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        message = f"„{text}“ ist kein Jahr; bitte vierstellig angeben, z. B. 2018."
        raise CommandError(message) from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CommandError(f"Das Jahr {year} liegt außerhalb von {MIN_YEAR}–{MAX_YEAR}.")
    return year


def _country(text: str | None) -> str | None:
    if not text:
        return None
    country = text.strip().upper()
    if country not in dict(countries):
        raise CommandError(f"„{text}“ ist kein ISO-Ländercode (z. B. JP).")
    return country


def find_one(model, name: str, what: str):
    """The one record one of whose names is ``name`` (or, failing that, contains it)."""
    needle = fold(name)
    if not needle:
        raise CommandError(f"Bitte einen Namen für {what} angeben.")
    candidates = list(model.objects.filter(search_text__contains=needle)[:200])
    exact = [c for c in candidates if needle in c.search_text.split("\n")]
    matches = exact or candidates
    if not matches:
        raise CommandError(f"{what} „{name}“ nicht gefunden.")
    if len(matches) > 1:
        names = ", ".join(str(m) for m in matches[:MAX_CANDIDATES])
        more = " …" if len(matches) > MAX_CANDIDATES else ""
        raise CommandError(
            f"{what} „{name}“ ist nicht eindeutig ({len(matches)} Treffer: {names}{more}); "
            "bitte genauer angeben."
        )
    return matches[0]


class Command(BaseCommand):
    help = "Zeigt, wer wen wann bei welcher Veranstaltung getroffen hat."

    def add_arguments(self, parser):
        parser.add_argument("--person", help="Name der Person (Teil des Namens genügt).")
        parser.add_argument("--organisation", help="Name der Organisation.")
        parser.add_argument("--since", type=str, help="ab diesem Jahr (YYYY)")
        parser.add_argument("--until", type=str, help="bis zu diesem Jahr (YYYY)")
        parser.add_argument("--country", help="nur Begegnungen in diesem Land (ISO-Code, z. B. JP)")
        parser.add_argument(
            "--partner-country",
            help="nur Begegnungen mit Partnern aus diesem Land, wo auch immer (ISO-Code)",
        )
        parser.add_argument("--topic", help="nur Veranstaltungen zu diesem Thema (Kurzname)")
        parser.add_argument(
            "--pairs", action="store_true", help="jedes Paar einmal, mit Anzahl und Zeitraum"
        )
        parser.add_argument(
            "--format", choices=("table", "json", "csv"), default="table", dest="output"
        )

    def handle(self, *args, **options):
        since = _year(options["since"]) if options["since"] else None
        until = _year(options["until"]) if options["until"] else None
        if since is not None and until is not None and since > until:
            raise CommandError(f"--since {since} liegt nach --until {until}.")
        person = organisation = None
        if options["person"] is not None:
            person = find_one(Person, options["person"], "Person")
        if options["organisation"] is not None:
            organisation = find_one(Organisation, options["organisation"], "Organisation")
        period = {
            "year_from": since,
            "year_to": until,
            "country": _country(options["country"]),
            "topic": options["topic"] or None,
        }
        partner_country = _country(options["partner_country"])
        if options["pairs"]:
            kind = ORGANISATION if person is None and organisation is not None else PERSON
            rows = encounter_pairs(
                kind,
                person=person,
                organisation=organisation,
                partner_country=partner_country,
                **period,
            )
            pairs = [as_pair(row) for row in rows.iterator(chunk_size=2000)]
            getattr(self, f"_write_pairs_{options['output']}")(pairs)
            return
        period["partner_country"] = partner_country
        if person is not None:
            rows = person_encounters(person=person, organisation=organisation, **period)
        elif organisation is not None:
            rows = organisation_encounters(organisation=organisation, **period)
        else:
            rows = person_encounters(**period)
        found = [as_encounter(row) for row in rows.iterator(chunk_size=2000)]
        getattr(self, f"_write_{options['output']}")(found)

    def _write_pairs_json(self, pairs):
        items = [p.as_json() for p in pairs]
        self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))

    def _write_pairs_csv(self, pairs):
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(PAIR_FIELDS)
        for item in (p.as_json() for p in pairs):
            writer.writerow([escape_formula(item[key]) for key in PAIR_FIELDS])

    def _write_pairs_table(self, pairs):
        if not pairs:
            self.stdout.write("Keine Begegnungen gefunden.")
            return
        header = ("Wer", "traf", "Anzahl", "zuerst", "zuletzt")
        cells = [[p.a, p.b, str(p.occasions), str(p.first), str(p.last)] for p in pairs]
        widths = [max(len(header[i]), *(len(row[i]) for row in cells)) for i in range(5)]
        self.stdout.write("  ".join(h.ljust(widths[i]) for i, h in enumerate(header)).rstrip())
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in cells:
            self.stdout.write("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip())
        self.stdout.write(f"\n{len(pairs)} Paar(e).")

    def _write_json(self, found):
        items = [e.as_json() for e in found]
        self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))

    def _write_csv(self, found):
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(FIELDS)
        for item in (e.as_json() for e in found):
            writer.writerow([escape_formula(item[key]) for key in FIELDS])

    def _write_table(self, found):
        # People read this: German dates ("ca. 2017", "16. Nov. 2018") instead of ISO.
        items = [{**e.as_json(), "date": str(e.date)} for e in found]
        if not items:
            self.stdout.write("Keine Begegnungen gefunden.")
            return
        header = {"date": "Datum", "person": "Wer", "met": "traf", "event": "Veranstaltung",
                  "place": "Ort"}  # fmt: skip
        order = ("date", "person", "met", "event", "place")
        cells = [[item[key] or "" for key in order] for item in items]
        widths = [
            max(len(header[key]), *(len(row[i]) for row in cells)) for i, key in enumerate(order)
        ]
        line = "  ".join(header[key].ljust(widths[i]) for i, key in enumerate(order))
        self.stdout.write(line.rstrip())
        self.stdout.write("  ".join("-" * w for w in widths))
        for row in cells:
            self.stdout.write("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip())
        self.stdout.write(f"\n{len(items)} Begegnung(en).")
