"""Hypothesis strategies for hostile input: query strings and article files."""

import contextlib
import functools
import string

from hypothesis import strategies as st

# Text a browser (or an attacker) can put into a URL: anything but lone surrogates.
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)

NASTY = [
    "", " ", "0", "-1", "1.5", "1e309", "NaN", "inf", "0x1F", "99999999999999999999999",
    "9223372036854775808", "-9223372036854775809", "2018", "2018-02-30", "0000", "10000",
    "' OR 1=1 --", '" onmouseover="alert(1)', "<script>alert(1)</script>", "%00", "\x00",
    "\x00abc", "../../etc/passwd", "NULL", "None", "true", "[]", "{}", "Köriyama",
    "東京", "ẞ", "\u202e", "\ufeff", "a" * 3000, "=HYPERLINK(\"x\")", "@SUM(1)",
]  # fmt: skip

QUERY_KEYS = [
    "q", "kind", "country", "topic", "status", "year_from", "year_to", "organisation",
    "person", "direction", "sort", "page", "format", "period", "city", "table", "date_from",
    "date_to", "csrfmiddlewaretoken",
]  # fmt: skip

PLAUSIBLE = [
    "city", "company", "mou", "iuc", "held", "planned", "active", "incoming", "outgoing",
    "DE", "JP", "US", "de", "XX", "name", "-name", "kind", "start", "-start", "date",
    "csv", "xlsx", "json", "ics", "html", "this_year", "last_year", "custom", "all",
    "organisation", "person", "timeline", "weiterbildung-qualifizierung", "1", "2", "3",
    "2015", "2024", "1900", "2100",
]  # fmt: skip

query_value = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.sampled_from(NASTY),
    any_text,
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
query_key = st.one_of(
    st.sampled_from(QUERY_KEYS), st.text(string.ascii_letters + "_[]", max_size=8)
)
query_params = st.lists(st.tuples(query_key, query_value), max_size=6)

# A raw query string with broken escapes, invalid UTF-8 and stray separators.
raw_query = st.lists(
    st.one_of(
        st.sampled_from(["%", "%Z", "%FF", "%C3", "%C3%28", "%00", "&", "=", ";", "+", "%2B", "#"]),
        st.text(string.ascii_letters + string.digits + "=&", max_size=6),
    ),
    max_size=10,
).map("".join)


class DirectClient:
    """GETs through the full middleware stack without the test client's template capture.

    The test client copies the template context on every template rendered (every option of
    every select), which makes a list page ten times slower; fuzzing needs thousands of them.
    """

    def __init__(self, user=None):
        from django.core.handlers.base import BaseHandler
        from django.test import Client, RequestFactory

        login = Client()
        if user is not None:
            login.force_login(user)
        self.cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in login.cookies.items())
        self.factory = RequestFactory()
        self.handler = BaseHandler()
        self.handler.load_middleware()

    def get(self, url: str):
        request = self.factory.get(url, HTTP_COOKIE=self.cookie)
        response = self.handler.get_response(request)
        if response.streaming:
            response.content_bytes = b"".join(response.streaming_content)
        else:
            response.content_bytes = response.content
        return response


# --- article files ------------------------------------------------------------------------

# Names that refer to each other inside one generated file, so references sometimes resolve.
NAMES = [
    "Stadt Essen", "Kōriyama", "Koriyama", "Thomas Kufen", "Prof. Dr. Ada Lovelace",
    "IHK Braunschweig", "Delegation nach Japan", "MoU Essen–Kōriyama", "Energie", "energie",
]  # fmt: skip
DATES = [
    "2018-11-16", "2018-02-30", "2018-13", "Sommer 2020", "ca. 2017", "Q1 2022", "Q5 2022",
    "2024-02", "unbekannt", "im Februar", "0000-01-01", "9999-12-31", "-5", "", "2018/11/16",
]  # fmt: skip

scalar = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(DATES),
    st.sampled_from(NASTY),
    st.sampled_from(PLAUSIBLE),
    any_text,
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
value = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(NAMES) | any_text, inner, max_size=3),
    ),
    max_leaves=6,
)

POOLS = {
    "topic": ["Energie", "Gesundheit", "Weiterbildung und Qualifizierung"],
    "organisation": ["Stadt Testhausen", "Fuzz GmbH", "Kōriyama", "Stadt Essen"],
    "person": ["Erika Muster", "Prof. Dr. Max Beispiel", "Thomas Kufen"],
    "agreement": ["MoU Testhausen–Kōriyama"],
    "delegation": ["Reise nach Testhausen"],
}
SECTION_KIND = {
    "topics": "topic", "organisations": "organisation", "people": "person",
    "agreements": "agreement", "delegations": "delegation",
}  # fmt: skip
DATE_KEYS = {"since", "until", "start", "end", "signed", "date", "valid_from", "valid_until"}
VALID_DATES = ["2018-11-16", "2019-09", "Sommer 2020", "ca. 2017", "Q1 2022", "2024", "unbekannt"]
prose = st.one_of(
    st.text(
        string.ascii_letters + string.digits + " äöüßÄÖÜ.,-–()'\"<>&/", min_size=1, max_size=40
    ),
    st.sampled_from(NASTY[20:]),
)


