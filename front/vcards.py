"""People as vCards (3.0, written by the vobject library: escaping of , ; \\ and newlines,
lines folded at 75 octets, CRLF). Erased people are never written.

A card holds what a reader sees on the person's page: the name (honorific as prefix, the
name variants as nicknames), the current function (the primary one first) as ORG and TITLE,
e-mail and phone, and the record's address in the CRM.
"""

from __future__ import annotations

from collections.abc import Iterable

import vobject
from django.http import StreamingHttpResponse

from people.models import Person

VCARD_CONTENT_TYPE = "text/vcard; charset=utf-8"


def current_affiliation(person: Person):
    """The function a card names: one without a known end, the primary one first (the
    affiliations as prefetched: "-is_primary", "-since")."""
    for affiliation in person.affiliations.all():
        if affiliation.until is None:
            return affiliation
    return None


def vcard_text(person: Person, url: str = "") -> str:
    """One person's vCard (``url``: the absolute address of the person's page)."""
    if person.erased_at is not None:
        raise ValueError("an erased person is never exported")
    card = vobject.vCard()
    card.add("n").value = vobject.vcard.Name(
        family=person.family_name, given=person.given_name, prefix=person.honorific
    )
    card.add("fn").value = person.full_name
    for variant in person.name_variants.splitlines():  # one NICKNAME each: a comma is text
        if variant.strip():
            card.add("nickname").value = variant.strip()
    affiliation = current_affiliation(person)
    if affiliation is not None:
        card.add("org").value = [affiliation.organisation.name]
        if affiliation.role_title:
            card.add("title").value = affiliation.role_title
    if person.email:
        email = card.add("email")
        email.value = person.email
        email.type_param = "INTERNET"
    if person.phone:
        card.add("tel").value = person.phone
    card.add("uid").value = f"urn:x-crm:person:{person.pk}"
    if url:
        card.add("url").value = url
    return card.serialize()


def vcard_response(filename: str, people: Iterable[Person], url_of) -> StreamingHttpResponse:
    """The people as one .vcf, streamed card by card; erased people are left out."""
    cards = (vcard_text(p, url_of(p)) for p in people if p.erased_at is None)
    response = StreamingHttpResponse(cards, content_type=VCARD_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
