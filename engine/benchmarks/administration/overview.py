"""The consultant's overview of an administration round: every municipality side by side, named."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd
from xlsxwriter.utility import xl_range_abs

from engine import __version__
from engine.benchmarks.administration.compute import AREAS, SCORES, TOTAL, AdministrationResults
from engine.benchmarks.administration.report_labels import (
    AREA_NAMES, SCORE_NAMES, FLAG_NAMES, OVERALL_TEXT, TITLE, TOTAL_LABEL, basis_unit, system_label, category_names,
)
from engine.report.trend_overview import add_trend_overview_sheet
from engine.report.plan_overview import add_plan_overview_sheet
from engine.report import formats as fm
from engine.report.status_sheet import add_status_sheet
from engine.report.formats import DASH, Formats, finite
from engine.report.distribution import Distribution, write_distributions
from engine.report.flag_spread import write_flag_spread
from engine.report.headers import fit_header
from engine.report.print_layout import print_pages_across
from engine.text import Text, format_number
from engine.workbook.atomic import atomic_path


# (column of results.categories, sheet name, number format, kind); kind decides colours and the footer row.
OVERVIEW_MEASURES = (
    ("centralisation", Text("Centralisering", "Centralisation"), fm.SCORE, "level"),
    ("digital_process", Text("Digital proces", "Digital process"), fm.SCORE, "level"),
    ("digital_solution", Text("Digital løsning", "Digital solution"), fm.SCORE, "level"),
    ("fte_norm", Text("Årsværk pr. grundlag", "FTE per basis"), fm.FTE_NORM, "norm"),
    ("dev_centralisation", Text("Afv. centralisering", "Dev. centralisation"), fm.DEVIATION, "deviation"),
    ("dev_digital_process", Text("Afv. digital proces", "Dev. digital process"), fm.DEVIATION, "deviation"),
    ("dev_digital_solution", Text("Afv. digital løsning", "Dev. digital solution"), fm.DEVIATION, "deviation"),
    ("dev_fte_norm", Text("Afv. årsværk", "Dev. FTE"), fm.FTE_NORM_DEVIATION, "deviation_fte"),
    ("potential_fte", Text("Potentiale årsværk", "Potential FTE"), fm.FTE, "potential"),
    ("potential_dkk", Text("Potentiale kr.", "Potential DKK"), fm.DKK, "potential"),
)
# Values that come from a comparison are blank where the group is suppressed, as in the reports.
_COMPARED = {"dev_centralisation", "dev_digital_process", "dev_digital_solution", "dev_fte_norm", "potential_fte",
             "potential_dkk"}


def write_overview(results: AdministrationResults, path: Path, lang: str = "da") -> Path:
    """Write the consultant's workbook: every municipality side by side, named (never send it to them)."""
    TITLE(lang)
    path = Path(path)
    with atomic_path(path) as tmp:
        _Overview(results, lang).write(tmp)
    return path


