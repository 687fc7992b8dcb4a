"""The article file format: a YAML file read into checked entries, without touching the database.

docs/import-format.md describes the format for staff. The structure of each entry is a
pydantic model (unknown and missing fields, nesting); the readers turn values into what the
database stores (kinds, dates, head-counts, countries). Every problem found is reported with
its file, entry and field, in German, with a suggestion for a misspelt name; duplicates are
checked after. Names that refer to other records stay names (:class:`Ref`); articles.resolve
finds them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, get_args

import yaml
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from articles.problems import ArticleImportError, Problem, closest, did_you_mean, join_path
from core.approxdate import ApproxDate, Precision
from core.text import fold
from events.models import Event, Participation
from partnerships.models import Agreement, Delegation, DelegationMember
from people.models import Organisation, Person, Source
from people.names import name_key, split_person_name

MAX_FILE_BYTES = 512 * 1024
# An article names a few dozen records; these bounds keep a hostile file under the size limit
# from holding a web worker (checked before anything is resolved against the database).
MAX_ENTRIES = 2_000
MAX_DEPTH = 20  # nested lists and mappings; an article file needs five
MAX_DIGITS = 30  # of a number: head counts and years are short


# --- what a file turns into -------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A record named in the file, to be found by articles.resolve."""

    kind: str  # "organisation", "person", "topic", "agreement" or "delegation"
    name: str
    path: str  # where the name stands, for messages


