"""Template helpers of the list and detail pages: honest dates, sort links, countries."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core import labels
from core.approxdate import ApproxDate

register = template.Library()


@register.filter
def approx(value):
    """An ApproxDate as ``<time>``: "ca. 2017", "Feb. 2024", or "Datum unbekannt"."""
    if not isinstance(value, ApproxDate):
        return value
    if not value.is_known:
        return format_html('<span class="date-unknown">{}</span>', str(value))
    css = "date approx" if value.approximate or value.precision != "day" else "date"
    title = _("ungefähres Datum") if value.approximate else ""
    if title:
        return format_html(
            '<time class="{}" datetime="{}" title="{}">{}</time>', css, value.iso(), title, value
        )
    return format_html('<time class="{}" datetime="{}">{}</time>', css, value.iso(), value)


@register.simple_tag
def period(start, end=None):
    """A start date, or "start – end" when the end is known and differs."""
    if end is None or not isinstance(end, ApproxDate) or not end.is_known or end == start:
        return approx(start)
    return format_html("{} – {}", approx(start), approx(end))


@register.filter
def country_name(code) -> str:
    """The country's name for an ISO code (or a CountryField value)."""
    return labels.country_name(code)


@register.filter
def display(record, field_name: str) -> str:
    """``record.get_<field_name>_display()`` for list rows, translated once per language."""
    return labels.field_label(record, field_name)


@register.simple_tag(takes_context=True)
def sort_link(context, key):
    """A column header that sorts by ``key`` (and reverses on a second click)."""
    option = context.get("sort_options", {}).get(key)
    if option is None:
        return ""
    arrow = ""
    state = "none"
    if option["active"]:
        arrow = " ▼" if option["descending"] else " ▲"
        state = "descending" if option["descending"] else "ascending"
    return format_html(
        '<a class="sort" href="{}" data-sort="{}" data-state="{}">{}{}</a>',
        option["url"],
        key,
        state,
        option["label"],
        arrow,
    )
