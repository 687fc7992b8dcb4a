"""Deterministic synthetic data: the rows ``seed_demo`` loads, as tuples per table.

One stage per part of the domain (``directory``, ``partnerships``, ``events``,
``followups``), sharing the plumbing in ``base``; :class:`SyntheticData` runs them in load order.
"""

from perf.rows import Rows
from perf.synthetic.base import REFERENCE_DATE, SOURCE_PREFIX, Existing
from perf.synthetic.directory import DirectoryStages
from perf.synthetic.events import EventStages
from perf.synthetic.followups import FollowUpStages
from perf.synthetic.partnerships import PartnershipStages

__all__ = ["REFERENCE_DATE", "SOURCE_PREFIX", "Existing", "SyntheticData"]


class SyntheticData(DirectoryStages, PartnershipStages, EventStages, FollowUpStages):
    """Every table's rows for one scale and seed; :meth:`build` returns them in load order."""

    def build(self) -> list[Rows]:
        self._topics()
        self._sources()
        self._organisations()
        self._people()
        self._delegations()
        self._agreements()
        self._events()
        self._followups()
        return self.tables
