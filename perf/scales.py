"""How much synthetic data each scale of ``seed_demo`` produces.

L is the size the performance budgets are set for (docs/performance.md); M and S are a tenth
and a hundredth of it. XS is for the test suite only and is not offered in ``--help``.
"""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    organisations: int
    people: int
    events: int
    participations: int
    agreements: int
    delegations: int

    def as_dict(self) -> dict:
        return asdict(self)


L = Scale("L", 5_000, 100_000, 50_000, 1_000_000, 20_000, 5_000)
M = Scale("M", 500, 10_000, 5_000, 100_000, 2_000, 500)
S = Scale("S", 50, 1_000, 500, 10_000, 200, 50)
XS = Scale("XS", 24, 80, 40, 400, 12, 6)

SCALES = {scale.name: scale for scale in (XS, S, M, L)}
PUBLIC_SCALES = ("S", "M", "L")


def scale_of_counts(participations: int) -> str | None:
    """The scale whose participation count is closest to ``participations`` (within 20 %)."""
    for scale in SCALES.values():
        if abs(participations - scale.participations) <= 0.2 * scale.participations:
            return scale.name
    return None