@dataclass
class Entry:
    """One record of the file: the fields it gives, the names it refers to, its sub-entries."""

    path: str
    values: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, Ref | list[Ref]] = field(default_factory=dict)
    children: dict[str, list[Entry]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.names[0] if self.names else ""


@dataclass
class Article:
    file: str
    reference: str
    source: Entry
    topics: list[Entry]
    organisations: list[Entry]
    people: list[Entry]
    agreements: list[Entry]
    delegations: list[Entry]
    events: list[Entry]


# --- reading values ---------------------------------------------------------------------------


_FORBIDDEN = {"Cc", "Cs"}  # control characters, lone surrogates


class Invalid(Exception):
    """A value that cannot be used; the message says why in plain words."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | list | dict):
        raise Invalid(_("erwartet einen Text"))
    text = str(value).strip()
    # YAML escapes ("\0", "\uD800") can make characters no database column accepts.
    if any(unicodedata.category(ch) in _FORBIDDEN and ch not in "\t\n\r" for ch in text):
        raise Invalid(_("enthält Steuerzeichen, die nicht gespeichert werden können"))
    return text


def _names(value) -> list[str]:
    """One name, or a list of names."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    names = [_text(item) for item in items]
    return [name for name in names if name]


def _boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    words = {"ja": True, "nein": False, "yes": True, "no": False, "true": True, "false": False}
    if isinstance(value, str) and value.strip().casefold() in words:
        return words[value.strip().casefold()]
    raise Invalid(_("erwartet ja oder nein (true/false)"))


def _choice(choices: type[models.TextChoices] | list[tuple[str, str]], unknown: str) -> Callable:
    """A kind, role or status, written as its code ("company") or its German label.

    ``choices`` is a TextChoices class or a field's (value, label) pairs; ``unknown`` is the
    message for a value that is neither, e.g. "unbekannte Art '%(value)s'".
    """
    pairs = choices.choices if isinstance(choices, type) else list(choices)
    values, labels = [value for value, _label in pairs], [label for _value, label in pairs]
    known = {fold(value): value for value in values}
    known.update({fold(str(label)): value for value, label in pairs})

    def read(value):
        text = _text(value)
        if fold(text) in known:
            return known[fold(text)]
        spellings = {fold(str(label)): str(label) for label in labels}
        spellings.update({fold(v): v for v in values})  # the code wins a tie
        hint = did_you_mean(closest(fold(text), spellings))
        allowed = ", ".join(values)
        raise Invalid(
            (unknown % {"value": text})
            + hint
            + _("; möglich sind: %(allowed)s") % {"allowed": allowed}
        )

    return read


def _approx_date(value) -> ApproxDate:
    text = _text(value)
    try:
        return ApproxDate.parse(text)
    except ValueError as error:
        if "not a real date" in str(error):
            raise Invalid(_("das Datum '%(value)s' gibt es nicht") % {"value": text}) from None
        raise Invalid(
            _(
                "'%(value)s' ist kein Datum, das der Import versteht; schreiben Sie z. B. "
                "2018-11-16, 2024-02, 2022-Q1, Sommer 2020, 2017, ca. 2017 oder nichts"
            )
            % {"value": text}
        ) from None


def _exact_date(value):
    date = _approx_date(value)
    if date.is_known and date.precision != Precision.DAY:
        raise Invalid(_("hier ist nur ein genauer Tag möglich (z. B. 2024-02-24) oder nichts"))
    return date.value


def _country(value) -> str:
    text = _text(value)
    if not text:
        return ""
    if text.upper() in dict(countries):
        return text.upper()
    for language in ("de", "en"):
        code = countries.by_name(text, language=language)
        if code:
            return code
    raise Invalid(
        _("unbekanntes Land '%(value)s'; bitte den Ländercode schreiben, z. B. DE, JP, US, CA")
        % {"value": text}
    )


def _url(value) -> str:
    text = _text(value)
    if text and "://" not in text:
        text = "https://" + text
    return text


_HEAD_COUNT = re.compile(
    r"^(?:(?P<qualifier>rund|ca\.?|circa|etwa|ungefähr|über|mehr als|knapp|fast|about|over)\s+)?"
    r"(?P<count>\d+)\s*(?P<label>.*)$",
    re.IGNORECASE,
)


def _head_count(value) -> dict:
    """``25``, ``rund 25 Teilnehmende`` or ``{count: 25, approx: true, label: Teilnehmende}``."""
    if isinstance(value, bool):
        raise Invalid(_("erwartet eine Zahl, z. B. 18 oder 'rund 25 Teilnehmende'"))
    if isinstance(value, int):
        count, approx, label = value, False, ""
    elif isinstance(value, dict):
        unknown = set(value) - {"count", "approx", "label"}
        if unknown:
            raise Invalid(_("erlaubt sind count, approx und label"))
        count = value.get("count")
        if isinstance(count, bool) or not isinstance(count, int):
            raise Invalid(_("count muss eine ganze Zahl sein"))
        approx = _boolean(value.get("approx", False))
        label = _text(value.get("label"))
    else:
        match = _HEAD_COUNT.match(_text(value))
        if not match:
            raise Invalid(_("erwartet eine Zahl, z. B. 18 oder 'rund 25 Teilnehmende'"))
        count = int(match["count"])
        approx = bool(match["qualifier"])
        label = match["label"].strip()
    if count < 0:
        raise Invalid(_("die Anzahl kann nicht negativ sein"))
    return {"head_count": count, "head_count_approx": approx, "head_count_label": label}


# --- the sections: one pydantic model per kind of entry --------------------------------------
#
# Each model says which fields an entry may have and how each value is read (the readers
# above, whose messages say in plain words what is wrong); pydantic refuses unknown fields,
# reports missing ones and checks the nesting. ``Meta`` tells how a field becomes part of an
# Entry: a model field named differently, a reference to another record, a list of them.


@dataclass(frozen=True)
class Meta:
    attr: str | None = None  # model field, when it is named differently from the key
    ref: str | None = None  # kind of record a reference names
    many: bool = False  # a list of references


@dataclass(frozen=True)
class Field:
    """One field of a section, as the rest of the import sees it (derived from the model)."""

    key: str
    required: bool = False
    attr: str | None = None
    ref: str | None = None
    many: bool = False
    children: str | None = None  # the section whose entries this field lists

    @property
    def target(self) -> str:
        return self.attr or self.key


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _reader(read: Callable, *, required: bool = False) -> BeforeValidator:
    """A value read by ``read``; its Invalid message becomes the field's error."""

    def validate(value):
        if required and (value is None or value == "" or value == []):
            raise PydanticCustomError("required", "{message}", {"message": str(_REQUIRED)})
        try:
            return read(value)
        except Invalid as error:
            raise PydanticCustomError("invalid", "{message}", {"message": str(error)}) from None

    return BeforeValidator(validate)


_REQUIRED = gettext_lazy("fehlt; dieses Feld ist Pflicht")
_LIST_EXPECTED = gettext_lazy("erwartet eine Liste von Einträgen (jeder beginnt mit '- ')")


def value(read: Callable = None, *, attr: str | None = None):
    return Annotated[Any, _reader(read or _text), Meta(attr=attr)]


def required(read: Callable = None, *, attr: str | None = None):
    return Annotated[Any, _reader(read or _text, required=True), Meta(attr=attr)]


def _one_name(raw) -> list[str]:
    names = _names(raw)
    if len(names) > 1:
        raise Invalid(_("hier ist nur ein Name möglich"))
    return names


def reference(kind: str, *, is_required: bool = False):
    return Annotated[Any, _reader(_one_name, required=is_required), Meta(ref=kind)]


def references(kind: str):
    return Annotated[Any, _reader(_names), Meta(ref=kind, many=True)]


_DATE = _approx_date
_UNKNOWN_KIND = gettext_lazy("unbekannte Art '%(value)s'")
_UNKNOWN_STATUS = gettext_lazy("unbekannter Status '%(value)s'")
_UNKNOWN_ROLE = gettext_lazy("unbekannte Rolle '%(value)s'")


def _kind(choices) -> Callable:
    return _choice(choices, _UNKNOWN_KIND)


class SourceIn(Section):
    publisher: required()
    title: required()
    date: value(_exact_date, attr="published_on") = None
    author: value() = None
    url: value(_url) = None
    language: value(_choice(Source.Language, gettext_lazy("unbekannte Sprache '%(value)s'"))) = None
    reference: value() = None


class TopicIn(Section):
    name: required()
    slug: value() = None
    description: value() = None


class OrganisationIn(Section):
    name: required()
    short_name: value() = None
    aliases: value(_names) = None
    kind: value(_kind(Organisation.Kind)) = None
    parent: reference("organisation") = None
    country: value(_country) = None
    city: value() = None
    website: value(_url) = None
    sectors: references("topic") = None
    description: value() = None


class RoleIn(Section):
    organisation: reference("organisation", is_required=True)
    title: value(attr="role_title") = None
    since: value(_DATE) = None
    until: value(_DATE) = None
    primary: value(_boolean, attr="is_primary") = None


class PersonIn(Section):
    name: required()
    honorific: value() = None
    given_name: value() = None
    family_name: value() = None
    name_variants: value(_names) = None
    email: value() = None
    phone: value() = None
    legal_basis: value(
        _choice(Person.LegalBasis, gettext_lazy("unbekannte Rechtsgrundlage '%(value)s'"))
    ) = None
    notes: value() = None
    roles: list[RoleIn] | None = None


class SignatoryIn(Section):
    person: reference("person", is_required=True)
    party: reference("organisation", is_required=True)
    role_title: value() = None


class AgreementIn(Section):
    title: required()
    kind: required(_kind(Agreement.Kind))
    status: value(_choice(Agreement.Status, _UNKNOWN_STATUS)) = None
    signed: value(_DATE, attr="signed_on") = None
    place: value(attr="signed_place") = None
    supplements: reference("agreement") = None
    valid_from: value(_DATE) = None
    valid_until: value(_DATE) = None
    description: value() = None
    topics: references("topic") = None
    parties: references("organisation") = None
    signatories: list[SignatoryIn] | None = None


class MemberIn(Section):
    person: reference("person") = None
    organisation: reference("organisation") = None
    role: value(_choice(DelegationMember.role_choices(), _UNKNOWN_ROLE)) = None
    role_title: value() = None


class DelegationIn(Section):
    title: required()
    direction: value(
        _choice(Delegation.Direction, gettext_lazy("unbekannte Richtung '%(value)s'"))
    ) = None
    origin_country: value(_country) = None
    origin_city: value() = None
    origin_organisation: reference("organisation") = None
    destination_country: value(_country) = None
    destination_city: value() = None
    start: value(_DATE) = None
    end: value(_DATE) = None
    organisers: references("organisation") = None
    leader: reference("person") = None
    head_count: value(_head_count) = None
    purpose: value() = None
    topics: references("topic") = None
    members: list[MemberIn] | None = None


class ParticipantIn(Section):
    person: reference("person") = None
    organisation: reference("organisation") = None
    role: value(_choice(Participation.role_choices(), _UNKNOWN_ROLE)) = None
    role_title: value() = None


class EventIn(Section):
    title: required()
    kind: value(_kind(Event.Kind)) = None
    status: value(_choice(Event.Status, _UNKNOWN_STATUS)) = None
    start: value(_DATE) = None
    end: value(_DATE) = None
    venue: reference("organisation") = None
    venue_name: value() = None
    city: value() = None
    country: value(_country) = None
    hosts: references("organisation") = None
    delegation: reference("delegation") = None
    agreements: references("agreement") = None
    head_count: value(_head_count) = None
    topics: references("topic") = None
    description: value() = None
    participants: list[ParticipantIn] | None = None


# The model of each section and of each kind of sub-entry, by its key in the file.
MODELS: dict[str, type[Section]] = {
    "source": SourceIn,
    "topics": TopicIn,
    "organisations": OrganisationIn,
    "people": PersonIn,
    "roles": RoleIn,
    "agreements": AgreementIn,
    "signatories": SignatoryIn,
    "delegations": DelegationIn,
    "members": MemberIn,
    "events": EventIn,
    "participants": ParticipantIn,
}
_SECTION_OF_MODEL = {model: name for name, model in MODELS.items()}


def _child_model(annotation) -> type[Section] | None:
    for arg in get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, Section):
            return arg
        found = _child_model(arg) if get_args(arg) else None
        if found:
            return found
    return None


