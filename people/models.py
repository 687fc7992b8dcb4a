"""The contact directory: organisations, people, their roles, and the topics and sources
every other record refers to. This is the base layer; it imports no other domain app."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.approxdate import (
    ApproxDateAttribute,
    approx_date_constraints,
    approx_date_fields,
    ordered_dates_constraint,
)
from core.models import DomainModel
from core.text import fold, search_text, split_lines
from core.thumbnails import thumbnail_url
from core.uploads import RandomFileName
from core.validators import validate_image_upload
from people.names import organisation_key, person_key


class Topic(DomainModel):
    """A sector or theme: renewable energy, health/medical technology, further training …"""

    name = models.CharField(_("Name"), max_length=120)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="topic_name_unique_ci"),
        ]

    def __str__(self):
        return self.name


class Source(DomainModel):
    """Where a fact comes from: a press article, a web page, a document."""

    class Language(models.TextChoices):
        GERMAN = "de", _("Deutsch")
        ENGLISH = "en", _("Englisch")
        JAPANESE = "ja", _("Japanisch")
        OTHER = "other", _("andere")

    publisher = models.CharField(_("Herausgeber"), max_length=200)
    title = models.CharField(_("Titel"), max_length=300)
    published_on = models.DateField(_("erschienen am"), null=True, blank=True)
    author = models.CharField(_("Autor/in"), max_length=200, blank=True)
    url = models.URLField(_("Adresse (URL)"), max_length=500, blank=True)
    language = models.CharField(
        _("Sprache"), max_length=5, choices=Language.choices, default=Language.GERMAN
    )
    reference = models.CharField(
        _("Kennung"),
        max_length=120,
        unique=True,
        help_text=_("Stabiler Schlüssel der Quelle, z. B. der Dateiname des Artikels."),
    )

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("Quelle")
        verbose_name_plural = _("Quellen")

    def __str__(self):
        date = f" ({self.published_on:%d.%m.%Y})" if self.published_on else ""
        return f"{self.publisher}: {self.title}{date}"


class SearchableName(DomainModel):
    """A record found by any of its names, accent- and case-insensitively.

    ``search_text`` holds every name folded (see core.text.fold), one per line; it is rebuilt
    on save and is what list pages, the search page, the admin and the article import search.
    People and organisations are found by their names and aliases; events, delegations and
    agreements by their title and places (their ``all_names()``).

    ``full_text_fields`` names the record's long free-text fields (description, purpose …),
    which core.search searches with PostgreSQL's German full-text search next to the names.
    """

    search_text = models.TextField(editable=False, blank=True, default="")

    full_text_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def all_names(self) -> list[str]:
        raise NotImplementedError

    # The columns save() derives from the names.
    derived_name_fields: tuple[str, ...] = ("search_text",)

    def refresh_search_text(self) -> None:
        self.search_text = search_text(*self.all_names())

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *self.derived_name_fields}
        super().save(*args, **kwargs)


class MatchedName(SearchableName):
    """A directory record that duplicates are looked for by: ``match_key`` is its main name in
    the form people.names gives for "the same name", kept on save and indexed so the
    duplicates page groups by it (people.matching)."""

    match_key = models.CharField(max_length=200, editable=False, blank=True, default="")

    derived_name_fields = ("search_text", "match_key")

    class Meta:
        abstract = True

    def main_name_key(self) -> str:
        raise NotImplementedError

    def refresh_search_text(self) -> None:
        super().refresh_search_text()
        self.match_key = self.main_name_key()[:200]


class Organisation(MatchedName):
    class Kind(models.TextChoices):
        CITY = "city", _("Stadt/Gemeinde")
        REGION = "region", _("Region/Präfektur")
        COMPANY = "company", _("Unternehmen")
        STARTUP = "startup", _("Start-up")
        UNIVERSITY = "university", _("Hochschule/Fakultät")
        RESEARCH = "research", _("Forschungseinrichtung")
        HOSPITAL = "hospital", _("Klinik/Krankenhaus")
        CHAMBER = "chamber", _("Kammer")
        ECONOMIC_DEVELOPMENT = "econdev", _("Wirtschaftsförderung")
        GOVERNMENT = "government", _("Ministerium/Behörde")
        EMBASSY = "embassy", _("Botschaft/Konsulat")
        ASSOCIATION = "association", _("Verband/Netzwerk")
        UNION = "union", _("Gewerkschaft")
        PROJECT = "project", _("Projekt/Programm")
        TRADE_FAIR = "tradefair", _("Messe")
        SCHOOL = "school", _("Schule")
        OTHER = "other", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=80, blank=True)
    aliases = models.TextField(
        _("weitere Namen"),
        blank=True,
        help_text=_("Andere Schreibweisen und Namen, einer pro Zeile (z. B. „Kōriyama“)."),
    )
    kind = models.CharField(_("Art"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnete Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    country = CountryField(_("Land"), blank=True)
    city = models.CharField(_("Ort"), max_length=120, blank=True)
    website = models.URLField(_("Webseite"), max_length=300, blank=True)
    sectors = models.ManyToManyField(
        Topic, verbose_name=_("Branchen/Themen"), blank=True, related_name="organisations"
    )
    logo = models.ImageField(
        _("Logo"), upload_to=RandomFileName("logos"), blank=True, validators=[validate_image_upload]
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("Quellen"), blank=True, related_name="organisations"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        constraints = [
            models.UniqueConstraint(Lower("name"), "country", name="organisation_name_unique_ci"),
            models.CheckConstraint(condition=~Q(name=""), name="organisation_name_not_empty"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organisation_not_own_parent"
            ),
        ]
        indexes = [
            # The organisation list and the admin changelist sort by name.
            models.Index(fields=["name"], name="organisation_name_idx"),
            models.Index(fields=["match_key"], name="organisation_match_key_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:organisation_detail", args=[self.pk])

    @property
    def logo_thumbnail_url(self) -> str:
        return thumbnail_url(self.logo)

    def all_names(self):
        return [self.name, self.short_name, *split_lines(self.aliases)]

    def main_name_key(self) -> str:
        return organisation_key(self.name)


class Person(MatchedName):
    class LegalBasis(models.TextChoices):
        PUBLIC_ROLE = "public", _("öffentliche Funktion / Pressequelle")
        CONSENT = "consent", _("Einwilligung")
        CONTRACT = "contract", _("Vertrag")
        LEGITIMATE_INTEREST = "interest", _("berechtigtes Interesse")

    honorific = models.CharField(_("Titel"), max_length=60, blank=True, help_text="Prof. Dr.")
    given_name = models.CharField(_("Vorname"), max_length=100, blank=True)
    family_name = models.CharField(_("Nachname"), max_length=100)
    name_variants = models.TextField(
        _("Namensvarianten"),
        blank=True,
        help_text=_("Andere Schreibweisen, eine pro Zeile."),
    )
    photo = models.ImageField(
        _("Foto"),
        upload_to=RandomFileName("photos"),
        blank=True,
        validators=[validate_image_upload],
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=60, blank=True)
    legal_basis = models.CharField(
        _("Rechtsgrundlage"),
        max_length=10,
        choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_ROLE,
        help_text=_("Warum wir diese personenbezogenen Daten speichern dürfen (DSGVO Art. 6)."),
    )
    notes = models.TextField(_("Notizen"), blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("Quellen"), blank=True, related_name="people"
    )
    erased_at = models.DateTimeField(
        _("gelöscht am"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Gesetzt, wenn die personenbezogenen Daten nach DSGVO gelöscht wurden."),
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        constraints = [
            models.CheckConstraint(condition=~Q(family_name=""), name="person_family_name_set"),
        ]
        indexes = [
            # The person list and the admin changelist sort by family name.
            models.Index(fields=["family_name", "given_name"], name="person_name_idx"),
            # Partial, so the duplicates page groups names and addresses by an index-only scan
            # (people.matching); the matcher's lookups use them too.
            models.Index(
                fields=["match_key"], name="person_match_group_idx",
                condition=Q(erased_at__isnull=True) & ~Q(match_key=""),
            ),
            models.Index(
                fields=["email"], name="person_email_group_idx",
                condition=Q(erased_at__isnull=True) & ~Q(email=""),
            ),
        ]  # fmt: skip

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("people:person_detail", args=[self.pk])

    @property
    def photo_thumbnail_url(self) -> str:
        return thumbnail_url(self.photo)

    @property
    def full_name(self) -> str:
        return self.name_from(self.honorific, self.given_name, self.family_name)

    @staticmethod
    def name_from(honorific: str, given_name: str, family_name: str) -> str:
        """The full name from its parts (for rows read without a Person instance)."""
        return " ".join(p for p in (honorific, given_name, family_name) if p)

    @property
    def plain_name(self) -> str:
        """The name without honorific, as staff type it in an import file."""
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    def all_names(self):
        return [self.plain_name, self.full_name, *split_lines(self.name_variants)]

    def main_name_key(self) -> str:
        # Erased people keep a placeholder name; they are nobody's duplicate.
        return "" if self.erased_at else person_key(self.given_name, self.family_name)


class Affiliation(DomainModel):
    """A role a person holds at an organisation, for a period.

    Roles are never overwritten when someone changes jobs: a new row is added, so the role a
    person held at an earlier event stays true.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    role_title = models.CharField(_("Funktion"), max_length=200, blank=True)
    since, since_precision, since_approx = approx_date_fields(_("seit"))
    until, until_precision, until_approx = approx_date_fields(_("bis"))
    is_primary = models.BooleanField(_("Hauptfunktion"), default=False)
    sources = models.ManyToManyField(
        Source, verbose_name=_("Quellen"), blank=True, related_name="affiliations"
    )

    since_date = ApproxDateAttribute("since")
    until_date = ApproxDateAttribute("until")

    class Meta:
        ordering = ["person", "-is_primary", "since", "organisation"]
        verbose_name = _("Funktion")
        verbose_name_plural = _("Funktionen")
        constraints = [
            *approx_date_constraints("affiliation", "since"),
            *approx_date_constraints("affiliation", "until"),
            ordered_dates_constraint("affiliation", "since", "until"),
            models.UniqueConstraint(
                fields=["person", "organisation", "role_title", "since"],
                name="affiliation_unique_role_period",
            ),
        ]

    def __str__(self):
        role = f"{self.role_title}, " if self.role_title else ""
        return f"{self.person.full_name} ({role}{self.organisation.name})"


