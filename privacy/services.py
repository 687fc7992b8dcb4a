"""GDPR for people: export everything held about a person, erase a person.

Both are plain functions with keyword-only arguments; the erasure runs in one transaction, so
it is complete or does not happen. What erasure means here:

* the person's name, name variants, photo (the files too, also older ones named in the
  history), contact data and notes are removed; the record stays as "Gelöschte Person" so
  events, delegations and agreements keep an anonymous participant and their counts stay true;
* the roles the person held (affiliations) and their source links are removed, the role
  titles on participations, delegation memberships, signatures and contact notes are blanked
  (the person stays in the notes as "Gelöschte Person", like at events);
* the same fields are blanked in every history row of these records and in the admin log;
* then every text column of every table (other records and their history, the admin log,
  search columns, derived tables) is searched for the person's names, e-mail address and phone
  number, and each occurrence is replaced ("Gelöschte Person", "[gelöscht]"); admin log
  entries about the person lose the role titles too. The texts where a name was replaced
  are listed once to the editor, to check the wording, and so are the attachments of the
  contact notes the person took part in (a file cannot be scrubbed);
* an ErasureRecord notes who erased, when and why, and how much was removed (counts only).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.models import ContactNote
from core.text import fold, search_text, split_lines
from core.thumbnails import thumbnail_name
from events.involvement import person_tables
from followups.models import FollowUp
from partnerships.models import Delegation
from people.models import Affiliation, Organisation, Person
from privacy.models import ErasureRecord

ERASED_NAME = "Gelöschte Person"
ERASED_TEXT = "[gelöscht]"
ERASURE_REASON = "DSGVO-Löschung"

# Person fields that hold personal data, and what they become.
PERSONAL_FIELDS = {
    "honorific": "",
    "given_name": "",
    "family_name": ERASED_NAME,
    "name_variants": "",
    "photo": "",
    "email": "",
    "phone": "",
    "notes": "",
}
# Records that link a person to an occasion, with the role title that describes the link.
LINKS = tuple((table.occasion, table.model) for table in person_tables())
# The date each occasion is known by.
OCCASION_DATES = {
    "event": "start_date",
    "delegation": "start_date",
    "agreement": "signed",
    "note": "day",
}
# Free-text fields where a person's name may appear in prose; checked by hand after erasure.
PROSE_FIELDS = (
    (Person, "notes"),
    (Organisation, "description"),
    (Delegation, "purpose"),
    ("partnerships.Agreement", "description"),
    ("events.Event", "description"),
    ("contacts.ContactNote", "text"),
    ("followups.FollowUp", "notes"),
)


# --- export ---------------------------------------------------------------------------------


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


def _approx(obj, attribute: str) -> str | None:
    return getattr(obj, attribute).iso()


def _history(queryset) -> list[dict]:
    """Every history row of ``queryset`` with all tracked fields, who, when and why."""
    model = queryset.model
    tracked = [
        f.attname
        for f in model._meta.concrete_fields
        if not f.name.startswith("history_") and f.name != "history_user"
    ]
    rows = []
    for row in queryset.select_related("history_user").order_by("history_date", "history_id"):
        rows.append(
            {
                "date": row.history_date,
                "type": {"+": "angelegt", "~": "geändert", "-": "gelöscht"}[row.history_type],
                "user": _username(row.history_user),
                "reason": row.history_change_reason,
                "values": {name: getattr(row, name) for name in tracked},
            }
        )
    return rows


def _source(source) -> dict:
    return {
        "reference": source.reference,
        "publisher": source.publisher,
        "title": source.title,
        "published_on": source.published_on,
        "author": source.author,
        "url": source.url,
    }


def _involvement(occasion_kind: str, row) -> dict:
    occasion = row.occasion
    return {
        "occasion": occasion_kind,
        "occasion_id": occasion.pk,
        "title": occasion.title,
        "date": _approx(occasion, OCCASION_DATES[occasion_kind]),
        "role": row.role,
        "role_title": row.role_title,
        "organisation": row.organisation.name if row.organisation_id else None,
        "organisation_id": row.organisation_id,
    }


def _notes_of(person: Person):
    """The contact notes the person took part in (their rows are in "involvements")."""
    return (
        ContactNote.objects.filter(participants__person=person)
        .distinct()
        .prefetch_related("staff")
        .order_by("date", "pk")
    )


def _contact_note(note: ContactNote) -> dict:
    return {
        "id": note.pk,
        "date": note.date,
        "kind": note.kind,
        "kind_label": str(note.get_kind_display()),
        "subject": note.subject,
        "text": note.text,
        "attachment": note.attachment.name or None,
        "staff": sorted(user.get_username() for user in note.staff.all()),
    }


def _followup(followup: FollowUp) -> dict:
    return {
        "id": followup.pk,
        "subject": followup.subject,
        "due_on": followup.due_on,
        "status": followup.status,
        "status_label": str(followup.get_status_display()),
        "owner": _username(followup.owner),
        "notes": followup.notes,
    }


def export_person(*, person: Person) -> dict:
    """Everything the CRM holds about ``person``, JSON-serialisable (DjangoJSONEncoder)."""
    affiliations = person.affiliations.select_related("organisation").prefetch_related("sources")
    person_type = ContentType.objects.get_for_model(Person)
    return {
        "exported_at": timezone.now(),
        "person": {
            "id": person.pk,
            **{name: getattr(person, name) for name in PERSONAL_FIELDS if name != "photo"},
            "photo": person.photo.name or None,
            "legal_basis": person.legal_basis,
            "legal_basis_label": str(person.get_legal_basis_display()),
            "erased_at": person.erased_at,
            "created_at": person.created_at,
            "updated_at": person.updated_at,
        },
        "sources": [_source(s) for s in person.sources.all()],
        "affiliations": [
            {
                "organisation": a.organisation.name,
                "organisation_id": a.organisation_id,
                "role_title": a.role_title,
                "since": _approx(a, "since_date"),
                "until": _approx(a, "until_date"),
                "is_primary": a.is_primary,
                "sources": [s.reference for s in a.sources.all()],
            }
            for a in affiliations
        ],
        "involvements": [
            _involvement(occasion, row)
            for occasion, model in LINKS
            for row in (
                model.objects.filter(person=person).select_related(
                    model.occasion_field, "organisation"
                )
            )
        ],
        "contact_notes": [_contact_note(note) for note in _notes_of(person)],
        "followups": [
            _followup(f) for f in person.followups.select_related("owner").order_by("due_on", "pk")
        ],
        "history": {
            "person": _history(Person.history.filter(id=person.pk)),
            "affiliations": _history(Affiliation.history.filter(person_id=person.pk)),
            **{name: _history(model.history.filter(person_id=person.pk)) for name, model in LINKS},
        },
        "admin_log": [
            {
                "date": entry.action_time,
                "user": _username(entry.user),
                "action": entry.get_action_flag_display(),
                "change": entry.get_change_message(),
            }
            for entry in LogEntry.objects.filter(
                content_type=person_type, object_id=str(person.pk)
            ).select_related("user")
        ],
        "erasures": [
            {
                "erased_at": r.erased_at,
                "erased_by": r.erased_by_username,
                "legal_reason": r.legal_reason,
                "note": r.note,
            }
            for r in ErasureRecord.objects.filter(person_number=person.pk)
        ],
    }


# --- erasure --------------------------------------------------------------------------------


@dataclass
class Mention:
    """A record whose prose still contains the erased name; staff check it by hand."""

    label: str
    model: str
    pk: int
    field: str


@dataclass
class ErasureResult:
    record: ErasureRecord
    # Shown once to the editor, never stored: they would bring the name back.
    mentions: list[Mention] = field(default_factory=list)


def _find_mentions(person: Person) -> list[Mention]:
    from django.apps import apps

    names = [n for n in (person.family_name, person.plain_name) if len(n) >= 3]
    if not names:
        return []
    mentions = []
    for model, field_name in PROSE_FIELDS:
        if isinstance(model, str):
            model = apps.get_model(model)
        condition = Q()
        for name in names:
            condition |= Q(**{f"{field_name}__icontains": name})
        queryset = model.objects.filter(condition)
        if model is Person:
            queryset = queryset.exclude(pk=person.pk)
        for obj in queryset.only("pk")[:50]:
            mentions.append(
                Mention(str(model._meta.verbose_name), model._meta.label, obj.pk, field_name)
            )
    for note in _notes_of(person).exclude(attachment="").only("pk")[:50]:
        label = str(ContactNote._meta.verbose_name)
        mentions.append(Mention(label, ContactNote._meta.label, note.pk, "attachment"))
    return mentions


def _stamp(obj, user) -> None:
    obj._history_user = user
    obj._change_reason = ERASURE_REASON


def _photo_files(person: Person) -> set[str]:
    """Every photo the person had (named in the history too)."""
    current = {person.photo.name} if person.photo else set()
    earlier = Person.history.filter(id=person.pk).exclude(photo="").values_list("photo", flat=True)
    return current | set(earlier)


def _anonymise_log(model, ids, text_for) -> int:
    content_type = ContentType.objects.get_for_model(model)
    entries = LogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(i) for i in ids]
    )
    count = 0
    for entry in entries:
        entry.object_repr = text_for(int(entry.object_id))[:200]
        entry.save(update_fields=["object_repr"])
        count += 1
    return count


def _names(person: Person) -> list[str]:
    """The spellings of the person's name, longest first (so "Dr. A B" goes before "A B")."""
    names = {person.full_name, person.plain_name, *split_lines(person.name_variants)}
    return sorted((n for n in names if len(n) >= 3), key=len, reverse=True)