def _field(key: str, info: FieldInfo) -> Field:
    child = _child_model(info.annotation)
    meta = next((m for m in info.metadata if isinstance(m, Meta)), Meta())
    return Field(
        key,
        required=info.is_required(),
        attr=meta.attr,
        ref=meta.ref,
        many=meta.many,
        children=_SECTION_OF_MODEL[child] if child else None,
    )


SPECS: dict[str, list[Field]] = {
    name: [_field(key, info) for key, info in model.model_fields.items()]
    for name, model in MODELS.items()
}
SECTIONS = ("source", "topics", "organisations", "people", "agreements", "delegations", "events")


# --- YAML -------------------------------------------------------------------------------------

_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _Loader(yaml.SafeLoader):
    """Safe YAML with three changes for hand-written article files.

    Dates stay text (ApproxDate reads them, and "2018-02-30" gets a plain message instead of
    a crash); only true/false are booleans, so the country code NO stays Norway; anchors
    and aliases are refused (a file of nested aliases can be made to expand without limit),
    and so is a key given twice in one entry.
    """

    def compose_node(self, parent, index):
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    _("zu tief verschachtelt (höchstens %(limit)s Ebenen)") % {"limit": MAX_DEPTH},
                    mark,
                )
            return self._compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node):
        if len(node.value) > MAX_DIGITS:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                _("eine Zahl mit mehr als %(limit)s Stellen") % {"limit": MAX_DIGITS},
                node.start_mark,
            )
        return super().construct_yaml_int(node)

    def _compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, _("Verweise mit * sind nicht erlaubt"), mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    _("das Feld '%(key)s' steht zweimal im selben Eintrag") % {"key": key},
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in {_BOOL_TAG, _TIMESTAMP_TAG}]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def decode(data: bytes, *, file: str) -> str:
    """The text of an uploaded or read file, or an error saying why it is not an article file."""
    if len(data) > MAX_FILE_BYTES:
        raise ArticleImportError(
            [
                Problem(
                    file,
                    "",
                    _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
                    % {
                        "size": filesizeformat(len(data)),
                        "limit": filesizeformat(MAX_FILE_BYTES),
                    },
                )
            ]
        )
    try:
        if b"\x00" in data:
            raise UnicodeDecodeError("utf-8", data, 0, 1, "NUL byte")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleImportError(
            [Problem(file, "", _("Das ist keine Textdatei (YAML in UTF-8), sondern Binärdaten."))]
        ) from None