def _choices(section: str, key: str) -> list[str] | None:
    from events.models import Event, Participation
    from partnerships.models import Agreement, Delegation, DelegationMember
    from people.models import Organisation, Person, Source

    table = {
        ("organisations", "kind"): Organisation.Kind, ("agreements", "kind"): Agreement.Kind,
        ("events", "kind"): Event.Kind, ("agreements", "status"): Agreement.Status,
        ("events", "status"): Event.Status, ("delegations", "direction"): Delegation.Direction,
        ("members", "role"): DelegationMember.Role, ("participants", "role"): Participation.Role,
        ("people", "legal_basis"): Person.LegalBasis, ("source", "language"): Source.Language,
    }  # fmt: skip
    choices = table.get((section, key))
    return list(choices.values) if choices else None


def _plausible(section: str, field):
    """A value the field accepts (most of the time)."""
    choices = _choices(section, field.key)
    if choices:
        return st.sampled_from(choices)
    if field.many:
        return st.lists(st.sampled_from(POOLS[field.ref]), max_size=2, unique=True)
    if field.ref:
        return st.sampled_from(POOLS[field.ref])
    if field.key == "name" and section in SECTION_KIND:
        return st.sampled_from(POOLS[SECTION_KIND[section]])
    if field.key in DATE_KEYS:
        return st.sampled_from(VALID_DATES if field.key != "date" else ["2018-11-16"])
    if "country" in field.key:
        return st.sampled_from(["DE", "JP", "US", "CA"])
    if field.key in {"url", "website"}:
        return st.just("https://example.org/artikel")
    if field.key == "head_count":
        return st.integers(0, 200) | st.just("rund 25 Teilnehmende")
    if field.key == "primary":
        return st.booleans()
    if field.key in {"aliases", "name_variants"}:
        return st.lists(prose, max_size=2)
    if field.key == "email":
        return st.just("kontakt@example.org")
    if field.key == "slug":
        return st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
    return prose


WHO_SECTIONS = {"members", "participants"}


def _mostly(good):
    """``good``, and one time in 40 anything at all."""
    return st.integers(0, 39).flatmap(lambda n: value if n == 0 else good)


def _unique_name(entry) -> str:
    return str(entry.get("name", entry.get("title", entry.get("person", ""))))


@functools.cache
def _entry(section: str, nested: bool = False, plausible: bool = True):
    """One entry of a section. A plausible entry has its required fields and mostly good values
    (one in five is junk), so it gets as far as the database; otherwise anything goes."""
    from articles.schema import SPECS

    required, optional = {}, {}
    for field in SPECS[section]:
        if field.children:
            child = _entry(field.children, True, plausible)
            strategy = (
                st.just([]) if nested else st.lists(child, max_size=2, unique_by=_unique_name)
            )
        elif plausible:
            strategy = _mostly(_plausible(section, field))
        elif field.many:
            strategy = st.lists(st.sampled_from(NAMES), max_size=3) | value
        elif field.ref:
            strategy = st.sampled_from(NAMES) | value
        elif field.key in DATE_KEYS:
            strategy = st.sampled_from(DATES) | value
        else:
            strategy = value
        needed = field.required or (section in WHO_SECTIONS and field.key == "person")
        (required if plausible and needed else optional)[field.key] = strategy
    if not plausible:
        optional["unbekanntes_feld"] = value
    return st.fixed_dictionaries(required, optional=optional)


@functools.cache
def article_document(plausible: bool = True):
    """A whole article as Python data."""
    from articles.schema import SECTIONS

    sections = {
        name: st.lists(_entry(name, plausible=plausible), max_size=3, unique_by=_unique_name)
        for name in SECTIONS
        if name != "source"
    }
    source = _entry("source", plausible=plausible)
    document = st.fixed_dictionaries({"source": source}, optional=sections)
    return document if plausible else document | value


def article_text():
    """Article text: mostly plausible YAML, also junk, cut-off files and YAML traps."""
    import yaml

    def dump(document):
        return yaml.safe_dump(document, allow_unicode=True)

    plausible = article_document(True).map(dump)
    anything = article_document(False).map(dump)
    damaged = st.tuples(plausible, st.integers(0, 400), any_text).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :]
    )
    return st.one_of(
        plausible, plausible, plausible, anything, damaged, any_text, st.sampled_from(YAML_TRAPS)
    )


YAML_TRAPS = [
    "a: &x [1]\nb: *x\n",  # aliases are refused
    "source: {publisher: a, publisher: b}\n",  # a key twice
    "!!python/object/apply:os.system ['true']\n",
    "source:\n  publisher: [\n",
    "\t- tab\n",
    "source: !!binary AAAA\n",
    "? [complex, key]\n: value\n",
    "---\nsource: {}\n---\nsource: {}\n",
    "source:\n  publisher: x\n  title: y\nevents:\n  - title: z\n    start: 2018-02-30\n",
]


@contextlib.contextmanager
def memoised_widgets():
    """Render each distinct form widget once per run.

    A list page draws ~300 <option>s per request (countries, topics); they are the same for
    every generated query. A widget's HTML is a pure function of its context, so the fuzz
    tests remember it by that context: same input, same output, a fraction of the time.
    """
    from django.forms.renderers import BaseRenderer

    original = BaseRenderer.render
    cache: dict = {}

    def render(self, template_name, context, request=None):
        if request is not None or not template_name.startswith("django/forms/widgets/"):
            return original(self, template_name, context, request)
        key = (type(self), template_name, repr(context))
        if key not in cache:
            cache[key] = original(self, template_name, context, request)
        return cache[key]

    BaseRenderer.render = render
    try:
        yield
    finally:
        BaseRenderer.render = original
