"""The topic filter every list uses (the list FilterSets live in front.filters)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.listing.filters import (
    FastSelect,
)
from core.text import is_digits
from people.models import Topic


def matching_topics(value) -> QuerySet:
    """Topics named by ``value``: a Topic, its id or its slug (ids and slugs both work in URLs)."""
    if isinstance(value, Topic):
        return Topic.objects.filter(pk=value.pk)
    text = str(value).strip()
    if is_digits(text) and len(text) < 19:
        return Topic.objects.filter(Q(pk=int(text)) | Q(slug=text))
    return Topic.objects.filter(slug=text)


class TopicSelect(FastSelect):
    """A select of all topics, read when the form is drawn (one query), not at import."""

    def render(self, name, value, attrs=None, renderer=None):
        topics = list(Topic.objects.values_list("pk", "slug", "name"))
        if isinstance(value, str) and value.isdigit():  # an id in the URL selects its slug
            value = next((slug for pk, slug, _name in topics if str(pk) == value), value)
        self.choices = [("", _("alle Themen")), *((slug, name) for _pk, slug, name in topics)]
        return super().render(name, value, attrs, renderer)


class TopicFilter(django_filters.CharFilter):
    """A topic by slug or id; the FilterSet's ``filter_topic`` applies it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Thema"))
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("widget", TopicSelect)
        kwargs.setdefault("method", "filter_topic")
        super().__init__(**kwargs)