def _text_fields(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not isinstance(f, models.SlugField)
        and not f.primary_key
    ]


def _replacer(replacements: dict[str, str]) -> Callable[[str], str]:
    """``text -> text`` with every term replaced, case-insensitively (one compiled pattern)."""
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(replacements, key=len, reverse=True)),
        re.IGNORECASE,
    )
    lowered = {}  # the first term of a spelling wins: "Thomas Kufen" before "thomas kufen"
    for term, value in replacements.items():
        lowered.setdefault(term.casefold(), value)
    return lambda text: pattern.sub(lambda match: lowered[match.group(0).casefold()], text)


def _scrub_everywhere(replacements: dict[str, str]) -> int:
    """Replace every occurrence of the terms (case-insensitively) in every text column of every
    table the project keeps; returns the number of rows changed. A full scan, run once per
    erasure: no trace may survive in a table nobody thought of."""
    terms = [term for term in replacements if len(term) >= 3]
    if not terms:
        return 0
    replace, changed = _replacer(replacements), 0
    for model in django_apps.get_models(include_auto_created=True):
        for f in _text_fields(model):
            condition = Q()
            for term in terms:
                condition |= Q(**{f"{f.attname}__icontains": term})
            rows = model._base_manager.filter(condition).values_list("pk", f.attname)
            for pk, text in rows.iterator():
                scrubbed = replace(text)[: f.max_length]
                if scrubbed != text:
                    model._base_manager.filter(pk=pk).update(**{f.attname: scrubbed})
                    changed += 1
    return changed


