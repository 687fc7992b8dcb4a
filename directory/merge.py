"""Merging two people or two organisations that are one: every relation moves to the survivor.

``merge(survivor, other, choices, user)`` runs in one transaction:

1. the survivor takes the chosen value of each field (``MERGE_FIELDS``); names are united, the
   merged-away names kept as aliases (name variants) so imports find the survivor;
2. every relation pointing at the other record is re-pointed, found through the model's
   metadata, so a relation added later is not forgotten: foreign keys (functions,
   participations, delegation memberships, signatures and parties, venues, sent delegations,
   child organisations) and many-to-many links from either side (sources, sectors, follow-ups);
3. where both records are in the same row of a unique relation (both took part in the same
   event in the same role, both held the same function), the two rows become one: blank
   fields and links of the dropped row are kept on the surviving one, and of two delegation
   roles the higher (leader > organiser > member) stays;
4. the other record is deleted, the survivor saved (search text and match key follow), both
   with a history entry saying who merged what into what; the derived activity rows are
   recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from activity.maintain import recompute_organisations, recompute_persons
from core.text import split_lines
from events.models import Participation
from people.models import Involvement, Organisation, Person
from people.names import spelling_key, without_honorific

# The fields whose surviving value the editor chooses, per model; the rest is united.
MERGE_FIELDS = {
    Person: (
        "honorific", "given_name", "family_name", "email", "phone", "photo", "legal_basis",
        "notes",
    ),
    Organisation: (
        "name", "short_name", "kind", "parent", "country", "city", "website", "logo",
        "description",
    ),
}  # fmt: skip
# Where a merged-away name is kept.
NAME_LIST = {Person: "name_variants", Organisation: "aliases"}
# Of two roles in a relation that allows one per person, the one that says more stays.
ROLE_RANK = [Involvement.Role.LEADER, Involvement.Role.ORGANISER, Involvement.Role.MEMBER]
DERIVED_APP = "activity"  # its rows are recomputed, not moved


class MergeError(Exception):
    """The two records cannot be merged; the message says why."""


@dataclass
class MergeResult:
    survivor: models.Model
    merged_name: str
    merged_pk: int
    moved: dict[str, int] = field(default_factory=dict)  # relation label → rows moved
    joined: int = 0  # rows that became one with the survivor's own


def merge(survivor, other, choices: dict[str, str], user=None) -> MergeResult:
    """Merge ``other`` into ``survivor``; ``choices``: field name → "other" or "survivor", the
    record whose value stays (without one, the survivor's unless blank)."""
    model = type(survivor)
    if model not in MERGE_FIELDS or type(other) is not model:
        raise MergeError(_("Nur Personen mit Personen und Organisationen mit Organisationen."))
    if survivor.pk == other.pk:
        raise MergeError(_("Ein Eintrag kann nicht mit sich selbst zusammengeführt werden."))
    if getattr(survivor, "erased_at", None) or getattr(other, "erased_at", None):
        raise MergeError(_("Gelöschte Personen werden nicht zusammengeführt."))
    with transaction.atomic():
        survivor, other = _locked(model, survivor.pk, other.pk)
        result = MergeResult(survivor, str(other), other.pk)
        shared_events = _shared_events(survivor, other) if model is Person else []
        names_before = [*survivor.all_names(), *other.all_names()]
        _take_fields(survivor, other, choices)
        _unite_names(survivor, other, names_before)
        for relation in model._meta.related_objects:
            if relation.related_model._meta.app_label == DERIVED_APP:
                continue
            if relation.many_to_many:
                _move_links(relation.through, relation.field.m2m_reverse_field_name(),
                            survivor, other, result)  # fmt: skip
            elif relation.related_model is model:
                _move_children(relation, survivor, other, result)
            else:
                _move_rows(relation.related_model, relation.field.name, survivor, other, result)
        for m2m in model._meta.many_to_many:
            _move_links(m2m.remote_field.through, m2m.m2m_field_name(), survivor, other, result)
        reason = _("%(other)s (Nr. %(pk)s) zusammengeführt in %(survivor)s (Nr. %(target)s)") % {
            "other": result.merged_name, "pk": other.pk, "survivor": survivor, "target": survivor.pk
        }  # fmt: skip
        for record in (other, survivor):
            record._change_reason = reason[:100]
            if user is not None:
                record._history_user = user
        if model is Organisation:  # no longer below the record that goes (saved below)
            model.objects.filter(pk=survivor.pk).update(parent_id=survivor.parent_id)
        other.delete()
        survivor.full_clean(exclude=["photo", "logo"])
        survivor.save()
        if model is Person:
            recompute_persons([survivor.pk, *Participation.objects.filter(
                event__in=shared_events).values_list("person_id", flat=True)])  # fmt: skip
        else:
            recompute_organisations([survivor.pk])
    return result


def _locked(model, *pks):
    rows = {r.pk: r for r in model.objects.select_for_update().filter(pk__in=pks).order_by("pk")}
    if len(rows) != len(pks):
        raise MergeError(_("Einer der beiden Einträge existiert nicht mehr."))
    return [rows[pk] for pk in pks]


def _shared_events(survivor, other) -> list[int]:
    mine = Participation.objects.filter(person=survivor).values("event_id")
    return list(
        Participation.objects.filter(person=other, event_id__in=mine).values_list(
            "event_id", flat=True
        )
    )


def _take_fields(survivor, other, choices) -> None:
    """The chosen value of each field; without a choice, the survivor's unless it is blank."""
    for name in MERGE_FIELDS[type(survivor)]:
        choice = choices.get(name)
        if choice is None and getattr(survivor, name) in ("", None):
            choice = "other"
        if choice == "other":
            setattr(survivor, name, getattr(other, name))
    if getattr(survivor, "parent_id", None) in (other.pk, survivor.pk):
        survivor.parent_id = other.parent_id if other.parent_id != survivor.pk else None


def _main_names(record) -> list[str]:
    listed = set(split_lines(getattr(record, NAME_LIST[type(record)])))
    return [name for name in record.all_names() if name and name not in listed]


def _same_name_key(model):
    if model is Person:
        return lambda name: spelling_key(without_honorific(name))
    return spelling_key


def _unite_names(survivor, other, names_before: list[str]) -> None:
    """Every name either record had stays findable: the survivor's list field (aliases, name
    variants) gets each one its main names now do not say."""
    key = _same_name_key(type(survivor))
    known = {key(name) for name in _main_names(survivor)}
    kept = []
    for name in names_before:
        if name and key(name) not in known:
            known.add(key(name))
            kept.append(name)
    setattr(survivor, NAME_LIST[type(survivor)], "\n".join(kept))


def _unique_sets(model, field_name: str):
    """(other fields, condition) of each unique rule of ``model`` that includes ``field_name``."""
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and field_name in constraint.fields:
            rest = [f for f in constraint.fields if f != field_name]
            yield rest, constraint.condition or Q()
    for together in model._meta.unique_together:
        if field_name in together:
            yield [f for f in together if f != field_name], Q()


def _move_rows(model, field_name: str, survivor, other, result: MergeResult) -> None:
    """Re-point ``model.field_name`` from other to survivor, joining rows that would collide."""
    rows = model._default_manager.filter(**{field_name: other})
    for rest, condition in _unique_sets(model, field_name):
        twins = model._default_manager.filter(condition, **{field_name: survivor}).filter(
            **{f: OuterRef(f) for f in rest}
        )
        columns = [model._meta.get_field(f).attname for f in rest]
        for dropped in rows.filter(condition).filter(Exists(twins)):
            kept = model._default_manager.get(
                condition, **{field_name: survivor}, **{c: getattr(dropped, c) for c in columns}
            )
            _join(kept, dropped, field_name)
            result.joined += 1
    moved = rows.update(**{field_name: survivor})
    if moved:
        result.moved[str(model._meta.verbose_name_plural)] = moved


def _join(kept, dropped, merged_field: str) -> None:
    """Two rows that say the same: the kept one takes the dropped one's blanks and links.

    Rows that name different records (one signed for Stadt A, the other for Stadt B) cannot
    become one without losing a fact: the merge stops and says which.
    """
    for model_field in kept._meta.concrete_fields:
        name = model_field.attname
        mine, theirs = getattr(kept, name), getattr(dropped, name)
        if model_field.name == merged_field or not model_field.is_relation:
            continue
        if None not in (mine, theirs) and mine != theirs:
            raise MergeError(
                _("Beide sind bei „%(row)s“ eingetragen, aber mit verschiedenen Angaben für "
                  "„%(field)s“ (%(mine)s / %(theirs)s). Bitte zuerst einen der beiden Einträge "
                  "berichtigen; es wurde nichts zusammengeführt.")
                % {"row": kept, "field": model_field.verbose_name,
                   "mine": getattr(kept, model_field.name),
                   "theirs": getattr(dropped, model_field.name)}
            )  # fmt: skip
    changed = []
    for model_field in kept._meta.concrete_fields:
        name = model_field.attname
        if model_field.primary_key or getattr(kept, name) not in ("", None):
            continue
        if getattr(dropped, name) not in ("", None):
            setattr(kept, name, getattr(dropped, name))
            changed.append(name)
    role, other_role = getattr(kept, "role", None), getattr(dropped, "role", None)
    if {role, other_role} <= set(ROLE_RANK) and ROLE_RANK.index(other_role) < ROLE_RANK.index(role):
        kept.role = other_role
        changed.append("role")
    if changed:
        kept.save(update_fields=changed)
    for m2m in kept._meta.many_to_many:
        getattr(kept, m2m.name).add(*getattr(dropped, m2m.name).all())
    dropped.delete()


def _move_children(relation, survivor, other, result: MergeResult) -> None:
    """Organisations below the merged-away one move below the survivor (not the survivor)."""
    rows = relation.related_model._default_manager.filter(**{relation.field.name: other})
    moved = rows.exclude(pk=survivor.pk).update(**{relation.field.name: survivor})
    if moved:
        result.moved[str(relation.related_model._meta.verbose_name_plural)] = moved


def _move_links(through, own_column: str, survivor, other, result: MergeResult) -> None:
    """Many-to-many links of other become the survivor's; links both had stay once."""
    other_column = next(
        f.name for f in through._meta.concrete_fields if f.is_relation and f.name != own_column
    )
    links = through._default_manager.filter(**{own_column: other})
    already = through._default_manager.filter(**{own_column: survivor}).values(other_column)
    links.filter(**{f"{other_column}__in": already}).delete()
    moved = links.update(**{own_column: survivor})
    if moved:
        label = through._meta.get_field(other_column).related_model._meta.verbose_name_plural
        result.moved[str(label)] = result.moved.get(str(label), 0) + moved
