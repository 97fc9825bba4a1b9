"""The overview's "how are the flags spread" sheet: flags per participant, and how many get each flag.

A flag that half the participants get tells nobody where to start (docs/method.md, "Flags that
discriminate"); this sheet lets the consultant see at a glance whether the round's flags single out
a few places. Every count is a live formula over the per-participant table on the same sheet:
``COUNTIF`` over the total column for "participants with k flags", ``COUNTIF(...,">0")`` for
"participants with this flag" and ``MEDIAN`` for the median participant's number of flags.
"""

from __future__ import annotations

import statistics

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.report import formats as fm
from engine.report.headers import fit_header
from engine.text import Text

SHEET = Text("Markeringer pr. deltager", "Flags per participant")


def write_flag_spread(wb, f, title: str, lang: str, participants: list[tuple[str, str]],
                      flags: dict[str, Text], counts: dict[str, dict[str, int]], unit: Text,
                      rule: Text | None = None) -> int:
    """Write the sheet; ``counts[flag][code]`` is how many times ``code`` gets ``flag`` (categories or
    indicators flagged); ``rule`` (optional) states the flags' rule in words from the same parameters.
    Returns the number of formulas written."""
    ws = wb.add_worksheet(SHEET(lang))
    t = lambda da, en: Text(da, en)(lang)  # noqa: E731
    rule_text = f" {rule(lang)}" if rule is not None else ""
    subtitle = t(
        f"Hvor mange markeringer hver deltager får, og hvor mange {unit.da} der får hver markering. En markering, som "
        "halvdelen får, peger ikke på noget; tallene herunder er formler over tabellen.",
        f"How many flags each participant gets, and how many {unit.en} get each flag. A flag that half of them get "
        "points at nothing; the figures below are formulas over the table.") + rule_text
    header = 5
    names = list(flags)
    columns = [t("Kode", "Code"), t("Navn", "Name"), *(flags[flag](lang) for flag in names), t("I alt", "Total")]
    widths = {col: {0: 10, 1: 26}.get(col, 14) for col in range(len(columns))}
    fm.write_consultant_header(ws, f, title, subtitle, t(
        "Navngiver alle deltagere – må ikke sendes til deltagerne.",
        "Names every participant – do not send to the participants."),
        wrap_over=(len(columns) - 1, sum(widths.values())))
    for col, label in enumerate(columns):
        ws.write_string(header, col, label, f["header_left" if col < 2 else "header"])
    fit_header(ws, header, dict(enumerate(columns)), widths)
    first = header + 1
    total_col = len(columns) - 1
    formulas = 0
    totals = []
    for offset, (code, name) in enumerate(participants):
        row = first + offset
        ws.write_string(row, 0, str(code), f["key"])
        ws.write_string(row, 1, str(name), f["label"])
        values = [int(counts[flag].get(code, 0)) for flag in names]
        for index, value in enumerate(values):
            ws.write_number(row, 2 + index, value, f.num("0"))
        total = sum(values)
        totals.append(total)
        ws.write_formula(row, total_col, f"=SUM({xl_rowcol_to_cell(row, 2)}:{xl_rowcol_to_cell(row, total_col - 1)})",
                         f.num("0"), total)
        formulas += 1
    last = first + max(len(participants), 1) - 1
    # Summary beside the table: the median participant, how many have each flag, how many have k flags.
    col = total_col + 2
    ws.set_column(col, col, 34)
    ws.write_string(header, col, t("Opsummering", "Summary"), f["header_left"])
    ws.write_string(header, col + 1, t("Antal", "Count"), f["header"])
    row = first
    total_range = xl_range_abs(first, total_col, last, total_col)
    ws.write_string(row, col, t("Markeringer, median-deltageren", "Flags, the median participant"), f["label_bold"])
    ws.write_formula(row, col + 1, f"=MEDIAN({total_range})", f.num("0.0", bold=True),
                     float(statistics.median(totals)) if totals else 0.0)
    formulas += 1
    row += 2
    for index, flag in enumerate(names):
        cells = xl_range_abs(first, 2 + index, last, 2 + index)
        ws.write_string(row, col, t(f"{unit.da.capitalize()} med: {flags[flag].da}",
                                    f"{unit.en.capitalize()} with: {flags[flag].en}"), f["label"])
        ws.write_formula(row, col + 1, f'=COUNTIF({cells},">"&0)', f.num("0"),
                         sum(1 for code, _ in participants if counts[flag].get(code, 0) > 0))
        formulas += 1
        row += 1
    row += 1
    ws.write_string(row, col, t("Markeringer i alt → antal deltagere", "Flags in total → participants"), f["label_bold"])
    row += 1
    for k in range(0, max(totals, default=0) + 1):
        ws.write_number(row, col, k, f.num("0"))
        ws.write_formula(row, col + 1, f"=COUNTIF({total_range},{xl_rowcol_to_cell(row, col)})", f.num("0"),
                         sum(1 for total in totals if total == k))
        formulas += 1
        row += 1
    ws.freeze_panes(first, 2)
    fm.print_setup(ws, title, lang, repeat_row=header, paper=fm.A3)
    return formulas