def _json(text: str) -> str:
    return json.dumps(text)[1:-1]


def _scrub_person_log(person: Person, names: list[str], role_titles: set[str]) -> int:
    """Admin log entries that quote the person (a role added inline, "Thomas Kufen
    (Oberbürgermeister, Stadt Essen)") lose the role titles as well."""
    replacements = {title: ERASED_TEXT for title in role_titles if len(title) >= 3}
    replacements.update({_json(title): ERASED_TEXT for title in replacements})
    if not replacements or not names:
        return 0
    condition = Q()
    for name in {*names, *map(_json, names)}:
        condition |= Q(change_message__icontains=name) | Q(object_repr__icontains=name)
    person_type = ContentType.objects.get_for_model(Person)
    condition |= Q(content_type=person_type, object_id=str(person.pk))
    replace, changed = _replacer(replacements), 0
    for entry in LogEntry.objects.filter(condition):
        entry.change_message = replace(entry.change_message)
        entry.object_repr = replace(entry.object_repr)[:200]
        entry.save(update_fields=["change_message", "object_repr"])
        changed += 1
    return changed


def _role_titles(person: Person) -> set[str]:
    titles = set(person.affiliations.values_list("role_title", flat=True))
    for _name, model in LINKS:
        titles.update(model.objects.filter(person=person).values_list("role_title", flat=True))
        titles.update(
            model.history.filter(person_id=person.pk).values_list("role_title", flat=True)
        )
    titles.update(
        Affiliation.history.filter(person_id=person.pk).values_list("role_title", flat=True)
    )
    return {title for title in titles if title}


