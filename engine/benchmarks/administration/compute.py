"""The administration benchmark's numbers, for every municipality of a round at once.

Method (docs/method.md explains each choice):
- category scores are means over the category's processes; the overall score
  ("Samlet") is the plain mean of the category scores (``overall_weighting`` =
  "categories", which reproduces the source's example table best), or the mean
  over all processes of the area ("processes");
- FTE are summed per category and normalised: finance per 10,000 inhabitants,
  HR/payroll per 1,000 employees;
- each municipality is compared with all *other* participants of the round
  (leave-one-out); digitalisation also with those on the same finance resp.
  payroll system; a comparison group smaller than ``min_group`` is suppressed;
- one comparator for every figure: the peer *median* (municipal figures are skewed, and a
  median is not pulled by one outlier); deviations, flags, potentials and charts all use it,
  so a deviation of +0.04 FTE never sits beside a "more FTE" flag;
- deviation = own − peer median (positive = more centralised / more digital / more FTE);
- position = the quarter of the others the own figure falls in (the others' quartiles, shown only
  over at least 2 × ``min_group``; else the half, over the median), ``band_<figure>``;
- flags use the others' spread *and* a distance that matters in the figure's own units: beyond the
  worse quartile by more than ``spread_margin`` × the others' interquartile range, and more than
  ``centralisation_threshold`` / ``digital_threshold`` points, or ``fte_min_difference`` FTE, from the
  median (docs/method.md, "Flags that discriminate");
- FTE potential per category = max(0, own − peer median) in normalised FTE,
  converted back to FTE and to DKK with ``cost_per_fte``; the area's potential
  is the sum over its categories.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from engine.benchmarks import get_domain
from engine.peers.groups import loo_mean, loo_median, loo_quantile
from engine.peers.parameters import parameters_from_toml
from engine.reference import read_data_csv
from engine.report.disclosure import DEFAULT_MIN_GROUP, DisclosurePolicy
from engine.report.position import band_codes, beyond
from engine.spec import TableSheet

PACKAGE = "engine.benchmarks.administration"  # its data/ folder holds the category list

AREAS = ("finance", "hr")
SCORES = ("centralisation", "digital_process", "digital_solution")
DIGITAL = ("digital_process", "digital_solution")
TOTAL = "total"  # category id of the area's overall row
OVERALL_WEIGHTINGS = ("categories", "processes")


@dataclass(frozen=True)
class AdministrationParameters:
    """Every constant of the method; a round's configuration file may override any of them."""

    finance_per_inhabitants: int = 10_000
    hr_per_employees: int = 1_000
    cost_per_fte: float = 575_000.0
    min_group: int = DEFAULT_MIN_GROUP  # engine.report.disclosure: the smallest group for a median
    centralisation_threshold: float = 0.5
    digital_threshold: float = 0.2
    # More FTE is flagged only where the FTE above the median, (own − median) × basis, exceeds this
    # many FTE (and the own figure is above the others' upper quartile): less is not worth a conversation.
    fte_min_difference: float = 1.0
    # How far beyond the worse quartile a flagged figure lies, in the others' interquartile ranges (Q3 − Q1):
    # 0 = beyond the quartile itself, which a quarter of the municipalities are in every category by
    # construction; 0.5 leaves the median municipality of the demo a handful of flags (docs/method.md).
    spread_margin: float = 0.5
    # The same-size group beside "all": the others with between 1/size_factor and size_factor times the
    # municipality's inhabitants (docs/method.md, "A same-size comparison").
    size_factor: float = 2.0
    # How the area's overall score ("Samlet") weighs its categories: "categories" = the plain mean
    # of the category scores (every category counts the same, as in the source's table), or
    # "processes" = the mean over all processes (a category with more processes counts more).
    overall_weighting: str = "categories"
    consented: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        DisclosurePolicy(self.min_group)  # checks it
        if not self.spread_margin >= 0:
            raise ValueError(f"spread_margin must be 0 or more (interquartile ranges); got {self.spread_margin!r}")
        if not self.size_factor >= 1:
            raise ValueError(f"size_factor must be at least 1 (a factor either way); got {self.size_factor!r}")
        if self.overall_weighting not in OVERALL_WEIGHTINGS:
            raise ValueError(f"overall_weighting must be one of {', '.join(OVERALL_WEIGHTINGS)}; "
                             f"got {self.overall_weighting!r}")

    @classmethod
    def from_toml(cls, path: str | Path) -> "AdministrationParameters":
        """Read ``[administration]`` from a round configuration file; unknown keys are an error."""
        return parameters_from_toml(cls(), path, "administration")

    @property
    def disclosure(self) -> DisclosurePolicy:
        return DisclosurePolicy(self.min_group)


