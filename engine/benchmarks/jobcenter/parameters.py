"""Every constant of the jobcenter method; a round's configuration file (``[jobcenter]``) may override any.

docs/method.md, chapter "Jobcenter", gives the reason for each default.

>>> JobcenterParameters().standard_cost("hk"), JobcenterParameters().overhead_key
(450000.0, 'direct_fte')
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from engine.benchmarks.jobcenter.codes import STAFF_GROUP_CODES
from engine.peers.parameters import parameters_from_toml
from engine.report.disclosure import DEFAULT_MIN_GROUP, DisclosurePolicy

OVERHEAD_KEYS = ("direct_fte", "persons")


@dataclass(frozen=True)
class JobcenterParameters:
    """The jobcenter method's settings.

    ``full_time_hours``: weekly hours of one FTE (FTE = weekly hours / full_time_hours × months / 12).
    ``cost_<staff group>``: the standard annual cost of one FTE, used where the staff list leaves the
    salary cost empty. ``overhead_key``: how time on the shared line is spread over the target
    groups — ``direct_fte`` (in proportion to each group's FTE on tasks other than administration
    and team management) or ``persons`` (full-year persons). ``min_persons``: a target group with
    fewer full-year persons has no unit cost (too small to be stable, and close to identifying
    people). ``min_group``: the disclosure policy's smallest group (``engine.report.disclosure``: a
    median over fewer municipalities is suppressed, quartiles need twice as many). ``n_peers``: the
    municipalities most similar in framework conditions. ``family_alpha``: the chance, over all the
    municipalities of the register at once, that any one is called better or worse than expected
    when none is (Bonferroni: z = Φ⁻¹(1 − family_alpha / (2 n)), 3.48 for 98 municipalities at
    5 %). ``confidence_z``: set it (> 0) to use a fixed number of standard errors instead (1.96 is
    95 % for one municipality alone, and calls about 5 of 98 "outside" by chance).
    ``group_confidence_z``: the same for the verdicts per target group, where the family is one
    report's 12 groups (z = Φ⁻¹(1 − family_alpha / 24) = 2.87): a report shows a group verdict by
    chance with probability family_alpha, so about family_alpha × n reports of a round do.
    ``flag_distance``: a unit cost or a task's FTE share is flagged (and points to catalogue cases)
    only beyond the others' worse quartile *and* more than this fraction of the others' median away
    from the median (engine.report.position.flag; with 5–9 others, beyond the median instead of the
    quartile).
    ``register_file``: the consultant's register file for the round (CSV or xlsx); a relative path
    in a configuration file is taken relative to that file's folder.
    """

    full_time_hours: float = 37.0
    cost_socialraadgiver: float = 540_000.0
    cost_ac: float = 600_000.0
    cost_hk: float = 450_000.0
    cost_konsulent: float = 500_000.0
    cost_leder: float = 760_000.0
    overhead_key: str = "direct_fte"
    min_persons: float = 20.0
    min_group: int = DEFAULT_MIN_GROUP
    n_peers: int = 5
    family_alpha: float = 0.05
    confidence_z: float = 0.0
    group_confidence_z: float = 0.0
    flag_distance: float = 0.25
    register_file: str = ""
    consented: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.overhead_key not in OVERHEAD_KEYS:
            raise ValueError(f"overhead_key must be one of {', '.join(OVERHEAD_KEYS)}; got {self.overhead_key!r}.")
        if self.full_time_hours <= 0:
            raise ValueError(f"full_time_hours must be positive; got {self.full_time_hours!r}.")
        costs = {group: self.standard_cost(group) for group in STAFF_GROUP_CODES}
        if any(cost <= 0 for cost in costs.values()):
            raise ValueError(f"standard costs per FTE must be positive; got {costs}.")
        DisclosurePolicy(self.min_group)  # checks it
        if self.n_peers < 1:
            raise ValueError("n_peers must be at least 1.")
        if self.confidence_z < 0 or self.group_confidence_z < 0:
            raise ValueError(f"confidence_z must be positive (or 0: from family_alpha); got {self.confidence_z!r}.")
        if self.flag_distance < 0:
            raise ValueError(f"flag_distance must be 0 or more; got {self.flag_distance!r}.")
        if not 0 < self.family_alpha < 1:
            raise ValueError(f"family_alpha must be between 0 and 1; got {self.family_alpha!r}.")

    @property
    def disclosure(self) -> DisclosurePolicy:
        return DisclosurePolicy(self.min_group)

    def z_for(self, tests: int, fixed: float | None = None) -> float:
        """Standard errors an effect must exceed when ``tests`` municipalities are judged at once.

        >>> round(JobcenterParameters().z_for(98), 3), JobcenterParameters(confidence_z=1.96).z_for(98)
        (3.475, 1.96)
        """
        fixed = self.confidence_z if fixed is None else fixed
        if fixed > 0:
            return float(fixed)
        from statistics import NormalDist

        return NormalDist().inv_cdf(1 - self.family_alpha / (2 * max(tests, 1)))

    def standard_cost(self, staff_group: str) -> float:
        return float(getattr(self, f"cost_{staff_group}"))

    @classmethod
    def from_toml(cls, path: str | Path) -> "JobcenterParameters":
        """Read ``[jobcenter]`` from a round configuration file; unknown keys are an error."""
        params = parameters_from_toml(cls(), path, "jobcenter")
        if params.register_file and not Path(params.register_file).is_absolute():
            params = replace(params, register_file=str(Path(path).parent / params.register_file))
        return params