def load_yaml(text: str, *, file: str):
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = (
            _("Zeile %(line)s, Spalte %(column)s")
            % {"line": mark.line + 1, "column": mark.column + 1}
            if mark
            else ""
        )
        detail = getattr(error, "problem", None) or str(error)
        message = _("kein gültiges YAML (%(where)s): %(detail)s") % {
            "where": where,
            "detail": detail,
        }
        raise ArticleImportError([Problem(file, "", message)]) from None


# --- checking a file --------------------------------------------------------------------------


class _Checker:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, message))

    def entry(self, spec_name: str, data, path: str) -> Entry | None:
        """The entry ``data`` describes, or None (its problems recorded)."""
        try:
            checked = MODELS[spec_name].model_validate(data)
        except ValidationError as error:
            for problem in error.errors():
                self._report(spec_name, path, problem)
            return None
        return self._entry(checked, path)

    def _report(self, spec_name: str, path: str, problem: dict) -> None:
        """A pydantic error, in the words of the file format."""
        model, where = MODELS[spec_name], path
        *parents, last = problem["loc"] or ("",)
        for step in parents:
            if isinstance(step, int):
                where = join_path(where, step)
                continue
            where = join_path(where, str(step))
            model = _child_model(model.model_fields[step].annotation) if model else None
        kind = problem["type"]
        if kind == "extra_forbidden":
            known = {key: key for key in (model.model_fields if model else ())}
            hint = did_you_mean(closest(str(last), known))
            message = _("unbekanntes Feld '%(key)s'%(hint)s") % {"key": last, "hint": hint}
        elif kind == "missing":
            message = str(_REQUIRED)
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = _("erwartet einen Eintrag mit Feldern (z. B. name: …)")
        elif kind == "list_type":
            message = str(_LIST_EXPECTED)
        else:
            message = problem["msg"]
        self.problem(join_path(where, last) if last != "" else where, message)

    def _entry(self, checked: Section, path: str) -> Entry:
        entry = Entry(path)
        for f in SPECS[_SECTION_OF_MODEL[type(checked)]]:
            if f.key not in checked.model_fields_set:
                continue
            raw, where = getattr(checked, f.key), join_path(path, f.key)
            if f.children:
                entries = [
                    self._entry(child, join_path(where, i)) for i, child in enumerate(raw or [])
                ]
                entry.children[f.key] = self._finished(f.children, entries)
            elif f.ref and f.many:
                refs = [Ref(f.ref, n, join_path(where, i)) for i, n in enumerate(raw)]
                self._no_repeats(refs, lambda r: [name_key(r.name)], lambda r: r.name)
                entry.refs[f.key] = refs
            elif f.ref:
                if raw:
                    entry.refs[f.key] = Ref(f.ref, raw[0], where)
            elif isinstance(raw, ApproxDate):
                entry.values[f.target] = raw.value
                entry.values[f"{f.target}_precision"] = raw.precision
                entry.values[f"{f.target}_approx"] = raw.approximate
            elif isinstance(raw, dict):
                entry.values.update(raw)
            else:
                entry.values[f.target] = raw
        return entry

    def entries(self, spec_name: str, raw, path: str) -> list[Entry]:
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.problem(path, str(_LIST_EXPECTED))
            return []
        entries = [self.entry(spec_name, item, join_path(path, i)) for i, item in enumerate(raw)]
        return self._finished(spec_name, [e for e in entries if e is not None])

    def _finished(self, spec_name: str, entries: list[Entry]) -> list[Entry]:
        finish = getattr(self, f"_finish_{spec_name}", None)
        for entry in entries:
            if finish:
                finish(entry)
        self._no_repeats(entries, _IDENTITY[spec_name], _LABEL.get(spec_name, lambda e: e.name))
        return entries

    def _no_repeats(self, items, keys_of, label_of) -> None:
        """Each record once: a second entry with a name already used is a duplicate."""
        first_seen: dict = {}
        for item in items:
            for key in keys_of(item):
                if key in first_seen and first_seen[key] is not item:
                    self.problem(
                        item.path,
                        _("doppelter Eintrag: '%(name)s' steht schon in %(first)s")
                        % {"name": label_of(item), "first": first_seen[key].path},
                    )
                    break
            for key in keys_of(item):
                first_seen.setdefault(key, item)

    # Per-section completion: identity names and cross-field rules.

    def _finish_topics(self, entry: Entry) -> None:
        entry.names = [n for n in (entry.values.get("name"), entry.values.get("slug")) if n]

    def _finish_organisations(self, entry: Entry) -> None:
        values = entry.values
        names = (values.get("name"), values.get("short_name"), *values.get("aliases", ()))
        entry.names = [n for n in names if n]

    def _finish_people(self, entry: Entry) -> None:
        values = entry.values
        written = values.pop("name", "")
        honorific, given, family = split_person_name(written) if written else ("", "", "")
        if honorific:  # an article that leaves out "Dr." does not take the title away
            values.setdefault("honorific", honorific)
        values.setdefault("given_name", given)
        values.setdefault("family_name", family)
        if written and not values["family_name"]:
            self.problem(join_path(entry.path, "family_name"), _("fehlt; ein Nachname ist Pflicht"))
        plain = " ".join(p for p in (values["given_name"], values["family_name"]) if p)
        full = " ".join(p for p in (values.get("honorific", ""), plain) if p)
        entry.names = [n for n in (plain, full, written, *values.get("name_variants", ())) if n]

    def _finish_agreements(self, entry: Entry) -> None:
        entry.names = [entry.values["title"]] if entry.values.get("title") else []

    _finish_delegations = _finish_events = _finish_agreements

    def _finish_members(self, entry: Entry) -> None:
        if "person" not in entry.refs and "organisation" not in entry.refs:
            self.problem(entry.path, _("braucht eine Person (person:) oder eine Organisation"))

    _finish_participants = _finish_members


