"""Follow-up of last round's action plan: each planned action, its status, and how the figures it
targeted moved against the fixed panel.

The plan followed is the one the participant returned for the previous stored round (the latest
returned version, :mod:`engine.store.plans`); its status is the one declared there (a participant
reports progress by returning the plan again). Each benchmark says which key figures an item
targets (``report_action_plan.targeted_figures``). A figure's movement is read from the trend
(:mod:`engine.report.trends`): the participant's value in the plan's round and in this round, and
the medians of the same fixed panel the "Udvikling" sheet shows (same n), so the follow-up states
no statistic the report does not already show. Where the panel does not reach back to the plan's
round (too few present in every year), the panel's movement is a gap and the row says why.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from engine.report.trends import FigureTrend, Trend, TrendFigure, figure_trend

NAN = float("nan")


@dataclass(frozen=True)
class FigureMove:
    """One targeted figure from the plan's round to this round (NaN: a gap)."""

    figure: TrendFigure
    own: tuple[float, float]
    panel_median: tuple[float, float]
    panel_n: int
    reason: str  # "" when both the own and the panel's movement are stated; else why not (a code)

    @property
    def own_change(self) -> float:
        return self.own[1] - self.own[0]

    @property
    def panel_change(self) -> float:
        return self.panel_median[1] - self.panel_median[0]

    @property
    def against_panel(self) -> float:
        """The participant's change minus the panel median's change (NaN where either is a gap)."""
        return self.own_change - self.panel_change


@dataclass(frozen=True)
class FollowedAction:
    item: str
    action: str
    owner: str
    deadline: str | None
    effect: str
    status: str
    moves: tuple[FigureMove, ...]


@dataclass(frozen=True)
class FollowUp:
    """The follow-up of one round: ``plan_year``'s returned plans, moved to ``year``, by participant."""

    plan_year: int
    year: int
    actions: dict[str, tuple[FollowedAction, ...]]

    def of(self, participant: str) -> tuple[FollowedAction, ...]:
        return self.actions.get(str(participant), ())


def figure_move(trend: Trend, figure: TrendFigure, participant: str, plan_year: int) -> FigureMove:
    """How ``figure`` moved for ``participant`` from ``plan_year`` to the trend's latest round."""
    current = trend.years[-1]
    own = tuple(trend.series(figure.id, year).get(participant, NAN) if year in trend.values else NAN
                for year in (plan_year, current))
    if any(math.isnan(value) for value in own):
        return FigureMove(figure, own, (NAN, NAN), 0, "no-own-value")
    fixed: FigureTrend | None = figure_trend(trend, figure, participant)
    if fixed is None or plan_year not in fixed.years:
        return FigureMove(figure, own, (NAN, NAN), 0, "panel-not-back")
    medians = (fixed.panel_median[fixed.years.index(plan_year)], fixed.panel_median[-1])
    if any(math.isnan(value) for value in medians):
        return FigureMove(figure, own, (NAN, NAN), fixed.panel_n, "panel-too-small")
    return FigureMove(figure, own, medians, fixed.panel_n, "")


def build_follow_up(trend: Trend | None, plan_year: int | None, plans: dict[str, list[tuple]],
                    targeted: Callable[[str], tuple[str, ...]]) -> FollowUp | None:
    """The follow-up of every participant that returned a plan for ``plan_year`` (``plans`` as
    :func:`engine.store.plans.current_plans` gives them); None without a trend or an earlier round."""
    if trend is None or plan_year is None or not plans:
        return None
    by_id = {figure.id: figure for figure in trend.figures}
    followed: dict[str, tuple[FollowedAction, ...]] = {}
    for participant, actions in plans.items():
        rows = []
        for item, action, owner, deadline, effect, status in actions:
            moves = tuple(figure_move(trend, by_id[figure_id], str(participant), plan_year)
                          for figure_id in targeted(item) if figure_id in by_id)
            rows.append(FollowedAction(item, action, owner, deadline, effect, status, moves))
        followed[str(participant)] = tuple(rows)
    return FollowUp(plan_year, trend.years[-1], followed)


def attach_follow_up(benchmark, store, results) -> None:
    """Set ``results.follow_up`` from the plans returned for the round before ``results.year``."""
    import importlib

    from engine.store.plans import current_plans

    earlier = [year for year in store.years(benchmark.domain) if year < results.year]
    plan_year = earlier[-1] if earlier else None
    plans = current_plans(store.db, benchmark.id, plan_year) if plan_year is not None else {}
    module = importlib.import_module(f"{benchmark.package}.report_action_plan")
    results.follow_up = build_follow_up(getattr(results, "trend", None), plan_year, plans, module.targeted_figures)
