import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.approxdate import ApproxDate, Precision, clean_approx_dates
from tests.factories import make_agreement, make_event


@pytest.mark.parametrize(
    ("text", "value", "precision", "approximate"),
    [
        ("2018-11-16", dt.date(2018, 11, 16), Precision.DAY, False),
        ("16.11.2018", dt.date(2018, 11, 16), Precision.DAY, False),
        ("2024-02", dt.date(2024, 2, 1), Precision.MONTH, False),
        ("Februar 2024", dt.date(2024, 2, 1), Precision.MONTH, False),
        ("2022-Q1", dt.date(2022, 1, 1), Precision.QUARTER, False),
        ("Q3 2022", dt.date(2022, 7, 1), Precision.QUARTER, False),
        ("Sommer 2020", dt.date(2020, 6, 1), Precision.SEASON, False),
        ("winter 2020", dt.date(2020, 12, 1), Precision.SEASON, False),
        ("2017", dt.date(2017, 1, 1), Precision.YEAR, False),
        ("ca. 2017", dt.date(2017, 1, 1), Precision.YEAR, True),
        ("~2019-09", dt.date(2019, 9, 1), Precision.MONTH, True),
        ("", None, Precision.UNKNOWN, False),
        ("unbekannt", None, Precision.UNKNOWN, False),
        (None, None, Precision.UNKNOWN, False),
    ],
)
def test_parse(text, value, precision, approximate):
    parsed = ApproxDate.parse(text)
    assert (parsed.value, parsed.precision, parsed.approximate) == (value, precision, approximate)


@pytest.mark.parametrize(
    "text", ["2018-02-30", "2018-13", "32.01.2018", "gestern", "Q5 2020", "ca."]
)
def test_parse_rejects_impossible_or_unreadable(text):
    with pytest.raises(ValueError, match=text.split()[0]):
        ApproxDate.parse(text)


@pytest.mark.parametrize(
    ("text", "german", "english"),
    [
        ("2018-11-16", "16. Nov. 2018", "16. Nov. 2018"),
        ("2024-02", "Feb. 2024", "Feb. 2024"),
        ("2022-Q1", "Q1 2022", "Q1 2022"),
        ("Sommer 2020", "Sommer 2020", "Summer 2020"),
        ("Winter 2020", "Winter 2020/21", "Winter 2020/21"),
        ("ca. 2017", "ca. 2017", "approx. 2017"),
        ("", "Datum unbekannt", "Date unknown"),
    ],
)
def test_render_german_first_english_second(text, german, english):
    value = ApproxDate.parse(text)
    with translation.override("de"):
        assert str(value) == german
    with translation.override("en"):
        assert str(value) == english


def test_period_bounds_and_iso():
    assert ApproxDate.parse("2024-02").end == dt.date(2024, 2, 29)
    assert ApproxDate.parse("Q4 2021").end == dt.date(2021, 12, 31)
    assert ApproxDate.parse("Winter 2020").end == dt.date(2021, 2, 28)
    assert ApproxDate.parse("2017").end == dt.date(2017, 12, 31)
    assert ApproxDate.parse("2018-11-16").iso() == "2018-11-16"
    assert ApproxDate.parse("2024-02").iso() == "2024-02"
    assert ApproxDate.parse("ca. 2017").iso() == "2017"
    assert ApproxDate.parse("").iso() is None


def test_never_invents_a_day():
    value = ApproxDate(dt.date(2024, 2, 17), Precision.MONTH)
    assert value.value == dt.date(2024, 2, 1)
    assert str(value) == "Feb. 2024"


def test_sort_known_dates_first_then_unknown():
    values = [ApproxDate.parse(t) for t in ["", "2019-09-02", "ca. 2017", "2018-11", "2018-11-16"]]
    ordered = [v.iso() for v in sorted(values, key=ApproxDate.sort_key)]
    assert ordered == ["2017", "2018-11", "2018-11-16", "2019-09-02", None]


def test_invalid_combinations_are_refused():
    with pytest.raises(ValueError):
        ApproxDate(None, Precision.DAY)
    with pytest.raises(ValueError):
        ApproxDate(dt.date(2020, 1, 1), Precision.UNKNOWN)


@pytest.mark.django_db
def test_model_validation_requires_a_date_for_day_precision():
    event = make_event(start="2018-11-16")
    event.start = None
    with pytest.raises(ValidationError) as error:
        clean_approx_dates(event)
    assert "start" in error.value.message_dict

    event.start, event.start_precision = dt.date(2018, 11, 16), Precision.UNKNOWN
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "start_precision" in error.value.message_dict


@pytest.mark.django_db
def test_model_clean_normalises_to_period_start_and_attribute_round_trips():
    event = make_event(start="2018-11-16")
    event.start_precision = Precision.YEAR
    event.start_approx = True
    event.full_clean()
    assert event.start == dt.date(2018, 1, 1)
    assert str(event.start_date) == "ca. 2018"
    event.start_date = ApproxDate.parse("Q1 2022")
    assert (event.start, event.start_precision, event.start_approx) == (
        dt.date(2022, 1, 1),
        Precision.QUARTER,
        False,
    )


@pytest.mark.django_db
def test_database_orders_and_filters_by_period_start():
    make_agreement(title="IUC", signed="2018-11-16")
    make_agreement(title="MoU", signed="ca. 2017")
    make_agreement(title="Zusatz", signed="2019-09-02")
    make_agreement(title="Ohne Datum", signed="")
    from partnerships.models import Agreement

    ordered = list(Agreement.objects.order_by("signed_on").values_list("title", flat=True))
    known = [t for t in ordered if t != "Ohne Datum"]
    assert known == ["MoU", "IUC", "Zusatz"]
    assert list(Agreement.objects.filter(signed_on__year=2017).values_list("title", flat=True)) == [
        "MoU"
    ]