def _ref_key(entry: Entry, key: str) -> str:
    ref = entry.refs.get(key)
    return name_key(ref.name) if ref else ""


def _identity_names(entry: Entry) -> list[str]:
    return [name_key(n) for n in entry.names]


_IDENTITY: dict[str, Callable[[Entry], list]] = {
    "topics": _identity_names,
    "organisations": _identity_names,
    "people": _identity_names,
    "agreements": _identity_names,
    "delegations": _identity_names,
    "events": _identity_names,
    "roles": lambda e: [(_ref_key(e, "organisation"), fold(e.values.get("role_title", "")))],
    "signatories": lambda e: [_ref_key(e, "person")],
    "members": lambda e: [_person_or_organisation(e)],
    "participants": lambda e: [(*_person_or_organisation(e), e.values.get("role", ""))],
}


def _person_or_organisation(entry: Entry) -> tuple[str, str]:
    """A member or participant is the person; the organisation counts only when no one is named."""
    if entry.refs.get("person"):
        return _ref_key(entry, "person"), ""
    return "", _ref_key(entry, "organisation")


def _child_label(entry: Entry) -> str:
    ref = entry.refs.get("person") or entry.refs.get("organisation")
    return ref.name if ref else ""


_LABEL = dict.fromkeys(("roles", "signatories", "members", "participants"), _child_label)


