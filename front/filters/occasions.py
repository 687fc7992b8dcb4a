"""What every occasion list (events, delegations, agreements) filters the same way."""

from __future__ import annotations

from events.involvement import occasion_ids


class InvolvementFilters:
    """``organisation=`` / ``person=``: the occasions the organisation or the person was
    involved in, by the one definition (events.involvement). ``occasion`` names the list's."""

    occasion: str

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(pk__in=occasion_ids(self.occasion, organisation=value))

    def filter_person(self, queryset, name, value):
        return queryset.filter(pk__in=occasion_ids(self.occasion, person=value))