class Involvement(DomainModel):
    """A person and/or an organisation, in a role, with the role title they held then, at an
    occasion (an event, a delegation, an agreement, a contact note): the one shape of "who took
    part in what".

    Each occasion keeps its involvements in a table of its own (a subclass naming its occasion
    in ``occasion_field``), so every fact is stored once and joins stay on indexed foreign keys;
    ``events.involvement`` reads all of them through one definition.
    """

    class Role(models.TextChoices):
        HOST = "host", _("Gastgeber/in")
        SPEAKER = "speaker", _("Redner/in")
        GUEST = "guest", _("Gast")
        SIGNATORY = "signatory", _("Unterzeichner/in")
        DELEGATION_MEMBER = "delegation", _("Delegationsmitglied")
        ORGANISER = "organiser", _("Organisator/in")
        LEADER = "leader", _("Leitung")
        MEMBER = "member", _("Mitglied")
        PARTY = "party", _("Vertragspartei")
        CONTACT = "contact", _("Gesprächspartner/in")

    occasion_field: str = ""

    person = models.ForeignKey(
        Person,
        verbose_name=_("Person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        help_text=_("Für wen die Person dabei war, oder die Organisation allein."),
    )
    role_title = models.CharField(_("Funktion damals"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        who = self.person or self.organisation
        return f"{who} – {self.get_role_display()}"

    @property
    def occasion(self):
        return getattr(self, self.occasion_field)

    @classmethod
    def role_choices(cls) -> list[tuple[str, str]]:
        """The roles this kind of occasion allows, in their declared order."""
        return cls._meta.get_field("role").choices


def by_role(relation: str, model: type, **roles) -> list[models.Prefetch]:
    """Prefetches of an occasion's involvements into lists, one per role: ``to_attr=role``."""
    rows = model.objects.select_related("person", "organisation")
    return [
        models.Prefetch(relation, queryset=rows.filter(role=role), to_attr=attr)
        for attr, role in roles.items()
    ]


def role_field(*roles, default) -> models.CharField:
    """The ``role`` of one kind of occasion: the subset of Involvement.Role it allows."""
    return models.CharField(
        _("Rolle"),
        max_length=10,
        choices=[(role.value, role.label) for role in roles],
        default=default,
    )


def involvement_constraints(model: str, occasion: str, *, one_role: bool = False) -> list:
    """Who took part is a person, an organisation or both. A person appears at most once per
    role and occasion, an organisation alone likewise; with ``one_role`` (delegations: the
    leader is a member) at most once per occasion at all."""
    role, suffix = ([], "") if one_role else (["role"], "_role")
    return [
        models.CheckConstraint(
            condition=Q(person__isnull=False) | Q(organisation__isnull=False),
            name=f"{model}_person_or_organisation",
        ),
        models.UniqueConstraint(
            fields=[occasion, "person", *role],
            condition=Q(person__isnull=False),
            name=f"{model}_unique_person{suffix}",
        ),
        models.UniqueConstraint(
            fields=[occasion, "organisation", *role],
            condition=Q(person__isnull=True),
            name=f"{model}_unique_organisation{suffix}",
        ),
    ]


def name_matches(queryset, text: str):
    """Records of a SearchableName queryset one of whose names contains ``text``."""
    return queryset.filter(search_text__contains=fold(text))
