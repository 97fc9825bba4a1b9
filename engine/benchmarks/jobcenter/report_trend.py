"""Jobcenter's key figures over the years: from the stored workbooks, and from each round's register.

An earlier round is computed again from its stored staff lists, allocations and konto 5 budgets, and
from the register file its own run used, kept in the store (``engine.store.round_runs``). A round
whose register was not kept (run before registers were kept, or never run) is computed with this
round's register, as the workbook figures need nothing from it, and the figures from the register
(``needs="register_file"``: full-year persons, cost per person, the realised and expected support
rate) are gaps for that year; the sheet says so.
"""

from __future__ import annotations

from engine.report.trends import TrendFigure
from engine.text import Text

REGISTER = "register_file"
INPUT_FILES = {REGISTER: Text("registret", "the register")}
FIGURES = (
    TrendFigure("fte", Text("Årsværk i alt", "FTE in total"), "#,##0.0"),
    TrendFigure("shared_fte", Text("Årsværk på fælles opgaver", "FTE on shared tasks"), "#,##0.0", chart=False),
    TrendFigure("cost_total", Text("Omkostninger i alt, konto 6 og 5 (kr.)", "Costs in total, accounts 6 and 5 (DKK)"),
                "#,##0"),
    TrendFigure("konto5", Text("Konto 5 (kr.)", "Account 5 (DKK)"), "#,##0", chart=False),
    TrendFigure("persons", Text("Helårspersoner i alt (registret)", "Full-year persons in total (register)"),
                "#,##0", chart=False, needs=REGISTER),
    TrendFigure("unit_total", Text("Omkostninger pr. helårsperson (kr.)", "Costs per full-year person (DKK)"),
                "#,##0", needs=REGISTER),
    TrendFigure("realised_rate", Text("Realiseret offentlig forsørgelsesgrad", "Realised public support rate"),
                "0.0%", needs=REGISTER),
    TrendFigure("expected_rate", Text("Forventet offentlig forsørgelsesgrad", "Expected public support rate"),
                "0.0%", chart=False, needs=REGISTER),
)


def key_figures(results):
    """index municipality, one column per figure."""
    return results.municipalities.reindex(columns=[f.id for f in FIGURES]).astype(float)
