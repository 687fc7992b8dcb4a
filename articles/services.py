"""Writing checked article files into the database: all or nothing, idempotent.

Rules (docs/import-format.md says the same for staff):

* A record the file names is found by any of its names (articles.resolve); if none exists
  it is created. Sub-records (roles, members, parties, signatories, participants) are found
  by what they connect: person + organisation + role title, event + person + role, …
* A field the file gives replaces the stored value; a field it leaves out is kept. Names are
  never replaced: a new spelling is added to the aliases or name variants. Lists of links
  (topics, hosts, sources …) only grow. Nothing is ever deleted.
* Two files of one run that give different values for the same field are an error, so the
  result never depends on the order of the files and a second run changes nothing.
* Every record is full_clean()-ed before it is saved, cites the article as its source, and
  its history entry says which file it came from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.problems import ArticleImportError, Problem, join_path
from articles.resolve import NotFound, Resolver, ambiguous_message
from articles.schema import SPECS, Article, Entry, Ref
from articles.summary import KINDS, Change, LikelyDuplicate, Summary
from core.text import split_lines
from events.models import Event, Participation
from partnerships.models import Agreement, AgreementParticipant, Delegation, DelegationMember
from people.matching import organisation_matches, person_matches
from people.models import Affiliation, Involvement, Organisation, Person, Source, Topic
from people.names import name_key, spelling_key


def import_articles(*, articles: list[Article], dry_run: bool = False, user=None) -> Summary:
    """Write ``articles`` in one transaction; raises ArticleImportError and writes nothing on error.

    With ``dry_run`` everything is done and then rolled back, so the summary shows exactly
    what a real run would do.
    """
    try:
        with transaction.atomic():
            writer = _Writer(user=user)
            for article in articles:
                writer.write(article)
            summary = writer.summary(files=[a.file for a in articles], dry_run=dry_run)
            if dry_run:
                raise _RolledBack(summary)
    except _RolledBack as rolled_back:
        return rolled_back.summary
    return summary


class _RolledBack(Exception):
    def __init__(self, summary: Summary):
        self.summary = summary


# The YAML key a model field is written under, per section, for messages.
def _yaml_keys(spec_name: str) -> dict[str, str]:
    keys = {}
    for f in SPECS[spec_name]:
        keys[f.target] = f.key
        keys[f"{f.target}_precision"] = keys[f"{f.target}_approx"] = f.key
    keys.update(dict.fromkeys(("head_count_approx", "head_count_label"), "head_count"))
    if spec_name == "people":
        keys.update(given_name="name", family_name="name")
    return keys


_SPEC_OF_KIND = {
    "source": "source",
    "topic": "topics",
    "organisation": "organisations",
    "person": "people",
    "affiliation": "roles",
    "agreement": "agreements",
    "signatory": "signatories",
    "delegation": "delegations",
    "delegation_member": "members",
    "event": "events",
    "participation": "participants",
}
_YAML_KEYS = {kind: _yaml_keys(spec) for kind, spec in _SPEC_OF_KIND.items()}
_YAML_KEYS["agreement_party"] = {}

# Fields that identify a record: set when it is created, never overwritten.
_IDENTITY_FIELDS = {
    "topic": {"name", "slug"},
    "organisation": {"name"},
    "person": {"given_name", "family_name"},
    "agreement": {"title"},
    "delegation": {"title"},
    "event": {"title"},
}
# Fields that collect spellings from every file instead of taking one file's value.
_MERGED_FIELDS = {"aliases", "name_variants"}
_RANK = {"unchanged": 0, "updated": 1, "created": 2}
_LATER = object()  # a name declared further down in the same file


@dataclass
class _Claim:
    value: object
    file: str
    path: str


def _plain(value):
    """A value in the form two values compare in: ids for records, codes for countries."""
    if isinstance(value, models.Model):
        return value.pk
    code = getattr(value, "code", None)
    if code is not None or value.__class__.__name__ == "Country":
        return code or ""
    return value


def _current(obj: models.Model, attr: str):
    field = obj._meta.get_field(attr)
    if field.many_to_one:
        return getattr(obj, field.attname)
    return getattr(obj, attr)


class _Writer:
    def __init__(self, *, user):
        self.user = user
        self.resolver = Resolver()
        self.status: dict[tuple[str, int], str] = {}
        self.labels: dict[tuple[str, int], str] = {}
        self.fields: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.claims: dict[tuple[str, int, str], _Claim] = {}
        self.file = ""
        self.source: Source | None = None
        self.problems: list[Problem] = []
        self.failed: set[tuple[str, str]] = set()  # (kind, name key) of entries that failed
        self.pending: set[tuple[str, str]] = set()  # declared further down in this file
        self.saved: set[tuple[str, int]] = set()  # records this file has saved (history written)
        self.likely_duplicates: list[LikelyDuplicate] = []

    # --- the run ----------------------------------------------------------------------------

    def write(self, article: Article) -> None:
        self.file = article.file
        # Stored in the history, so it is the same whatever language the importer uses.
        self.reason = f"Artikelimport: {article.file}"
        self.problems = []
        self.saved = set()
        self.source = self._source(article)
        if self.source is None:
            raise ArticleImportError(self.problems)
        for entry in article.topics:
            self._topic(entry)
        self._in_order("organisation", article.organisations, self._organisation)
        for entry in article.people:
            self._person(entry)
        self._in_order("agreement", article.agreements, self._agreement)
        for entry in article.delegations:
            self._delegation(entry)
        for entry in article.events:
            self._event(entry)
        if self.problems:
            raise ArticleImportError(self.problems)

    def _in_order(self, kind, entries, write_one) -> None:
        """Write entries that may refer to each other (parent, supplements) in any order."""
        self.pending = {(kind, name_key(n)) for e in entries for n in e.names}
        deferred = []
        for entry in entries:
            later = write_one(entry)
            self.pending -= {(kind, name_key(n)) for n in entry.names}
            if later:
                deferred.append(later)
        self.pending = set()
        for finish in deferred:
            finish()

    def summary(self, *, files: list[str], dry_run: bool) -> Summary:
        summary = Summary(files=files, dry_run=dry_run, likely_duplicates=self.likely_duplicates)
        for (kind, _pk), action in self.status.items():
            counts = summary.counts.setdefault(
                kind, dict.fromkeys(("created", "updated", "unchanged"), 0)
            )
            counts[action] += 1
        summary.counts = {k: summary.counts[k] for k in KINDS if k in summary.counts}
        order = list(KINDS)
        for key, action in sorted(self.status.items(), key=lambda item: order.index(item[0][0])):
            if action != "unchanged":
                summary.changes.append(
                    Change(key[0], action, self.labels[key], tuple(sorted(self.fields[key])))
                )
        return summary

    # --- helpers ----------------------------------------------------------------------------

    def problem(self, path: str, message: str) -> None:
        problem = Problem(self.file, path, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def _mark(self, kind: str, obj, action: str, fields=()) -> None:
        key = (kind, obj.pk)
        if _RANK[action] >= _RANK.get(self.status.get(key), -1):
            self.status[key] = action
        if action != "unchanged":  # only changes are listed by name
            self.labels[key] = str(obj)
        if action == "updated":
            self.fields[key].update(fields)

    def _find(self, ref: Ref):
        """The record ``ref`` names, _LATER, or None (after noting the problem)."""
        key = name_key(ref.name)
        if (ref.kind, key) in self.failed:
            return None  # its own entry already failed and said why
        try:
            return self.resolver.find(ref.kind, ref.name)
        except NotFound as error:
            if (ref.kind, key) in self.pending:
                return _LATER
            self.problem(ref.path, str(error))
            return None

    def _find_now(self, ref: Ref | None):
        found = self._find(ref) if ref else None
        return None if found is _LATER else found

    def _find_all(self, refs: list[Ref]) -> list | None:
        found = [self._find_now(ref) for ref in refs]
        return None if any(f is None for f in found) else found

    def _save(self, kind: str, obj, path: str) -> bool:
        try:
            obj.full_clean()
        except ValidationError as error:
            keys = _YAML_KEYS[kind]
            for field_name, messages in error.message_dict.items():
                where = path
                if field_name != NON_FIELD_ERRORS:
                    where = join_path(path, keys.get(field_name, field_name))
                self.problem(where, " ".join(messages))
            return False
        obj._change_reason = self.reason[:100]
        if self.user is not None:
            obj._history_user = self.user
        try:
            obj.save()
            self.saved.add((kind, obj.pk))
        except (DatabaseError, ValueError) as error:  # ValueError: psycopg refuses a value
            self.problem(
                path, _("die Datenbank lehnt den Eintrag ab: %(error)s") % {"error": error}
            )
            raise ArticleImportError(self.problems) from None
        return True

    def _claim(self, kind: str, obj, attr: str, value, path: str) -> bool:
        """Note that this file sets ``attr``; False if another file of the run set it otherwise."""
        key = (kind, obj.pk, attr)
        claim = self.claims.get(key)
        if claim and claim.file != self.file and _plain(claim.value) != _plain(value):
            self.problem(
                join_path(path, _YAML_KEYS[kind].get(attr, attr)),
                _("widerspricht %(file)s (%(path)s), wo '%(value)s' steht")
                % {"file": claim.file, "path": claim.path, "value": claim.value},
            )
            return False
        self.claims[key] = _Claim(value, self.file, path)
        return True

    def _upsert(self, kind: str, model, existing, values: dict, path: str):
        """Create the record or bring the given fields up to date; None if it failed."""
        if existing is None:
            obj = model(**values)
            if not self._save(kind, obj, path):
                return None
            for attr, value in values.items():
                if attr not in _MERGED_FIELDS:
                    self._claim(kind, obj, attr, value, path)
            self._mark(kind, obj, "created")
            return obj
        changed, ok = [], True
        for attr, value in values.items():
            if attr in _IDENTITY_FIELDS.get(kind, ()):
                continue
            if attr not in _MERGED_FIELDS and not self._claim(kind, existing, attr, value, path):
                ok = False
            elif _plain(_current(existing, attr)) != _plain(value):
                setattr(existing, attr, value)
                changed.append(attr)
        if not ok:
            return None
        if changed:
            if not self._save(kind, existing, path):
                return None
            self._mark(kind, existing, "updated", changed)
        else:
            self._mark(kind, existing, "unchanged")
        return existing

    def _check_duplicate(self, kind: str, record, matches) -> None:
        """Report a new record the matcher finds likely the same as an existing one.

        The import never links by a likely match: "Stadt Fukushima" and "Präfektur Fukushima"
        share their key, and only a person can tell. Exact names link (articles.resolve).
        """
        if matches:
            reasons = dict.fromkeys(str(r) for m in matches for r in m.reasons)
            self.likely_duplicates.append(
                LikelyDuplicate(kind, str(record), tuple(str(m.record) for m in matches),
                                tuple(reasons))
            )  # fmt: skip

    def _match(self, kind: str, entry: Entry):
        """The existing record the entry describes, None for a new one, or False on error."""
        found = self.resolver.matching(kind, entry.names)
        if len(found) > 1:
            self.problem(entry.path, ambiguous_message(entry.name, found))
            return False
        return found[0] if found else None

    def _link(self, kind: str, obj, attr: str, targets: list, path: str) -> None:
        """Add ``targets`` to a many-to-many field; links are never removed by an import.

        The history does not follow many-to-many fields, so a record that only gains links
        is saved once, which writes the history entry naming the article.
        """
        manager = getattr(obj, attr)
        have = set(manager.values_list("pk", flat=True))
        missing = [t for t in targets if t.pk not in have]
        if missing:
            manager.add(*missing)
            self._mark(kind, obj, "updated", [attr])
            if (kind, obj.pk) not in self.saved:
                self._save(kind, obj, path)

    def _links(self, kind: str, obj, entry: Entry, *attrs: str) -> None:
        for attr in attrs:
            targets = self._find_all(entry.refs.get(attr, []))
            if targets:
                self._link(kind, obj, attr, targets, entry.path)
        if hasattr(obj, "sources"):
            self._link(kind, obj, "sources", [self.source], entry.path)

    def _merge_names(self, values: dict, attr: str, stored: str, extra: list[str]) -> None:
        """Add new spellings to an aliases/name-variants field, keeping what is there."""
        lines = split_lines(stored)
        known = {spelling_key(line) for line in lines}
        for name in extra:
            if name and spelling_key(name) not in known:
                lines.append(name)
                known.add(spelling_key(name))
        values[attr] = "\n".join(lines)

    def _failed(self, kind: str, entry: Entry) -> None:
        """Note an entry that could not be written, and every other name in it that is unknown.

        References to the failed record are not reported again, so one mistake gives one
        message; the other names in the entry are still checked, so the file can be fixed
        in one go.
        """
        self.failed.update((kind, name_key(n)) for n in entry.names)
        self._check_names(entry)

    def _check_names(self, entry: Entry) -> None:
        for ref in entry.refs.values():
            for one in ref if isinstance(ref, list) else [ref]:
                self._find(one)
        for children in entry.children.values():
            for child in children:
                self._check_names(child)

    # --- the kinds --------------------------------------------------------------------------

    def _source(self, article: Article) -> Source | None:
        values = {"reference": article.reference, **article.source.values}
        existing = Source.objects.filter(reference=article.reference).first()
        return self._upsert("source", Source, existing, values, "source")

    def _topic(self, entry: Entry) -> None:
        existing = self._match("topic", entry)
        values = dict(entry.values)
        if existing is None:
            values["slug"] = values.get("slug") or slugify(values["name"])[:120]
        topic = None
        if existing is not False:
            topic = self._upsert("topic", Topic, existing, values, entry.path)
        if topic is None:
            self._failed("topic", entry)
            return
        self.resolver.add("topic", topic)

    def _organisation(self, entry: Entry):
        existing = self._match("organisation", entry)
        values = dict(entry.values)
        aliases = values.pop("aliases", [])
        parent_ref = entry.refs.get("parent")
        parent = self._find(parent_ref) if parent_ref else None
        if parent_ref and parent is None:
            existing = False
        if parent is not None and parent is not _LATER:
            values["parent"] = parent
        if existing:
            names = {spelling_key(n) for n in existing.all_names()}
            extra = [n for n in (values["name"], *aliases) if spelling_key(n) not in names]
            self._merge_names(values, "aliases", existing.aliases, extra)
        elif existing is None:
            taken = {spelling_key(values["name"]), spelling_key(values.get("short_name", ""))}
            extra = [a for a in aliases if spelling_key(a) not in taken]
            self._merge_names(values, "aliases", "", extra)
        org = None
        if existing is not False:
            org = self._upsert("organisation", Organisation, existing, values, entry.path)
        if org is None:
            self._failed("organisation", entry)
            return None
        self.resolver.add("organisation", org)
        if existing is None:
            self._check_duplicate("organisation", org, organisation_matches(org, limit=3))
        self._links("organisation", org, entry, "sectors")
        if parent is _LATER:
            return lambda: self._set_parent(org, entry)
        return None

    def _set_parent(self, org: Organisation, entry: Entry) -> None:
        parent = self._find_now(entry.refs["parent"])
        if parent is not None:
            self._upsert("organisation", Organisation, org, {"parent": parent}, entry.path)

    def _person(self, entry: Entry) -> None:
        existing = self._match("person", entry)
        values = dict(entry.values)
        variants = values.pop("name_variants", [])
        plain = " ".join(p for p in (values["given_name"], values["family_name"]) if p)
        if existing:
            names = {spelling_key(n) for n in existing.all_names()}
            extra = [n for n in (plain, *variants) if spelling_key(n) not in names]
            self._merge_names(values, "name_variants", existing.name_variants, extra)
        elif existing is None:
            full = " ".join(p for p in (values.get("honorific", ""), plain) if p)
            taken = {spelling_key(plain), spelling_key(full)}
            extra = [v for v in variants if spelling_key(v) not in taken]
            self._merge_names(values, "name_variants", "", extra)
        person = None
        if existing is not False:
            person = self._upsert("person", Person, existing, values, entry.path)
        if person is None:
            self._failed("person", entry)
            return
        self.resolver.add("person", person)
        if existing is None:
            self._check_duplicate("person", person, person_matches(person, limit=3))
        self._links("person", person, entry)
        touched = set()
        for role in entry.children.get("roles", []):
            self._affiliation(person, role, touched)

    def _affiliation(self, person: Person, entry: Entry, touched: set) -> None:
        organisation = self._find_now(entry.refs["organisation"])
        if organisation is None:
            return
        values = {"person": person, "organisation": organisation, **entry.values}
        title = values.setdefault("role_title", "")
        existing = (
            Affiliation.objects.filter(person=person, organisation=organisation, role_title=title)
            .order_by("pk")
            .first()
        )
        affiliation = self._child("affiliation", Affiliation, existing, values, entry.path, touched)
        if affiliation is not None:
            self._link("affiliation", affiliation, "sources", [self.source], entry.path)

    def _child(self, kind, model, existing, values, path: str, touched: set):
        """A sub-record; the same one twice under one parent is a duplicate entry."""
        if existing is not None:
            if existing.pk in touched:
                self.problem(path, _("doppelter Eintrag: dieselbe Person bzw. Organisation"))
                return None
            touched.add(existing.pk)
        obj = self._upsert(kind, model, existing, values, path)
        if obj is not None:
            touched.add(obj.pk)
        return obj

    def _agreement(self, entry: Entry):
        existing = self._match("agreement", entry)
        values = dict(entry.values)
        supplements_ref = entry.refs.get("supplements")
        supplements = self._find(supplements_ref) if supplements_ref else None
        if supplements_ref and supplements is None:
            existing = False
        if supplements is not None and supplements is not _LATER:
            values["supplements"] = supplements
        agreement = None
        if existing is not False:
            agreement = self._upsert("agreement", Agreement, existing, values, entry.path)
        if agreement is None:
            self._failed("agreement", entry)
            return None
        self.resolver.add("agreement", agreement)
        self._links("agreement", agreement, entry, "topics")
        parties = self._find_all(entry.refs.get("parties", [])) or []
        signatories = entry.children.get("signatories", [])
        for signatory in signatories:
            party = self._find_now(signatory.refs["party"])
            if party is not None and party not in parties:
                parties.append(party)
        for index, organisation in enumerate(parties):
            path = join_path(join_path(entry.path, "parties"), index)
            self._involvement(
                "agreement_party", agreement, path, organisation=organisation, role=PARTY
            )
        touched = set()
        for signatory in signatories:
            self._signatory(agreement, signatory, touched)
        if supplements is _LATER:
            return lambda: self._set_supplements(agreement, entry)
        return None

    def _set_supplements(self, agreement: Agreement, entry: Entry) -> None:
        supplements = self._find_now(entry.refs["supplements"])
        if supplements is not None:
            values = {"supplements": supplements}
            self._upsert("agreement", Agreement, agreement, values, entry.path)

    def _signatory(self, agreement: Agreement, entry: Entry, touched: set) -> None:
        person = self._find_now(entry.refs["person"])
        party = self._find_now(entry.refs["party"])
        if person is None or party is None:
            return
        self._involvement(
            "signatory", agreement, entry.path, touched=touched, person=person,
            organisation=party, role=Involvement.Role.SIGNATORY, **entry.values,
        )  # fmt: skip

    def _delegation(self, entry: Entry) -> None:
        existing = self._match("delegation", entry)
        values = dict(entry.values)
        for attr in ("origin_organisation",):
            if attr in entry.refs:
                found = self._find_now(entry.refs[attr])
                if found is None:
                    existing = False
                values[attr] = found
        delegation = None
        if existing is not False:
            delegation = self._upsert("delegation", Delegation, existing, values, entry.path)
        if delegation is None:
            self._failed("delegation", entry)
            return
        self.resolver.add("delegation", delegation)
        self._links("delegation", delegation, entry, "topics")
        touched = set()
        leader = self._find_now(entry.refs["leader"]) if "leader" in entry.refs else None
        listed = {
            self._member(delegation, member, touched, leader)
            for member in entry.children.get("members", [])
        }
        if leader is not None and leader not in listed:
            self._involvement(
                "delegation_member", delegation, join_path(entry.path, "leader"),
                person=leader, role=Involvement.Role.LEADER,
            )  # fmt: skip
        organisers_path = join_path(entry.path, "organisers")
        for index, organiser in enumerate(self._find_all(entry.refs.get("organisers", [])) or []):
            self._involvement(
                "delegation_member", delegation, join_path(organisers_path, index),
                organisation=organiser, role=Involvement.Role.ORGANISER,
            )  # fmt: skip

    def _member(self, delegation: Delegation, entry: Entry, touched: set, leader):
        """Add the member; returns the person (None for an organisation alone)."""
        person, organisation = self._person_and_organisation(entry)
        if person is False:
            return None
        role = entry.values.get("role", Involvement.Role.MEMBER)
        if person is not None and person == leader:
            role = Involvement.Role.LEADER  # the file names the leader once more as a member
        self._involvement(
            "delegation_member", delegation, entry.path, touched=touched, person=person,
            organisation=organisation, **{**entry.values, "role": role},
        )  # fmt: skip
        return person

    def _involvement(
        self, kind, occasion, path, *, touched=None, person=None, organisation=None, **values
    ):
        """Add or update one involvement (see people.models.Involvement) of ``occasion``:
        a person once per role (per occasion for delegations), an organisation alone likewise.
        Without a person the organisation is kept; with one, it is set only when named."""
        model = _INVOLVEMENT_MODELS[type(occasion)]
        field = model.occasion_field
        values = {field: occasion, "person": person, **values}
        if organisation is not None or person is None:
            values["organisation"] = organisation
        same = {field: occasion, "person": person}
        if person is None:
            same["organisation"] = organisation
        if model is not DelegationMember:
            same["role"] = values["role"]
        existing = model.objects.filter(**same).first()
        if touched is None:
            return self._upsert(kind, model, existing, values, path)
        return self._child(kind, model, existing, values, path, touched)

    def _person_and_organisation(self, entry: Entry):
        """(person, organisation) a member or participant names; (False, False) on error."""
        person_ref, organisation_ref = entry.refs.get("person"), entry.refs.get("organisation")
        person = self._find_now(person_ref)
        organisation = self._find_now(organisation_ref)
        if (person_ref and person is None) or (organisation_ref and organisation is None):
            return False, False
        return person, organisation

    def _event(self, entry: Entry) -> None:
        existing = self._match("event", entry)
        values = dict(entry.values)
        for attr in ("venue", "delegation"):
            if attr in entry.refs:
                found = self._find_now(entry.refs[attr])
                if found is None:
                    existing = False
                values[attr] = found
        event = None
        if existing is not False:
            event = self._upsert("event", Event, existing, values, entry.path)
        if event is None:
            self._failed("event", entry)
            return
        self.resolver.add("event", event)
        self._links("event", event, entry, "agreements", "topics")
        touched = set()
        for participant in entry.children.get("participants", []):
            self._participant(event, participant, touched)
        for index, host in enumerate(self._find_all(entry.refs.get("hosts", [])) or []):
            hosting_person = event.participations.filter(
                organisation=host, role=HOST, person__isnull=False
            )
            if not hosting_person.exists():  # else a person hosts for it: stored once
                path = join_path(join_path(entry.path, "hosts"), index)
                self._involvement("participation", event, path, organisation=host, role=HOST)

    def _participant(self, event: Event, entry: Entry, touched: set) -> None:
        person, organisation = self._person_and_organisation(entry)
        if person is False:
            return
        role = entry.values.get("role", Involvement.Role.GUEST)
        self._involvement(
            "participation", event, entry.path, touched=touched, person=person,
            organisation=organisation, **{**entry.values, "role": role},
        )  # fmt: skip


HOST, PARTY = Involvement.Role.HOST, Involvement.Role.PARTY
_INVOLVEMENT_MODELS = {
    Event: Participation,
    Delegation: DelegationMember,
    Agreement: AgreementParticipant,
}
