"""A participant's key figures over up to five rounds, against a fixed panel of the same peers.

Every round kept in the store is computed again with this round's method and parameters from its
stored inputs (the workbooks are kept value by value; an input file a parameter names, jobcenter's
register, is kept per run, :mod:`engine.report.trend_rounds` says what follows where it was not), and
each benchmark names its key figures (``benchmarks/<id>/report_trend.py``: ``key_figures(results)``, a frame
indexed by participant). For one participant and one figure:

- the years shown are the latest rounds (at most :data:`MAX_YEARS`) in which it has the figure;
- the panel is the others that have the figure in every year shown (leave-one-out), so each year's
  median is over the same peers: no two years' statistics differ by one member;
- the panel must have at least ``min_group`` members (the disclosure policy's median), and must be
  all of this year's others or differ from them by at least ``min_group`` (otherwise this year's
  median of all others and of the panel would tell something about fewer than ``min_group``);
- while it does not, the oldest year is left out (the report says so); with only this year left,
  the panel is this year's others, and under ``min_group`` the median is a gap.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.report.disclosure import DisclosurePolicy
from engine.report.trend_rounds import EarlierRound, earlier_round, file_key, stored_parameters
from engine.text import Text

MAX_YEARS = 5


@dataclass(frozen=True)
class TrendFigure:
    id: str
    label: Text
    number_format: str = "0.00"
    chart: bool = True  # drawn as a line chart too (a chart costs more to write than its table rows)
    needs: str = ""     # the parameter naming an input file the figure is computed from (register_file)


@dataclass(frozen=True)
class FigureTrend:
    """One figure of one participant: ``years`` shown, its own values and the panel's medians (NaN: gap)."""

    figure: TrendFigure
    years: tuple[int, ...]
    own: tuple[float, ...]
    panel_median: tuple[float, ...]
    panel_n: int
    shortened: bool      # years were left out to keep the panel large enough
    available: int       # years the participant has the figure (before shortening)


@dataclass
class Trend:
    """The key figures of every stored round (recomputed now), ready to be cut per participant."""

    figures: tuple[TrendFigure, ...]
    values: dict[int, "object"]           # year -> DataFrame (index participant, columns figure ids)
    min_group: int
    changed_templates: dict[int, tuple[str, ...]] = field(default_factory=dict)  # year -> template versions
    left_out: dict[int, str] = field(default_factory=dict)  # year -> why it could not be computed again
    earlier: dict[int, EarlierRound] = field(default_factory=dict)  # year -> what it was run with (trend_rounds)
    input_names: dict[str, Text] = field(default_factory=dict)  # input-file parameter -> what the file is

    _series: dict = field(default_factory=dict, repr=False)  # (figure, year) -> {participant: value}

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.values))

    def series(self, figure: str, year: int) -> dict[str, float]:
        """The finite values of ``figure`` in ``year`` by participant, built once per round."""
        key = (figure, year)
        if key not in self._series:
            frame = self.values[year]
            column = frame[figure] if figure in frame else None
            self._series[key] = {} if column is None else {
                str(k): float(v) for k, v in column.items() if v is not None and np.isfinite(float(v))}
        return self._series[key]

    def for_participant(self, participant: str) -> list[FigureTrend]:
        return [trend for figure in self.figures
                if (trend := figure_trend(self, figure, str(participant))) is not None]


def figure_trend(trend: Trend, figure: TrendFigure, participant: str) -> FigureTrend | None:
    """The trend of ``figure`` for ``participant`` under the rules of the module docstring."""
    policy = DisclosurePolicy(trend.min_group)
    current = trend.years[-1]
    by_year = {year: trend.series(figure.id, year) for year in trend.years}
    if participant not in by_year[current]:
        return None
    years: list[int] = []
    for year in reversed(trend.years):  # the latest consecutive run of rounds with the figure
        if participant not in by_year[year] or len(years) == MAX_YEARS:
            break
        years.insert(0, year)
    available = len(years)
    others_now = set(by_year[current]) - {participant}
    while True:
        panel = set.intersection(*(set(by_year[year]) for year in years)) - {participant}
        left_out = len(others_now) - len(panel)
        if len(years) == 1 or (policy.allows("median", len(panel))
                               and (left_out == 0 or left_out >= policy.min_group)):
            break
        years.pop(0)
    shown = policy.allows("median", len(panel))
    medians = tuple(float(np.median([by_year[year][key] for key in panel])) if shown else float("nan")
                    for year in years)
    return FigureTrend(figure, tuple(years), tuple(by_year[year][participant] for year in years), medians,
                       len(panel), len(years) < available, available)