@dataclass
class AdministrationResults:
    """All numbers of one round. Frames are long and keyed by participant (municipality code).

    ``participants``: index participant; name, inhabitants, employees, finance_system,
      payroll_system, consent, file_name, sha256.
    ``processes``: participant, area, category_id, process_id, position, the three scores,
      fte, comment, and ``location_<field>`` provenance of each value.
    ``categories``: participant, area, category_id (``total`` for the area), position,
      n_processes, scores, fte, basis, fte_norm, peers_n, peer_<score>, peer_fte_norm_mean,
      peer_fte_norm_median, dev_<score>, dev_fte_norm, system, system_peers_n,
      system_peer_<digital>, system_dev_<digital>, suppressed, system_suppressed,
      peer_q1_<figure>, peer_q3_<figure> and band_<figure> (figure: the scores and fte_norm; the
      quartiles NaN where the policy shows none), quartiles_shown,
      flag_less_centralised, flag_less_digital, flag_more_fte, potential_fte, potential_dkk,
      size_peers_n, size_peer_fte_norm_median and size_peer_<score> (the same-size group's medians, NaN
      where hidden),
      and prev_<score>/prev_fte_norm from the previous round where the store has it.
    """

    year: int
    params: AdministrationParameters
    participants: pd.DataFrame
    processes: pd.DataFrame
    categories: pd.DataFrame
    previous_year: int | None = None
    round_status: object | None = None  # set by run: who was received, replaced, refused or is missing


def category_table() -> pd.DataFrame:
    """Category metadata in catalogue order: area, position, Danish and English names."""
    rows = read_data_csv("administration_categories.csv", PACKAGE)
    frame = pd.DataFrame(rows)[["category_id", "area", "position", "name_da", "name_en", "seed_label_da"]]
    frame["position"] = frame["position"].astype(int)
    return frame