def _count_entries(data) -> int:
    if isinstance(data, list):
        return len(data) + sum(_count_entries(item) for item in data)
    if isinstance(data, dict):
        return sum(_count_entries(value) for value in data.values())
    return 0


def parse_article(text: str, *, file: str, reference: str | None = None) -> Article:
    """Check an article file; raises ArticleImportError listing every problem found."""
    data = load_yaml(text, file=file)
    checker = _Checker(file)
    if data is None:
        raise ArticleImportError([Problem(file, "", _("Die Datei ist leer."))])
    entries = _count_entries(data)
    if entries > MAX_ENTRIES:
        message = _(
            "Die Datei enthält %(count)s Einträge; ein Artikel hat höchstens %(limit)s. "
            "Bitte auf mehrere Dateien aufteilen."
        ) % {"count": entries, "limit": MAX_ENTRIES}
        raise ArticleImportError([Problem(file, "", message)])
    if not isinstance(data, dict):
        raise ArticleImportError(
            [
                Problem(
                    file,
                    "",
                    _("Eine Artikeldatei besteht aus den Abschnitten %(sections)s.")
                    % {"sections": ", ".join(f"{s}:" for s in SECTIONS)},
                )
            ]
        )
    for key in data:
        if key not in SECTIONS:
            hint = did_you_mean(closest(str(key), {s: s for s in SECTIONS}))
            checker.problem(
                str(key), _("unbekannter Abschnitt '%(key)s'%(hint)s") % {"key": key, "hint": hint}
            )
    if "source" not in data:
        checker.problem("source", _("fehlt; jede Datei nennt ihre Quelle (den Artikel)"))
        source = None
    else:
        source = checker.entry("source", data["source"], "source")
    sections = {name: checker.entries(name, data.get(name), name) for name in SECTIONS[1:]}
    if checker.problems:
        raise ArticleImportError(checker.problems)
    reference = source.values.pop("reference", "") or reference or Path(file).stem
    return Article(file=file, reference=reference, source=source, **sections)


def read_article(path: Path) -> Article:
    """Read and check one article file from disk."""
    data = path.read_bytes()
    return parse_article(decode(data, file=path.name), file=path.name, reference=path.stem)