def erase_person(*, person: Person, user, legal_reason: str, note: str = "") -> ErasureResult:
    """Erase the personal data of ``person`` (see the module docstring); all or nothing."""
    if legal_reason not in ErasureRecord.Reason.values:
        raise ValidationError(_("Bitte einen Rechtsgrund für die Löschung wählen."))
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.erased_at is not None:
            raise ValidationError(_("Diese Person wurde bereits gelöscht."))
        mentions = _find_mentions(person)
        photo_files = _photo_files(person)
        names = _names(person)
        role_titles = _role_titles(person)
        contacts = [value for value in (person.email, person.phone) if value]
        removed = {"fields": [name for name in PERSONAL_FIELDS if getattr(person, name)]}

        # Roles held are facts about the person: remove them (each deletion is in the history).
        affiliations = list(person.affiliations.all())
        affiliation_ids = [a.pk for a in affiliations]
        for affiliation in affiliations:
            _stamp(affiliation, user)
            affiliation.delete()
        removed["affiliations"] = len(affiliations)
        removed["sources"] = person.sources.count()
        person.sources.clear()

        # Links stay so counts stay true; only the text describing the person goes.
        link_ids = {}
        blanked = 0
        for _name, model in LINKS:
            rows = list(model.objects.filter(person=person))
            link_ids[model] = [row.pk for row in rows]
            for row in rows:
                if row.role_title:
                    row.role_title = ""
                    _stamp(row, user)
                    row.save(update_fields=["role_title", "updated_at"])
                    blanked += 1
        removed["role_titles"] = blanked

        for name, empty in PERSONAL_FIELDS.items():
            setattr(person, name, empty)
        person.erased_at = timezone.now()
        _stamp(person, user)
        person.full_clean(exclude=["photo"])
        person.save()

        # The history keeps no copy of what was just removed.
        history_rows = Person.history.filter(id=person.pk).update(
            **PERSONAL_FIELDS, search_text=search_text(ERASED_NAME), match_key=""
        )
        history_rows += Affiliation.history.filter(person_id=person.pk).update(role_title="")
        for _name, model in LINKS:
            history_rows += model.history.filter(person_id=person.pk).update(role_title="")
        removed["history_rows"] = history_rows

        log_entries = _anonymise_log(Person, [person.pk], lambda pk: ERASED_NAME)
        log_entries += _anonymise_log(
            Affiliation, affiliation_ids, lambda pk: _("Funktion einer gelöschten Person")
        )
        for model, ids in link_ids.items():
            by_pk = {row.pk: str(row) for row in model.objects.filter(pk__in=ids)}
            log_entries += _anonymise_log(model, ids, lambda pk, by_pk=by_pk: by_pk.get(pk, ""))
        log_entries += _scrub_person_log(person, names, role_titles)
        removed["log_entries"] = log_entries
        replacements = dict.fromkeys(names, ERASED_NAME)
        replacements.update({fold(name): fold(ERASED_NAME) for name in names})
        replacements.update(dict.fromkeys(contacts, ERASED_TEXT))
        # The admin log keeps its messages as JSON, with "ä" written "\u00e4".
        escaped = {_json(term): _json(value) for term, value in replacements.items()}
        replacements.update({term: v for term, v in escaped.items() if term not in replacements})
        removed["texts_elsewhere"] = _scrub_everywhere(replacements)
        removed["photo_files"] = len(photo_files)

        record = ErasureRecord.objects.create(
            person=person,
            person_number=person.pk,
            erased_by=user,
            erased_by_username=user.get_username(),
            legal_reason=legal_reason,
            note=note,
            removed=removed,
        )
        # Files are not transactional: delete them only once the erasure is committed.
        transaction.on_commit(lambda: _delete_files(photo_files))
    return ErasureResult(record=record, mentions=mentions)


def _delete_files(names: set[str]) -> None:
    """The photos and their scaled copies (core.thumbnails)."""
    for name in names:
        default_storage.delete(name)
        default_storage.delete(thumbnail_name(name))