def frames_from_values(rows: list[tuple], submissions: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Store rows (participant, sheet, row_key, field, number, text, location) -> participants, processes."""
    values = _long_values(rows)
    table = values[values["row_key"] != ""]
    # One pivot for the values and their locations together.
    wide = table.pivot(index=["participant", "sheet_id", "row_key"], columns="field_id", values=["value", "location"])
    wide.columns = [field if kind == "value" else f"location_{field}" for kind, field in wide.columns]
    processes = wide.reset_index().rename(columns={"sheet_id": "area", "row_key": "process_id"})
    return _participants(values[values["row_key"] == ""], submissions), _processes(processes)


def frames_from_store(store, year: int, submissions: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`frames_from_values` of a stored round, read without its long rows where that can be done.

    The table rows (a hundred thousand values a round) are read as compact cells and placed into the
    wide frame by position (:func:`_wide_from_cells`); only a round holding a sheet or field that the
    declaration does not know is read as long rows and pivoted.
    """
    sheets, fields = _table_declaration()
    keys, cells = store.round_table_cells("administration", year, sheets, fields)
    wide = _wide_from_cells(keys, cells, sheets, fields)
    if wide is None:
        return frames_from_values(store.round_values("administration", year), submissions)
    front = _long_values(store.round_form_values("administration", year))
    return _participants(front, submissions), _processes(wide)


def _long_values(rows: list[tuple]) -> pd.DataFrame:
    """Stored value rows (:meth:`Store.round_values`) as a frame, with ``value``: the number, else the text."""
    values = pd.DataFrame(rows, columns=["participant", "sheet_id", "row_key", "field_id", "number", "text",
                                         "location"])
    values["value"] = values["number"].where(values["number"].notna(), values["text"])
    return values


def _participants(front: pd.DataFrame, submissions: list[dict]) -> pd.DataFrame:
    participants = front.pivot(index="participant", columns="field_id", values="value")
    meta = pd.DataFrame(submissions).set_index("participant")
    participants = participants.join(meta[["name", "file_name", "sha256"]], how="left")
    for column in ("inhabitants", "employees"):
        participants[column] = participants[column].astype(float)
    return participants


def _processes(processes: pd.DataFrame) -> pd.DataFrame:
    for column in (*SCORES, "fte"):
        processes[column] = processes[column].astype(float)
    if "comment" not in processes:
        processes["comment"] = None
    catalogue = _process_catalogue()
    processes = processes.merge(catalogue, on=["area", "process_id"], how="left")
    return processes.sort_values(["participant", "area", "position"]).reset_index(drop=True)


def _table_declaration() -> tuple[list[str], list[str]]:
    """The table sheets' ids in their declared order, and their fields' ids sorted (as a pivot orders columns)."""
    tables = [sheet for sheet in get_domain("administration").sheets if isinstance(sheet, TableSheet)]
    return [sheet.id for sheet in tables], sorted({field.id for sheet in tables for field in sheet.columns})


def _wide_from_cells(keys: dict[int, str], cells: list[tuple], sheets: list[str],
                     fields: list[str]) -> pd.DataFrame | None:
    """The frame the pivot in :func:`frames_from_values` makes of the table rows, from compact cells.

    ``cells`` are (participant id, sheet, row key, field, value, location), sheet and field as positions
    in ``sheets`` and ``fields``, ordered by participant id, sheet id, row key and field id; ``None``
    when a cell's sheet or field is not among them. A row of the result starts wherever the
    participant, sheet or row key changes; rows are then put in the order of the participants' keys
    (a stable sort keeps each participant's rows in sheet and row key order, as the pivot sorts them).
    """
    n = len(cells)
    grid = np.fromiter(chain.from_iterable(cells), dtype=object, count=6 * n).reshape(n, 6)
    participant, sheet, field = (grid[:, column].astype(np.int64) for column in (0, 1, 3))
    if n == 0 or (sheet < 0).any() or (field < 0).any():
        return None
    row_keys = grid[:, 2]
    starts = np.ones(n, dtype=bool)
    starts[1:] = (participant[1:] != participant[:-1]) | (sheet[1:] != sheet[:-1]) | (row_keys[1:] != row_keys[:-1])
    row = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    values = grid[:, 4]
    values[values == None] = np.nan  # noqa: E711 (elementwise on objects; a stored value is never both NULL)
    shape = (len(first), len(fields))
    wide_values, wide_locations = np.full(shape, np.nan, dtype=object), np.full(shape, np.nan, dtype=object)
    wide_values[row, field], wide_locations[row, field] = values, grid[:, 5]
    participant_keys = np.array([keys[pid] for pid in participant[first]], dtype=object)
    order = np.argsort(participant_keys, kind="stable")
    present = np.flatnonzero(np.bincount(field, minlength=len(fields)))  # the pivot has the fields that occur
    frame = {"participant": pd.Series(participant_keys[order]),
             "area": pd.Series(np.array(sheets, dtype=object)[sheet[first][order]]),
             "process_id": pd.Series(row_keys[first][order])}
    frame.update((fields[i], pd.Series(wide_values[order, i], dtype=object)) for i in present)
    frame.update((f"location_{fields[i]}", pd.Series(wide_locations[order, i])) for i in present)
    return pd.DataFrame(frame)


def _process_catalogue() -> pd.DataFrame:
    domain = get_domain("administration")
    rows = []
    for sheet in domain.sheets:
        if isinstance(sheet, TableSheet):
            rows += [(sheet.id, item.key, item.group_id, position) for position, item in enumerate(sheet.rows)]
    return pd.DataFrame(rows, columns=["area", "process_id", "category_id", "position"])


def compute_administration(participants: pd.DataFrame, processes: pd.DataFrame, year: int,
                           params: AdministrationParameters = AdministrationParameters(),
                           previous: pd.DataFrame | None = None,
                           previous_year: int | None = None) -> AdministrationResults:
    """Category scores, comparisons and potentials for every participant (vectorised)."""
    participants = participants.copy()
    # Named to the other participants only when the round's configuration records their consent.
    participants["consent"] = participants.index.isin(params.consented)
    categories = _aggregate(processes, params.overall_weighting)
    categories = _normalise(categories, participants, params)
    categories = _compare(categories, participants, params)
    if previous is not None and not previous.empty:
        prev = previous.set_index(["participant", "area", "category_id"])[[*SCORES, "fte_norm"]]
        prev.columns = [f"prev_{c}" for c in prev.columns]
        categories = categories.join(prev, on=["participant", "area", "category_id"])
    else:
        previous_year = None
    return AdministrationResults(year, params, participants, processes, categories, previous_year)


def _aggregate(processes: pd.DataFrame, overall_weighting: str = "categories") -> pd.DataFrame:
    keys = ["participant", "area", "category_id"]
    agg = {"n_processes": ("process_id", "size"), "fte": ("fte", "sum"),
           **{score: (score, "mean") for score in SCORES}}
    per_category = processes.groupby(keys, sort=False).agg(**agg).reset_index()
    overall = processes.groupby(["participant", "area"], sort=False).agg(**agg).reset_index()
    if overall_weighting == "categories":
        # Every category counts the same, whatever its number of processes (mean skips a category
        # without any answered process, as AVERAGE does in the report).
        category_means = per_category.groupby(["participant", "area"], sort=False)[list(SCORES)].mean()
        overall = overall.drop(columns=list(SCORES)).join(category_means, on=["participant", "area"])
    overall["category_id"] = TOTAL
    meta = category_table()[["category_id", "area", "position"]]
    per_category = per_category.merge(meta, on=["category_id", "area"], how="left")
    overall["position"] = 99
    frame = pd.concat([per_category, overall], ignore_index=True)
    return frame.sort_values(["participant", "area", "position"]).reset_index(drop=True)


def _normalise(categories: pd.DataFrame, participants: pd.DataFrame, params: AdministrationParameters) -> pd.DataFrame:
    inhabitants = categories["participant"].map(participants["inhabitants"])
    employees = categories["participant"].map(participants["employees"])
    finance = categories["area"] == "finance"
    categories["basis"] = np.where(finance, inhabitants / params.finance_per_inhabitants,
                                   employees / params.hr_per_employees)
    categories["fte_norm"] = categories["fte"] / categories["basis"]
    return categories


def _compare(categories: pd.DataFrame, participants: pd.DataFrame, params: AdministrationParameters) -> pd.DataFrame:
    group = [categories["area"], categories["category_id"]]
    for score in (*SCORES, "fte_norm"):
        mean, others = loo_mean(categories[score], group)
        if score == "fte_norm":
            categories["peer_fte_norm_mean"] = mean  # kept for the consultant's checks; not a comparator
        if score == "centralisation":
            categories["peers_n"] = others
    # The one comparator (docs/method.md, "One comparator"): the median of the other participants.
    for score in SCORES:
        categories[f"peer_{score}"] = loo_median(categories[score], group)
    categories["peer_fte_norm_median"] = loo_median(categories["fte_norm"], group)
    categories["suppressed"] = ~params.disclosure.allows("median", categories["peers_n"].to_numpy())
    for score in SCORES:
        categories[f"dev_{score}"] = categories[score] - categories[f"peer_{score}"]
    categories["dev_fte_norm"] = categories["fte_norm"] - categories["peer_fte_norm_median"]

    finance_system = categories["participant"].map(participants["finance_system"])
    payroll_system = categories["participant"].map(participants["payroll_system"])
    categories["system"] = np.where(categories["area"] == "finance", finance_system, payroll_system)
    # "Other" covers different unlisted systems: those municipalities share no system group.
    system = categories["system"].where(categories["system"] != "other")
    system_group = [categories["area"], categories["category_id"], system.fillna("")]
    for score in DIGITAL:
        _, others = loo_mean(categories[score], system_group)
        median = loo_median(categories[score], system_group).where(system.notna())
        categories[f"system_peer_{score}"] = median
        categories["system_peers_n"] = others.where(system.notna()).fillna(0).astype(int)
        categories[f"system_dev_{score}"] = categories[score] - median
    categories["system_suppressed"] = ~params.disclosure.allows("median", categories["system_peers_n"].to_numpy())
    # A suppressed group's figures must not reach any consumer: with one peer, its "mean" is that peer.
    hidden = [f"peer_{s}" for s in SCORES] + [f"dev_{s}" for s in SCORES] + \
        ["peer_fte_norm_mean", "peer_fte_norm_median", "dev_fte_norm"]
    categories.loc[categories["suppressed"], hidden] = np.nan
    system_hidden = [f"system_peer_{s}" for s in DIGITAL] + [f"system_dev_{s}" for s in DIGITAL]
    categories.loc[categories["system_suppressed"], system_hidden] = np.nan

    policy = params.disclosure
    categories["quartiles_shown"] = policy.allows("q1", categories["peers_n"].to_numpy())
    medians = {**{s: f"peer_{s}" for s in SCORES}, "fte_norm": "peer_fte_norm_median"}
    for figure, median in medians.items():
        for name, p in (("q1", 0.25), ("q3", 0.75)):
            quartile = loo_quantile(categories[figure], group, p).to_numpy()
            categories[f"peer_{name}_{figure}"] = policy.shown(name, quartile, categories["peers_n"].to_numpy())
        categories[f"band_{figure}"] = band_codes(categories[figure], categories[f"peer_q1_{figure}"],
                                                  categories[median], categories[f"peer_q3_{figure}"],
                                                  categories["peers_n"], policy)

    compared = ~categories["suppressed"]
    # Beyond the worse quartile's fence (the quartile moved spread_margin interquartile ranges outwards) where
    # the policy shows quartiles; else the distance alone.
    below_fence = {s: ~categories["quartiles_shown"] | beyond(categories[s], flag_fence(
        categories[f"peer_q1_{s}"], categories[f"peer_q3_{s}"], "below", params.spread_margin), "below")
        for s in SCORES}
    # Every comparison with a threshold allows the tolerance of engine.peers.comparison: scores of 0, ½ and 1
    # tie with a threshold often, and the sheet's AVERAGEIFS may differ from the engine's mean in the last digit.
    categories["flag_less_centralised"] = compared & below_fence["centralisation"] & beyond(
        categories["dev_centralisation"], -params.centralisation_threshold, "below")
    # Digitalisation is judged against the same system where that group is large enough, else against all;
    # flagged when one digital score is both that far below its median and beyond the others' lower fence.
    less_digital = [
        below_fence[s] & beyond(categories[f"system_dev_{s}"].where(~categories["system_suppressed"],
                                                                    categories[f"dev_{s}"]), -params.digital_threshold,
                                "below") for s in DIGITAL]
    categories["flag_less_digital"] = compared & (less_digital[0] | less_digital[1])
    above = categories["fte_norm"] - categories["peer_fte_norm_median"]
    above_fence = ~categories["quartiles_shown"] | beyond(categories["fte_norm"], flag_fence(
        categories["peer_q1_fte_norm"], categories["peer_q3_fte_norm"], "above", params.spread_margin), "above")
    categories["flag_more_fte"] = compared & above_fence & beyond(above * categories["basis"],
                                                                  params.fte_min_difference, "above")
    per_category = (above.clip(lower=0) * categories["basis"]).where(compared & (categories["category_id"] != TOTAL))
    categories["potential_fte"] = per_category
    is_total = categories["category_id"] == TOTAL
    area_sum = per_category.groupby([categories["participant"], categories["area"]]).transform("sum")
    categories.loc[is_total, "potential_fte"] = area_sum[is_total].where(compared[is_total])
    categories["potential_dkk"] = categories["potential_fte"] * params.cost_per_fte
    return _size_comparison(categories, participants, params)


def flag_fence(q1, q3, side: str, margin: float):
    """The bound a flagged figure lies beyond: the worse quartile moved ``margin`` × (Q3 − Q1) outwards
    (``side`` "below": Q1 − margin × IQR; "above": Q3 + margin × IQR)."""
    spread = q3 - q1
    return q1 - margin * spread if side == "below" else q3 + margin * spread


def flag_fence_formula(q1: str, q3: str, side: str) -> str:
    """:func:`flag_fence` as a spreadsheet expression over the quartile cells and the named ``spread_margin``."""
    return f"({q1}-spread_margin*({q3}-{q1}))" if side == "below" else f"({q3}+spread_margin*({q3}-{q1}))"


def _size_comparison(categories: pd.DataFrame, participants: pd.DataFrame,
                     params: AdministrationParameters) -> pd.DataFrame:
    """The medians of the others of about the same size (``size_peers_n``, ``size_peer_fte_norm_median`` and
    ``size_peer_<score>`` for the three scores): inhabitants within a factor ``size_factor`` either way.

    Shown where the group has at least ``min_group`` members and differs from "all others" by more than
    one: two medians over groups one member apart can give that member's value away (disclosure policy).
    """
    n_rows = len(categories)
    size_n = np.zeros(n_rows, dtype=int)
    figures = ("fte_norm", *SCORES)
    size_median = {figure: np.full(n_rows, np.nan) for figure in figures}
    inhabitants = categories["participant"].map(participants["inhabitants"]).to_numpy(dtype=float)
    values = {figure: categories[figure].to_numpy(dtype=float) for figure in figures}
    for _, rows in categories.groupby(["area", "category_id"], sort=False).indices.items():
        own = inhabitants[rows]
        ratio = own[None, :] / own[:, None]  # [member, other]
        same = (ratio >= 1 / params.size_factor) & (ratio <= params.size_factor) & ~np.eye(len(rows), dtype=bool)
        # The group is the others of that size with an answer (FTE); a score without one is left out of its median.
        same &= ~np.isnan(values["fte_norm"][rows])[None, :]
        size_n[rows] = same.sum(axis=1)
        for figure in figures:
            block = np.where(same, values[figure][rows][None, :], np.nan)
            with warnings.catch_warnings():  # a member without any other of its size: NaN, and no warning
                warnings.simplefilter("ignore", RuntimeWarning)
                size_median[figure][rows] = np.nanmedian(block, axis=1)
    peers_n = categories["peers_n"].to_numpy()
    shown = params.disclosure.allows("median", size_n) & (peers_n - size_n != 1) & ~categories["suppressed"].to_numpy()
    categories["size_peers_n"] = size_n
    categories["size_peer_fte_norm_median"] = np.where(shown, size_median["fte_norm"], np.nan)
    for score in SCORES:
        categories[f"size_peer_{score}"] = np.where(shown, size_median[score], np.nan)
    return categories


def load_round(store, year: int, params: AdministrationParameters = AdministrationParameters(),
               previous: AdministrationResults | None = None) -> AdministrationResults:
    """Read a round (and the previous one, if stored) from the store and compute it.

    ``previous``: the previous round when the caller has computed it already (rounds run one after
    another), so it is not read and aggregated again.
    """
    submissions = store.current_submissions("administration", year)
    if not submissions:
        raise LookupError(f"the store has no administration submissions for {year}")
    participants, processes = frames_from_store(store, year, submissions)
    prev_categories, previous_year = None, None
    if previous is not None and previous.year == year - 1:
        # Its scores and normalised FTE are what _aggregate and _normalise give; _compare adds columns only.
        prev_categories, previous_year = previous.categories, previous.year
    elif year - 1 in store.years("administration"):
        prev_submissions = store.current_submissions("administration", year - 1)
        if prev_submissions:
            prev_participants, prev_processes = frames_from_store(store, year - 1, prev_submissions)
            prev_categories = _normalise(_aggregate(prev_processes, params.overall_weighting), prev_participants,
                                         params)
            previous_year = year - 1
    return compute_administration(participants, processes, year, params, prev_categories, previous_year)
