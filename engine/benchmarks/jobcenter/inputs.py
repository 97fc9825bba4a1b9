"""The jobcenter round as the computation receives it: four tidy frames, one per kind of input.

This is the contract between the input side (templates, validation, store) and the computation.
Municipality codes are the three-digit strings used everywhere else ("101"); money is DKK per year;
shares are fractions (0.25, not 25 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas stays off the CLI start-up path
    import pandas as pd


@dataclass(frozen=True)
class JobcenterInputs:
    """One round's validated jobcenter inputs.

    staff — one row per employee in a participant's staff list:
        municipality, employee_id, department, weekly_hours, staff_group, months_employed,
        salary_cost (annual DKK; NaN where the list leaves it empty), source (``file'Sheet'!A1``).
    allocation — one row per (employee, target group, task) share from the department templates:
        municipality, department, employee_id, target_group (a code from ``codes.TARGET_GROUP_CODES``
        or ``codes.SHARED.code``), task (a code from ``codes.TASK_CODES``), share (fraction of the
        employee's effective working time; each employee's shares sum to 1), source.
    konto5 — one row per (target group, tool) amount from the budget templates, after splits:
        municipality, target_group, tool (``codes.TOOL_CODES``), amount (DKK), source.
    register — one row per municipality in the consultant's register file, participants or not:
        municipality, population_16_66 (inhabitants aged 16-66), realised_rate (public support rate,
        fraction of the 16–66 population),
        the framework-condition columns named in ``framework_columns``, and one column
        ``persons_<target group code>`` per target group (full-year persons).
    """

    year: int
    staff: pd.DataFrame
    allocation: pd.DataFrame
    konto5: pd.DataFrame
    register: pd.DataFrame
    framework_columns: tuple[str, ...]