def build_trend(benchmark, store, results, key_figures, figures: tuple[TrendFigure, ...],
                input_names: dict[str, Text] | None = None) -> Trend:
    """The trend of ``results``' round: this round and up to four earlier stored rounds, each computed
    with ``results.params`` (this round's method) from its stored inputs, input files included
    (:mod:`engine.report.trend_rounds`: where a file was not kept, the figures that need it are gaps)."""
    domain = benchmark.domain
    earlier = [year for year in store.years(domain) if year < results.year][-(MAX_YEARS - 1):]
    values = {results.year: key_figures(results)}
    _KEPT[_round_key(store, domain, results.year, file_key(store.db, domain, results.year, results.params)[0])] = \
        values[results.year]
    left_out: dict[int, str] = {}
    rounds: dict[int, EarlierRound] = {}
    with tempfile.TemporaryDirectory(prefix="kommunebench-trend-") as folder:
        for year in earlier:
            params_key, missing = file_key(store.db, domain, year, results.params)
            rounds[year] = earlier_round(store.db, domain, year, results.params, missing)
            key = _round_key(store, domain, year, params_key)
            if key not in _KEPT:
                try:
                    params = stored_parameters(store.db, domain, year, results.params, Path(folder))
                    _KEPT[key] = key_figures(benchmark.compute_round(store, year, params))
                except Exception as error:  # an old round this method cannot compute must not stop this round
                    left_out[year] = f"{type(error).__name__}: {error}"
                    continue
            values[year] = _without(_KEPT[key], [f.id for f in figures if f.needs and f.needs in missing])
    while len(_KEPT) > 4 * MAX_YEARS:  # the oldest first: rounds are run one after another
        del _KEPT[next(iter(_KEPT))]
    versions = {year: tuple(sorted({row[0] for row in store.db.execute(
        "SELECT DISTINCT s.template_version FROM submissions s JOIN rounds r ON r.id = s.round_id "
        "WHERE r.domain = ? AND r.year = ? AND s.replaced_at IS NULL", (domain, year))})) for year in values}
    changed = {year: v for year, v in versions.items() if v != versions[results.year]}
    return Trend(figures, values, int(results.params.min_group), changed, left_out, rounds, dict(input_names or {}))


def _without(frame, columns: list[str]):
    """``frame`` with ``columns`` as gaps (figures from an input file the round did not keep)."""
    if not columns:
        return frame
    frame = frame.copy()
    frame[[c for c in columns if c in frame]] = np.nan
    return frame


# Key figures of rounds computed in this process, by (store file, domain, year, the round's submissions,
# parameters, its input files by sha256): running the rounds of several years one after another computes
# each earlier round once, not once per later round. Any ingest into the round (a new submission id) makes
# a new key.
_KEPT: dict[tuple, object] = {}


def _round_key(store, domain: str, year: int, params_key: str) -> tuple:
    count, last = store.db.execute(
        "SELECT count(*), max(s.id) FROM submissions s JOIN rounds r ON r.id = s.round_id "
        "WHERE r.domain = ? AND r.year = ?", (domain, year)).fetchone()
    return (str(store.path.resolve()), domain, year, count, last, params_key)


def attach_trend(benchmark, store, results) -> None:
    """Set ``results.trend`` from the benchmark's ``report_trend`` module (its key figures)."""
    import importlib

    module = importlib.import_module(f"{benchmark.package}.report_trend")
    results.trend = build_trend(benchmark, store, results, module.key_figures, module.FIGURES,
                                getattr(module, "INPUT_FILES", None))
