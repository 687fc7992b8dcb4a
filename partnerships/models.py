"""Delegations (trips in and out) and agreements between organisations. Uses people."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.approxdate import (
    ApproxDateAttribute,
    approx_date_constraints,
    approx_date_fields,
    ordered_dates_constraint,
)
from core.models import DomainModel
from core.validators import validate_document_upload
from people.models import Organisation, Person, SearchableName, Source, Topic


class HeadCount(models.Model):
    """A number, what it counts and whether it is exact: "rund 25 Teilnehmende"."""

    head_count = models.PositiveIntegerField(_("Anzahl"), null=True, blank=True)
    head_count_approx = models.BooleanField(_("Anzahl ungefähr"), default=False)
    head_count_label = models.CharField(
        _("gezählt werden"), max_length=80, blank=True, help_text=_("z. B. Unternehmen")
    )

    class Meta:
        abstract = True

    @property
    def head_count_display(self) -> str:
        if self.head_count is None:
            return ""
        prefix = _("rund") + " " if self.head_count_approx else ""
        label = f" {self.head_count_label}" if self.head_count_label else ""
        return f"{prefix}{self.head_count}{label}"


class Delegation(SearchableName, HeadCount):
    """Found by title, origin and destination city (``search_text``) and by its purpose."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("eingehend (Besuch bei uns)")
        OUTGOING = "outgoing", _("ausgehend (Reise zu Partnern)")

    title = models.CharField(_("Titel"), max_length=250)
    direction = models.CharField(
        _("Richtung"), max_length=8, choices=Direction.choices, default=Direction.OUTGOING
    )
    origin_country = CountryField(_("Herkunftsland"), blank=True)
    origin_city = models.CharField(_("Herkunftsort"), max_length=120, blank=True)
    origin_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("entsendende Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sent_delegations",
    )
    destination_country = CountryField(_("Zielland"), blank=True)
    destination_city = models.CharField(_("Zielort"), max_length=120, blank=True)
    start, start_precision, start_approx = approx_date_fields(_("von"))
    end, end_precision, end_approx = approx_date_fields(_("bis"))
    organisers = models.ManyToManyField(
        Organisation,
        verbose_name=_("Organisatoren"),
        blank=True,
        related_name="organised_delegations",
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("Leitung"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_delegations",
    )
    purpose = models.TextField(_("Zweck"), blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("Themen"), blank=True, related_name="delegations"
    )
    sources = models.ManyToManyField(
        Source, verbose_name=_("Quellen"), blank=True, related_name="delegations"
    )

    start_date = ApproxDateAttribute("start")
    end_date = ApproxDateAttribute("end")

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("Delegation")
        verbose_name_plural = _("Delegationen")
        constraints = [
            *approx_date_constraints("delegation", "start"),
            *approx_date_constraints("delegation", "end"),
            ordered_dates_constraint("delegation", "start", "end"),
        ]

    def __str__(self):
        return self.title

    full_text_fields = ("purpose",)

    def all_names(self):
        return [self.title, self.origin_city, self.destination_city]


class DelegationMember(DomainModel):
    """A person or an organisation travelling with a delegation."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Leitung")
        MEMBER = "member", _("Mitglied")
        ORGANISER = "organiser", _("Organisation/Betreuung")

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("Delegation"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("Person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegation_memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegation_memberships",
        help_text=_("Die Organisation, für die die Person mitreist, oder allein das Mitglied."),
    )
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    role_title = models.CharField(_("Funktion damals"), max_length=200, blank=True)

    class Meta:
        ordering = ["delegation", "role", "pk"]
        verbose_name = _("Delegationsmitglied")
        verbose_name_plural = _("Delegationsmitglieder")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="delegationmember_person_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["delegation", "person"],
                condition=Q(person__isnull=False),
                name="delegationmember_unique_person",
            ),
            models.UniqueConstraint(
                fields=["delegation", "organisation"],
                condition=Q(person__isnull=True),
                name="delegationmember_unique_organisation",
            ),
        ]

    def __str__(self):
        who = self.person or self.organisation
        return f"{who} ({self.get_role_display()})"


class Agreement(SearchableName):
    """Found by title (``search_text``) and by its content (full text)."""

    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of Understanding")
        IUC = "iuc", _("IUC-Projektvereinbarung")
        SUPPLEMENTARY = "supplement", _("Zusatzvereinbarung")
        COOPERATION = "cooperation", _("Kooperationsvereinbarung")
        EXCHANGE = "exchange", _("Austauschprogramm")
        LETTER_OF_INTENT = "loi", _("Absichtserklärung")
        FUNDING = "funding", _("Förderung")

    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        ACTIVE = "active", _("aktiv")
        EXPIRED = "expired", _("ausgelaufen")
        TERMINATED = "terminated", _("beendet")

    title = models.CharField(_("Titel"), max_length=250)
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    signed_on, signed_on_precision, signed_on_approx = approx_date_fields(_("unterzeichnet am"))
    signed_place = models.CharField(_("unterzeichnet in"), max_length=200, blank=True)
    supplements = models.ForeignKey(
        "self",
        verbose_name=_("ergänzt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplementary_agreements",
    )
    valid_from, valid_from_precision, valid_from_approx = approx_date_fields(_("gültig ab"))
    valid_until, valid_until_precision, valid_until_approx = approx_date_fields(_("gültig bis"))
    description = models.TextField(_("Inhalt"), blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("Themen"), blank=True, related_name="agreements"
    )
    document = models.FileField(
        _("Dokument"), upload_to="agreements/", blank=True, validators=[validate_document_upload]
    )
    sources = models.ManyToManyField(
        Source, verbose_name=_("Quellen"), blank=True, related_name="agreements"
    )

    signed = ApproxDateAttribute("signed_on")
    valid_from_date = ApproxDateAttribute("valid_from")
    valid_until_date = ApproxDateAttribute("valid_until")

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = _("Vereinbarung")
        verbose_name_plural = _("Vereinbarungen")
        constraints = [
            *approx_date_constraints("agreement", "signed_on"),
            *approx_date_constraints("agreement", "valid_from"),
            *approx_date_constraints("agreement", "valid_until"),
            ordered_dates_constraint("agreement", "valid_from", "valid_until"),
            models.CheckConstraint(
                condition=~Q(supplements=models.F("pk")), name="agreement_not_own_supplement"
            ),
        ]

    def __str__(self):
        return self.title

    full_text_fields = ("description",)

    def all_names(self):
        return [self.title]

    def clean(self):
        super().clean()
        ancestor, seen = self.supplements, set()
        while ancestor is not None and self.pk is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError(
                    {"supplements": _("Eine Vereinbarung kann sich nicht selbst ergänzen.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.supplements

    def chain(self) -> list["Agreement"]:
        """The agreements this one supplements, oldest first, then this one."""
        chain, current = [], self
        while current is not None and current not in chain:
            chain.insert(0, current)
            current = current.supplements
        return chain


class AgreementParty(DomainModel):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("Vereinbarung"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("Vertragspartei")
        verbose_name_plural = _("Vertragsparteien")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="agreementparty_unique"
            ),
        ]

    def __str__(self):
        return str(self.organisation)


class Signatory(DomainModel):
    """Who signed an agreement, for which party, holding which role at the time."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("Vereinbarung"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.PROTECT, related_name="signatures"
    )
    party = models.ForeignKey(
        Organisation,
        verbose_name=_("unterzeichnet für"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    role_title = models.CharField(_("Funktion bei Unterzeichnung"), max_length=200, blank=True)

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("Unterzeichner/in")
        verbose_name_plural = _("Unterzeichnende")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person"], name="signatory_unique"),
        ]

    def __str__(self):
        role = f", {self.role_title}" if self.role_title else ""
        return f"{self.person.full_name}{role} ({self.party})"

    def save(self, *args, **kwargs):
        # Signing for an organisation makes it a party, so parties and signatories cannot disagree.
        super().save(*args, **kwargs)
        AgreementParty.objects.get_or_create(
            agreement_id=self.agreement_id, organisation=self.party
        )
