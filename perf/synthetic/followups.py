"""Follow-ups (Wiedervorlagen) of the office's staff: what was agreed with a partner, by when."""

from __future__ import annotations

import datetime as dt

from followups.models import FollowUp
from perf.synthetic.base import REFERENCE_DATE, Stage

_SUBJECTS = [
    "Angebot nachfassen", "Protokoll schicken", "Gegenbesuch abstimmen", "Termin vereinbaren",
    "Arbeitskreis wieder einberufen", "Vereinbarung verlängern", "Kontaktdaten prüfen",
    "Einladung versenden", "Bericht anfordern", "Förderantrag besprechen",
]  # fmt: skip
_STATUS = [FollowUp.Status.OPEN] * 6 + [FollowUp.Status.DONE] * 3 + [FollowUp.Status.DROPPED]


class FollowUpStages(Stage):
    def _followups(self):
        """One follow-up per two events, owned by the demo staff, each about an organisation
        and up to two of its people, due from a year ago to half a year ahead."""
        if not self.existing.staff_ids:
            return
        rng = self._rng("followups")
        rows = self._table(FollowUp)
        organisations = self._links(FollowUp.organisations)
        people = self._links(FollowUp.people)
        for _ in range(self.scale.events // 2):
            followup_id = self._id(FollowUp)
            org = rng.randrange(len(self.org_ids))
            rows.add(
                id=followup_id,
                subject=f"{rng.choice(_SUBJECTS)} ({self.org_name[org]})"[:200],
                due_on=REFERENCE_DATE + dt.timedelta(days=rng.randint(-365, 180)),
                owner_id=rng.choice(self.existing.staff_ids),
                status=rng.choice(_STATUS),
                notes="",
            )
            organisations.pair(followup_id, self.org_ids[org])
            for person_id in rng.sample(self.person_ids, rng.randint(0, 2)):
                people.pair(followup_id, person_id)
