"""Delegations (trips in and out) and agreements between organisations. Uses people."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.approxdate import (
    ApproxDateAttribute,
    approx_date_constraints,
    approx_date_fields,
    ordered_dates_constraint,
)
from core.uploads import RandomFileName
from core.validators import validate_document_upload
from people.models import (
    Involvement,
    Organisation,
    SearchableName,
    Source,
    Topic,
    by_role,
    involvement_constraints,
    role_field,
)


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


class DelegationQuerySet(models.QuerySet):
    def with_leaders(self):
        """Each delegation's ``leaders`` and ``organisers`` (members in that role), as lists."""
        role = DelegationMember.Role
        return self.prefetch_related(
            *by_role("members", DelegationMember, leaders=role.LEADER, organisers=role.ORGANISER)
        )


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
    purpose = models.TextField(_("Zweck"), blank=True)
    topics = models.ManyToManyField(
        Topic, verbose_name=_("Themen"), blank=True, related_name="delegations"
    )
    sources = models.ManyToManyField(
        Source, verbose_name=_("Quellen"), blank=True, related_name="delegations"
    )

    start_date = ApproxDateAttribute("start")
    end_date = ApproxDateAttribute("end")

    # The history keeps the sources too, so the admin's "Verlauf" shows them changing.
    _history_m2m_fields = ["sources"]

    objects = DelegationQuerySet.as_manager()

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

    def get_absolute_url(self):
        return reverse("partnerships:delegation_detail", args=[self.pk])

    full_text_fields = ("purpose",)

    def all_names(self):
        return [self.title, self.origin_city, self.destination_city]


class DelegationMember(Involvement):
    """A person and/or an organisation travelling with a delegation: its leader, its
    organisers and its members, once each."""

    occasion_field = "delegation"

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("Delegation"), on_delete=models.CASCADE, related_name="members"
    )
    role = role_field(
        Involvement.Role.LEADER,
        Involvement.Role.MEMBER,
        Involvement.Role.ORGANISER,
        default=Involvement.Role.MEMBER,
    )

    class Meta:
        ordering = ["delegation", "role", "pk"]
        verbose_name = _("Delegationsmitglied")
        verbose_name_plural = _("Delegationsmitglieder")
        constraints = involvement_constraints("delegationmember", "delegation", one_role=True)

    def __str__(self):
        return f"{super().__str__()} ({self.delegation})"


class AgreementQuerySet(models.QuerySet):
    def with_participants(self):
        """Each agreement's ``parties`` and ``signatories``, as lists (two queries)."""
        role = AgreementParticipant.Role
        return self.prefetch_related(
            *by_role(
                "participants", AgreementParticipant, parties=role.PARTY, signatories=role.SIGNATORY
            )
        )


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
        _("Dokument"),
        upload_to=RandomFileName("agreements"),
        blank=True,
        validators=[validate_document_upload],
    )
    sources = models.ManyToManyField(
        Source, verbose_name=_("Quellen"), blank=True, related_name="agreements"
    )

    signed = ApproxDateAttribute("signed_on")
    valid_from_date = ApproxDateAttribute("valid_from")
    valid_until_date = ApproxDateAttribute("valid_until")

    # The history keeps the sources too, so the admin's "Verlauf" shows them changing.
    _history_m2m_fields = ["sources"]

    objects = AgreementQuerySet.as_manager()

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

    def get_absolute_url(self):
        return reverse("partnerships:agreement_detail", args=[self.pk])

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


class AgreementParticipant(Involvement):
    """A party to an agreement (an organisation), or a person who signed it for one of them,
    holding the role title they had at signing."""

    occasion_field = "agreement"

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("Vereinbarung"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    role = role_field(
        Involvement.Role.PARTY, Involvement.Role.SIGNATORY, default=Involvement.Role.PARTY
    )

    class Meta:
        ordering = ["agreement", "role", "pk"]  # parties before signatories
        verbose_name = _("Vertragspartei oder Unterzeichner/in")
        verbose_name_plural = _("Vertragsparteien und Unterzeichnende")
        constraints = [
            *involvement_constraints("agreementparticipant", "agreement"),
            models.CheckConstraint(
                condition=(
                    Q(role="party", person__isnull=True)
                    | Q(role="signatory", person__isnull=False, organisation__isnull=False)
                ),
                name="agreementparticipant_party_or_signatory",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "agreement"], name="agreementpart_org_idx"),
            models.Index(fields=["person", "agreement"], name="agreementpart_person_idx"),
        ]

    def __str__(self):
        if self.role == self.Role.SIGNATORY:
            role = f", {self.role_title}" if self.role_title else ""
            return f"{self.person.full_name}{role} ({self.organisation})"
        return str(self.organisation)
