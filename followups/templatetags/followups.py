"""The link from a record's page to a new follow-up about that record."""

from django import template
from django.urls import reverse

from followups.models import FollowUp

register = template.Library()


@register.simple_tag
def followup_add_url(record) -> str:
    relation = FollowUp.RELATION_OF.get(type(record))
    if relation is None:
        return ""
    return f"{reverse('admin:followups_followup_add')}?{relation}={record.pk}"
