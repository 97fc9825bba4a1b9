"""How many flags a participant gets on the demo's synthetic rounds. Prints figures; asserts nothing.

The demo's rounds (``kommunebench demo``: 29 municipalities, about 119 facilities) are computed from
the demo's store, and for each benchmark the script prints how many flags the median participant gets,
how many participants get each flag, and how flags are distributed over participants (docs/method.md,
"Flags that discriminate"). Run it before and after a change of the flag rule to compare.

    python -m engine.cli demo --out /tmp/demo && python benchmarks/flag_counts.py /tmp/demo/bench.sqlite \
        /tmp/demo/jobcenter/register_2026.csv

The jobcenter part runs when the register file is given (the demo writes it beside the jobcenter round).
"""

from __future__ import annotations

import sys
from collections import Counter

from engine.benchmarks.administration.compute import TOTAL, AdministrationParameters, load_round
from engine.benchmarks.botilbud.compute import BotilbudParameters, load_botilbud_round
from engine.store.database import Store

ADMINISTRATION_FLAGS = ("flag_less_centralised", "flag_less_digital", "flag_more_fte")


def _describe(title: str, per_participant, per_flag: dict[str, int], n: int) -> None:
    counts = sorted(per_participant)
    median = counts[len(counts) // 2] if len(counts) % 2 else (counts[len(counts) // 2 - 1] + counts[len(counts) // 2]) / 2
    print(f"{title}: {n} participants; flags per participant: median {median}, "
          f"distribution {dict(sorted(Counter(counts).items()))}")
    for flag, count in per_flag.items():
        print(f"  {flag}: {count} of {n} participants")


def main(database: str, register: str | None = None, year: int = 2026) -> None:
    with Store(database) as store:
        administration = load_round(store, year, AdministrationParameters())
        botilbud = load_botilbud_round(store, year, BotilbudParameters())
    c = administration.categories
    c = c[c["category_id"] != TOTAL]
    participants = administration.participants.index
    per_participant = c.groupby("participant")[list(ADMINISTRATION_FLAGS)].sum().sum(axis=1).reindex(participants,
                                                                                                      fill_value=0)
    per_flag = {flag: int(c.groupby("participant")[flag].any().sum()) for flag in ADMINISTRATION_FLAGS}
    per_flag.update({f"{flag} (median participant's categories)":
                     float(c.groupby("participant")[flag].sum().median()) for flag in ADMINISTRATION_FLAGS})
    _describe("administration", per_participant.astype(int).tolist(), per_flag, len(participants))
    i = botilbud.indicators
    facilities = botilbud.facilities.index
    per_facility = i.groupby("facility")["weak"].sum().reindex(facilities, fill_value=0)
    per_indicator = {indicator: int(count) for indicator, count in i.groupby("indicator", sort=False)["weak"].sum().items()}
    _describe("botilbud", per_facility.astype(int).tolist(), per_indicator, len(facilities))
    if register:
        from engine.benchmarks.jobcenter.compute import load_jobcenter_round
        from engine.benchmarks.jobcenter.parameters import JobcenterParameters
        from engine.benchmarks.jobcenter.report_overview_flags import KINDS, flag_counts

        with Store(database) as store:
            jobcenter = load_jobcenter_round(store, year, JobcenterParameters(register_file=register))
        counts = flag_counts(jobcenter)
        _describe("jobcenter", counts["total"].astype(int).tolist(),
                  {kind: int((counts[kind] > 0).sum()) for kind in KINDS}, len(counts))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "kommunebench-demo/bench.sqlite",
         sys.argv[2] if len(sys.argv) > 2 else None)