class _Overview:
    HEADER = 5  # row of the column headers; the area group row is above it
    FIRST_COL = 2

    def __init__(self, results: AdministrationResults, lang: str) -> None:
        self.results = results
        self.params = results.params
        self.lang = lang
        self.codes = sorted(results.participants.index, key=lambda code: (len(str(code)), str(code)))
        self.category_names = category_names()
        c = results.categories
        self.columns = [(area, cid) for area in AREAS
                        for cid in c[c["area"] == area].sort_values("position")["category_id"].drop_duplicates()]
        # Plain dicts: the overview looks up tens of thousands of cells, and a MultiIndex .loc per
        # cell made it take seconds.
        self.frame = c.set_index(["participant", "area", "category_id"]).to_dict("index")
        self.people = results.participants.to_dict("index")
        # Flags counted over the categories (not the totals) of every municipality at once.
        categories = c[c["category_id"] != TOTAL]
        self.flag_counts = {flag: categories[flag].astype(bool).groupby(categories["participant"]).sum().to_dict()
                            for flag in FLAG_NAMES}
        self.formula_count = 0

    def t(self, da: str, en: str) -> str:
        return Text(da, en)(self.lang)

    def write(self, path: Path) -> None:
        year = self.results.year
        self.title = self.t(f"Benchmark af administrationen {year} – oversigt (kun til konsulenten)",
                            f"Administration benchmark {year} – overview (consultant only)")
        wb = fm.new_workbook(path, self.title, f"kommunebench {__version__}: administration {year} overview")
        self.wb, self.f = wb, Formats(wb)
        self._key_figures(wb.add_worksheet(self.t("Nøgletal", "Key figures")))
        self._distributions(wb.add_worksheet(self.t("Fordeling", "Distribution")))
        spread = [(code, str(self.people[code]["name"])) for code in self.codes]
        self.formula_count += write_flag_spread(wb, self.f, self.title, self.lang, spread, FLAG_NAMES,
                                                self.flag_counts, Text("kommuner", "municipalities"))
        self._positions(wb.add_worksheet(self.t("Placering", "Position")))
        for column, name, num_format, kind in OVERVIEW_MEASURES:
            self._measure(wb.add_worksheet(name(self.lang)), column, name(self.lang), num_format, kind)
        # Who is missing or refused: a refused municipality has no row on the other sheets.
        add_trend_overview_sheet(wb, self.f, getattr(self.results, "trend", None),
                                 self.results.participants["name"].astype(str).to_dict(), self.title, self.lang)
        add_plan_overview_sheet(wb, self.f, self.results,
                                self.results.participants["name"].astype(str).to_dict(), self.title, self.lang)
        add_status_sheet(wb, self.results.round_status, self.title, self.lang)
        wb.worksheets()[0].activate()
        wb.close()

    def _distributions(self, ws) -> None:
        """Each area's key indicators, every municipality a point, the good side marked."""
        lang, params = self.lang, self.params
        self._header(ws, self.t("Fordelingen af de vigtigste nøgletal (Samlet pr. område): hver kommune er et punkt, "
                                "grøn på den gode side af medianen, rød på den dårlige.",
                                "The distribution of the key indicators (Total per area): each municipality is a "
                                "point, green on the good side of the median, red on the bad side."))
        names = self.results.participants["name"]
        measures = (("fte_norm", None, "lower", fm.FTE_NORM), ("centralisation", SCORE_NAMES["centralisation"], "higher",
                                                               fm.SCORE),
                    ("digital_process", SCORE_NAMES["digital_process"], "higher", fm.SCORE),
                    ("digital_solution", SCORE_NAMES["digital_solution"], "higher", fm.SCORE))
        items = []
        for area in AREAS:
            for column, label, better, num_format in measures:
                if label is None:
                    name, unit = self.t("Årsværk", "FTE"), basis_unit(area, params, lang)
                    unit = self.t(f"årsværk {unit}", f"FTE {unit}")
                else:
                    name, unit = label(lang), self.t("skala 0–3", "scale 0–3") if column == "centralisation" else \
                        self.t("skala 0–1", "scale 0–1")
                points = [(str(names.get(code, code)), self.value(code, area, TOTAL, column)) for code in self.codes]
                items.append(Distribution(f"{name}, {AREA_NAMES[area](lang).lower()}", unit, better, num_format,
                                          points))
        self.formula_count += write_distributions(self.wb, ws, self.f, lang, 4, items, self.title)

    def value(self, code: str, area: str, category_id: str, column: str) -> float:
        row = self.frame.get((code, area, category_id))
        if row is None:
            return math.nan
        if column in _COMPARED and bool(row["suppressed"]):
            return math.nan
        value = row[column]
        return float(value) if finite(value) else math.nan

    def _header(self, ws, subtitle: str) -> None:
        fm.write_consultant_header(ws, self.f, self.title, subtitle,
                                   self.t("Navngiver alle deltagere – må ikke sendes til kommunerne.",
                                          "Names every participant – do not send to the municipalities."))

    def _footer(self, ws, row: int, col: int, values: list[float], kind: str, fmt) -> None:
        present = [v for v in values if math.isfinite(v)]
        if not present:
            ws.write_string(row, col, DASH, self.f["dash_bold"])
            return
        first, last = self.HEADER + 1, self.HEADER + len(self.codes)
        cells = xl_range_abs(first, col, last, col)
        if kind == "sum":
            formula, cached = f"=SUM({cells})", math.fsum(present)
        elif kind == "median":
            formula, cached = f"=MEDIAN({cells})", float(pd.Series(present).median())
        else:
            formula, cached = f"=AVERAGE({cells})", math.fsum(present) / len(present)
        ws.write_formula(row, col, formula, fmt, cached)
        self.formula_count += 1

    def _measure(self, ws, column: str, name: str, num_format: str, kind: str) -> None:
        f, lang = self.f, self.lang
        notes = {
            "level": self.t(f"Niveau pr. kategori. {OVERALL_TEXT[self.params.overall_weighting].da}",
                            f"Level per category. {OVERALL_TEXT[self.params.overall_weighting].en}"),
            "norm": self.t(f"Årsværk {basis_unit('finance', self.params, lang)} (økonomi) og "
                           f"{basis_unit('hr', self.params, lang)} (løn og personale).",
                           f"FTE {basis_unit('finance', self.params, lang)} (finance) and "
                           f"{basis_unit('hr', self.params, lang)} (payroll and HR)."),
            "deviation": self.t("Egen værdi − medianen for de øvrige kommuner (positiv = mere centraliseret/"
                                "digitaliseret). Tom: sammenligningsgruppen er for lille.",
                                "Own value − the median of the other municipalities (positive = more centralised/"
                                "digital). Empty: the comparison group is too small."),
            "deviation_fte": self.t("Egne årsværk pr. grundlag − medianen for de øvrige (positiv = flere årsværk).",
                                    "Own FTE per basis − the median of the others (positive = more FTE)."),
            "potential": self.t("MAX(0; egne årsværk pr. grundlag − medianen for de øvrige) × grundlag; Samlet = "
                                "summen af kategorierne. Tom: sammenligningsgruppen er for lille.",
                                "MAX(0; own FTE per basis − the median of the others) × basis; Total = the sum of "
                                "the categories. Empty: the comparison group is too small."),
        }
        self._header(ws, f"{name}: {notes[kind]}")
        ws.set_column(0, 0, 7)
        ws.set_column(1, 1, 18)
        ws.set_column(self.FIRST_COL, self.FIRST_COL + len(self.columns) - 1, 11)
        group_row, header = self.HEADER - 1, self.HEADER
        ws.write_string(header, 0, self.t("Kode", "Code"), f["header_left"])
        ws.write_string(header, 1, self.t("Kommune", "Municipality"), f["header_left"])
        ws.write_blank(group_row, 0, None, f["group"])
        ws.write_blank(group_row, 1, None, f["group"])
        for area in AREAS:
            cols = [self.FIRST_COL + i for i, (a, _) in enumerate(self.columns) if a == area]
            ws.merge_range(group_row, cols[0], group_row, cols[-1], AREA_NAMES[area](lang), f["group"])
        labels = {}
        for index, (area, category_id) in enumerate(self.columns):
            label = TOTAL_LABEL(lang) if category_id == TOTAL else self.category_names[(area, category_id)](lang)
            ws.write_string(header, self.FIRST_COL + index, label, f["header"])
            labels[self.FIRST_COL + index] = label
        fit_header(ws, header, labels, {col: 11 for col in labels})
        first = header + 1
        grid: list[list[float]] = []
        for offset, code in enumerate(self.codes):
            row = first + offset
            ws.write_string(row, 0, str(code), f["key"])
            ws.write_string(row, 1, str(self.people[code]["name"]), f["label"])
            values = [self.value(code, area, category_id, column) for area, category_id in self.columns]
            grid.append(values)
            for index, value in enumerate(values):
                fmt = f.num(num_format, bold=False)
                if math.isfinite(value):
                    ws.write_number(row, self.FIRST_COL + index, value, fmt)
                else:
                    ws.write_blank(row, self.FIRST_COL + index, None, fmt)
        last = first + len(self.codes) - 1
        footer = {"level": ("median", "Median"), "norm": ("median", "Median"),
                  "potential": ("sum", self.t("I alt", "Total"))}.get(kind)
        if footer:
            row = last + 1
            ws.write_string(row, 0, "", f["label_bold"])
            ws.write_string(row, 1, footer[1], f["label_bold"])
            for index in range(len(self.columns)):
                self._footer(ws, row, self.FIRST_COL + index, [values[index] for values in grid], footer[0],
                             f.num(num_format, bold=True))
        for index in range(len(self.columns)):
            col = self.FIRST_COL + index
            column_values = [values[index] for values in grid]
            if kind in ("deviation", "deviation_fte"):
                fm.diverging_scale(ws, first, col, last, column_values, reverse=kind == "deviation_fte")
            elif kind == "potential":
                ws.conditional_format(first, col, last, col, {"type": "data_bar", "bar_color": "#F4B183",
                                                              "bar_solid": True})
            else:
                fm.sequential_scale(ws, first, col, last, col)
        ws.autofilter(header, 0, last, self.FIRST_COL + len(self.columns) - 1)
        ws.freeze_panes(first, self.FIRST_COL)
        fm.print_setup(ws, self.title, lang, repeat_row=header, paper=fm.A3)
        print_pages_across(ws, labels=(0, 1))  # a category a column: pages across at 7 pt, code and name on each

    def _key_figures(self, ws) -> None:
        f, lang, params = self.f, self.lang, self.params
        results = self.results
        n = len(self.codes)
        subtitle = self.t(f"{n} deltagende kommuner", f"{n} participating municipalities")
        if results.previous_year is not None:
            subtitle += self.t(f"; sidste år: {results.previous_year}", f"; last year: {results.previous_year}")
        subtitle += self.t(f". Omkostning pr. årsværk {format_number(params.cost_per_fte, lang)} kr.; mindste "
                           f"sammenligningsgruppe {params.min_group}.",
                           f". Cost per FTE {format_number(params.cost_per_fte, lang)} DKK; smallest comparison "
                           f"group {params.min_group}.")
        self._header(ws, subtitle)
        fin, hr = basis_unit("finance", params, lang), basis_unit("hr", params, lang)
        # (header, getter, number format, footer kind)
        people = self.people
        columns: list[tuple[str, Callable[[str], object], str | None, str | None]] = [
            (self.t("Kode", "Code"), lambda c: str(c), None, None),
            (self.t("Kommune", "Municipality"), lambda c: str(people[c]["name"]), None, None),
            (self.t("Indbyggere", "Inhabitants"), lambda c: float(people[c]["inhabitants"]), fm.COUNT, "sum"),
            (self.t("Ansatte", "Employees"), lambda c: float(people[c]["employees"]), fm.COUNT, "sum"),
            (self.t("Økonomisystem", "Finance system"),
             lambda c: system_label("finance", people[c]["finance_system"], lang), None, None),
            (self.t("Lønsystem", "Payroll system"),
             lambda c: system_label("hr", people[c]["payroll_system"], lang), None, None),
            (self.t("Må nævnes", "May be named"),
             lambda c: self.t("ja", "yes") if bool(people[c]["consent"]) else self.t("nej", "no"), None, None),
            (self.t("Årsværk, økonomi", "FTE, finance"), lambda c: self.value(c, "finance", TOTAL, "fte"), fm.FTE, "sum"),
            (self.t("Årsværk, løn og personale", "FTE, payroll and HR"), lambda c: self.value(c, "hr", TOTAL, "fte"),
             fm.FTE, "sum"),
            (self.t(f"Årsværk økonomi {fin}", f"FTE finance {fin}"), lambda c: self.value(c, "finance", TOTAL, "fte_norm"),
             fm.FTE_NORM, "average"),
            (self.t(f"Årsværk løn {hr}", f"FTE payroll {hr}"), lambda c: self.value(c, "hr", TOTAL, "fte_norm"),
             fm.FTE_NORM, "average"),
        ]
        for score in SCORES:
            for area, short in (("finance", Text("økonomi", "finance")), ("hr", Text("løn", "payroll"))):
                columns.append((f"{SCORE_NAMES[score](lang)}, {short(lang)}",
                                lambda c, a=area, s=score: self.value(c, a, TOTAL, s), fm.SCORE, "average"))
        for flag, label in FLAG_NAMES.items():
            columns.append((self.t(f"Kategorier: {label.da}", f"Categories: {label.en}"),
                            lambda c, fl=flag: float(self._flag_count(c, fl)), "0", "sum"))
        columns += [
            (self.t("Potentiale årsværk, økonomi", "Potential FTE, finance"),
             lambda c: self.value(c, "finance", TOTAL, "potential_fte"), fm.FTE, "sum"),
            (self.t("Potentiale årsværk, løn", "Potential FTE, payroll"),
             lambda c: self.value(c, "hr", TOTAL, "potential_fte"), fm.FTE, "sum"),
            (self.t("Potentiale kr., økonomi", "Potential DKK, finance"),
             lambda c: self.value(c, "finance", TOTAL, "potential_dkk"), fm.DKK, "sum"),
            (self.t("Potentiale kr., løn", "Potential DKK, payroll"),
             lambda c: self.value(c, "hr", TOTAL, "potential_dkk"), fm.DKK, "sum"),
        ]
        header = self.HEADER
        for col, (label, *_rest) in enumerate(columns):
            ws.write_string(header, col, label, f["header_left" if col < 2 else "header"])
        fit_header(ws, header, {col: label for col, (label, *_rest) in enumerate(columns)},
                   {col: {0: 7, 1: 18, 4: 20, 5: 20}.get(col, 12) for col in range(len(columns))})
        first = header + 1
        grid: dict[int, list[float]] = {}
        for offset, code in enumerate(self.codes):
            row = first + offset
            for col, (_, getter, num_format, _kind) in enumerate(columns):
                value = getter(code)
                if isinstance(value, str):
                    ws.write_string(row, col, value, f["key" if col == 0 else "label"])
                    continue
                grid.setdefault(col, []).append(value)
                if math.isfinite(value):
                    ws.write_number(row, col, value, f.num(num_format))
                else:
                    ws.write_blank(row, col, None, f.num(num_format))
        last = first + len(self.codes) - 1
        # Column summaries use the reports' one comparator: the median (docs/method.md).
        for label_row, kinds, label in ((last + 1, ("sum",), self.t("I alt", "Total")),
                                        (last + 2, ("average",), "Median")):
            ws.write_string(label_row, 0, "", f["label_bold"])
            ws.write_string(label_row, 1, label, f["label_bold"])
            for col, (_, _getter, num_format, kind) in enumerate(columns):
                if kind in kinds:
                    self._footer(ws, label_row, col, grid[col], "median" if kind == "average" else kind,
                                 f.num(num_format, bold=True))
                elif col >= 2:
                    ws.write_blank(label_row, col, None, f["label_bold"])
        for col, (_, _getter, num_format, kind) in enumerate(columns):
            if kind == "average":
                fm.sequential_scale(ws, first, col, last, col)
            elif num_format in (fm.FTE, fm.DKK) and col >= len(columns) - 4:  # the potentials
                ws.conditional_format(first, col, last, col, {"type": "data_bar", "bar_color": "#F4B183",
                                                              "bar_solid": True})
        ws.autofilter(header, 0, last, len(columns) - 1)
        ws.freeze_panes(first, 2)
        fm.print_setup(ws, self.title, lang, repeat_row=header, paper=fm.A3)
        print_pages_across(ws, labels=(0, 1))

    def _positions(self, ws) -> None:
        """Each municipality's quarter among the others, per area's Total (the categories' are in its report)."""
        f, lang = self.f, self.lang
        self._header(ws, self.t("Den fjerdedel af de øvrige kommuner, kommunens tal (Samlet) ligger i: 1 = nederste, "
                                "4 = øverste kvartil. Tom: gruppen er for lille til kvartiler (arket Metode i "
                                "rapporterne).",
                                "The quarter of the other municipalities the municipality's figure (Total) falls in: "
                                "1 = lowest, 4 = highest quarter. Empty: the group is too small for quartiles (the "
                                "reports' Method sheet)."))
        figures = (*SCORES, "fte_norm")
        names = {**{s: SCORE_NAMES[s](lang) for s in SCORES}, "fte_norm": self.t("Årsværk pr. grundlag", "FTE per basis")}
        header = self.HEADER
        labels = {0: self.t("Kode", "Code"), 1: self.t("Kommune", "Municipality")}
        col = 2
        for area in AREAS:
            ws.merge_range(header - 1, col, header - 1, col + len(figures) - 1, AREA_NAMES[area](lang), f["group"])
            for figure in figures:
                labels[col] = names[figure]
                col += 1
        for col, label in labels.items():
            ws.write_string(header, col, label, f["header_left" if col < 2 else "header"])
        fit_header(ws, header, labels, {col: {0: 7, 1: 18}.get(col, 13) for col in labels})
        for offset, code in enumerate(self.codes):
            row = header + 1 + offset
            ws.write_string(row, 0, str(code), f["key"])
            ws.write_string(row, 1, str(self.people[code]["name"]), f["label"])
            col = 2
            for area in AREAS:
                for figure in figures:
                    record = self.frame.get((code, area, TOTAL), {})
                    band = record.get(f"band_{figure}")
                    if band in (1, 2, 3, 4) and not bool(record.get("suppressed")):
                        ws.write_number(row, col, int(band), f.num("0"))
                    else:  # a half or nothing: no quarter to show
                        ws.write_blank(row, col, None, f.num("0"))
                    col += 1
        fm.sequential_scale(ws, header + 1, 2, header + len(self.codes), col - 1)
        ws.freeze_panes(header + 1, 2)
        fm.print_setup(ws, self.title, lang, repeat_row=header, paper=fm.A3)

    def _flag_count(self, code: str, flag: str) -> int:
        return int(self.flag_counts[flag].get(code, 0))
