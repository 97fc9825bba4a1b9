"""The consultant's overview of a jobcenter round: every participant side by side, named.

Sheets: key figures per municipality (with median rows as live formulas), the unit cost per target
group (municipalities × groups, suppressed groups "–"), the effect for every municipality in the
register with the participants marked, the model, and "Indsendelser": every municipality's templates,
so the incomplete ones (not on the other sheets) are seen. Never send it to the municipalities.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_range_abs

from engine import __version__
from engine.benchmarks.jobcenter.codes import TARGET_GROUP_CODES
from engine.benchmarks.jobcenter.compute import JobcenterResults
from engine.benchmarks.jobcenter.report_labels import DKK, FTE2, LABELS, PP, VERDICT, colour_verdicts
from engine.benchmarks.jobcenter.report_method import write_model_table
from engine.benchmarks.jobcenter.report_overview_flags import write_flags, write_group_deviations
from engine.report.trend_overview import add_trend_overview_sheet
from engine.report.plan_overview import add_plan_overview_sheet
from engine.report import formats as fm
from engine.report.formats import DASH, Formats, finite, write_cached_formula
from engine.report.headers import fit_written_header
from engine.report.position import item_band_text
from engine.report.status_sheet import add_status_sheet
from engine.text import Text, format_number

HEADER = 4


class Overview:
    def __init__(self, results: JobcenterResults, lang: str) -> None:
        self.results, self.params, self.lang = results, results.params, lang
        self.formula_count = 0

    def t(self, da: str, en: str) -> str:
        return Text(da, en)(self.lang)

    def n(self, value: object, decimals: int | None = None) -> str:
        return format_number(round(float(value), decimals) if decimals is not None else value, self.lang)

    def write(self, path) -> None:
        year = self.results.year
        self.title = self.t(f"Jobcenterbenchmark {year} – oversigt (kun til konsulenten)",
                            f"Jobcentre benchmark {year} – overview (consultant only)")
        wb = fm.new_workbook(path, self.title, f"kommunebench {__version__}: jobcenter {year} overview")
        wb.strings_to_formulas = False
        wb.strings_to_urls = False
        self.wb, self.f = wb, Formats(wb)
        self._key_figures(wb.add_worksheet(self.t("Nøgletal", "Key figures")))
        self._unit_costs(wb.add_worksheet(self.t("Enhedsomkostninger", "Unit costs")))
        self._effect(wb.add_worksheet(self.t("Effekt", "Effect")))
        write_group_deviations(self, wb.add_worksheet(self.t("Resultat pr. målgruppe", "Result per group")))
        write_flags(self, wb)
        self.ws_model = wb.add_worksheet(self.t("Model", "Model"))
        self._model(self.ws_model)
        add_trend_overview_sheet(wb, self.f, getattr(self.results, "trend", None),
                                 self.results.municipalities["name"].astype(str).to_dict(), self.title, self.lang)
        add_plan_overview_sheet(wb, self.f, self.results,
                                self.results.municipalities["name"].astype(str).to_dict(), self.title, self.lang)
        # Who is missing, refused or inconsistent: an incomplete municipality has no row on the other sheets.
        add_status_sheet(wb, self.results.round_status, self.title, self.lang)
        wb.worksheets()[0].activate()
        wb.close()

    def _header(self, ws, subtitle: str) -> None:
        fm.write_consultant_header(ws, self.f, self.title, subtitle, self.t(
            "Fortroligt: arket navngiver alle deltagere. Send det aldrig til kommunerne.",
            "Confidential: this sheet names every participant. Never send it to the municipalities."))

    def _table(self, ws, headers, rows, formats, medians: bool) -> None:
        """A table of (label, values…) rows under HEADER; with ``medians`` a median row of live formulas."""
        f = self.f
        for col, header in enumerate(headers):
            ws.write_string(HEADER, col, header, f["header_left" if col == 0 else "header"])
        fit_written_header(ws, HEADER, dict(enumerate(headers)), minimum_height=44)
        row = HEADER + 1
        for label, values in rows:
            ws.write_string(row, 0, label, f["label"])
            for col, (value, fmt) in enumerate(zip(values, formats), start=1):
                if isinstance(value, str):
                    ws.write_string(row, col, value, f["label"])
                elif finite(value):
                    ws.write_number(row, col, float(value), f.num(fmt))
                else:
                    ws.write_string(row, col, DASH, f["dash"])
            row += 1
        if medians and rows:
            ws.write_string(row, 0, self.t("Median", "Median"), f["label_bold"])
            for col, fmt in enumerate(formats, start=1):
                column = [values[col - 1] for _, values in rows]
                numbers = sorted(float(v) for v in column if not isinstance(v, str) and finite(v))
                if not numbers or any(isinstance(v, str) for v in column):
                    continue
                middle = len(numbers) // 2
                median = numbers[middle] if len(numbers) % 2 else (numbers[middle - 1] + numbers[middle]) / 2
                write_cached_formula(ws, row, col, f"=MEDIAN({xl_range_abs(HEADER + 1, col, row - 1, col)})",
                                     f.num(fmt, bold=True), median)
                self.formula_count += 1
        ws.freeze_panes(HEADER + 1, 1)

    def _key_figures(self, ws) -> None:
        m = self.results.municipalities
        self._header(ws, self.t(f"{len(m)} deltagende kommuner: årsværk, omkostninger og effekt.",
                                f"{len(m)} participating municipalities: FTE, costs and effect."))
        ws.set_column(0, 0, 22)
        ws.set_column(1, 14, 14)
        headers = [self.t("Kommune", "Municipality"), self.t("Afdelinger", "Departments"),
                   self.t("Medarbejdere", "Employees"), self.t("Årsværk", "FTE"),
                   self.t("Heraf fælles tid", "Of which shared time"),
                   self.t("Med standardomkostning", "On standard cost"), self.t("Konto 6 (kr.)", "Account 6 (DKK)"),
                   self.t("Konto 5 (kr.)", "Account 5 (DKK)"), self.t("Helårspersoner", "Full-year persons"),
                   self.t("Omkostning pr. helårsperson (kr.)", "Cost per full-year person (DKK)"),
                   self.t("Effekt (pp)", "Effect (pp)"), self.t("Usikkerhed (± pp)", "Uncertainty (± pp)"),
                   self.t("Vurdering", "Verdict"),
                   self.t("Omkostning: placering blandt øvrige", "Cost: position among the others"),
                   self.t("Afvigelse: rang blandt alle kommuner (1 = bedst)", "Deviation: rank among all "
                          "municipalities (1 = best)")]
        rows = [(f"{item['name']} ({code})", [item.departments, item.employees, item.fte, item.shared_fte,
                                           item.standard_cost_employees, item.konto6, item.konto5, item.persons,
                                           item.unit_total, item.effect_pp, item.uncertainty_pp,
                                           VERDICT[item.verdict](self.lang),
                                           item_band_text(item, "unit_total", self.params.disclosure, self.lang),
                                           item["rank"]])
                for code, item in m.iterrows()]
        formats = ["0", "0", FTE2, FTE2, "0", DKK, DKK, "#,##0", DKK, PP, "0.00", "@", "@", "0"]
        self._table(ws, headers, rows, formats, medians=True)
        verdict_col = 1 + formats.index("@")
        colour_verdicts(self.wb, ws, HEADER + 1, verdict_col, HEADER + max(len(rows), 1), verdict_col, self.lang)
        fm.print_setup(ws, self.title, self.lang, repeat_row=HEADER, paper=fm.A3)

    def _unit_costs(self, ws) -> None:
        groups = self.results.groups
        self._header(ws, self.t(f"Omkostning pr. helårsperson (konto 6 + konto 5, kr.). – = færre end "
                                f"{self.n(self.params.min_persons)} helårspersoner.",
                                f"Cost per full-year person (accounts 6 + 5, DKK). – = fewer than "
                                f"{self.n(self.params.min_persons)} full-year persons."))
        ws.set_column(0, 0, 22)
        ws.set_column(1, len(TARGET_GROUP_CODES), 13)
        wide = groups.pivot(index="municipality", columns="target_group", values="unit_total")[list(TARGET_GROUP_CODES)]
        names = self.results.municipalities["name"]
        rows = [(f"{names[code]} ({code})", list(values)) for code, values in wide.iterrows()]
        headers = [self.t("Kommune", "Municipality"), *(LABELS[g](self.lang) for g in TARGET_GROUP_CODES)]
        self._table(ws, headers, rows, [DKK] * len(TARGET_GROUP_CODES), medians=False)
        last = HEADER + len(rows)
        ws.conditional_format(HEADER + 1, 1, last, len(TARGET_GROUP_CODES), {
            "type": "3_color_scale", "min_color": fm.GREEN, "mid_color": fm.WHITE, "max_color": fm.RED})
        fm.print_setup(ws, self.title, self.lang, repeat_row=HEADER, paper=fm.A3)

    def _effect(self, ws) -> None:
        register = self.results.register.sort_values("name", key=lambda s: s.str.lower())
        self._header(ws, self.t("Forventet (model uden kommunen) og realiseret forsørgelsesgrad for alle kommuner i "
                                "registerfilen.", "Expected (model without the municipality) and realised support rate "
                                "for every municipality in the register file."))
        ws.set_column(0, 0, 22)
        ws.set_column(1, 7, 14)
        headers = [self.t("Kommune", "Municipality"), self.t("Deltager", "Participant"),
                   self.t("Realiseret", "Realised"), self.t("Forventet", "Expected"), self.t("Effekt (pp)", "Effect (pp)"),
                   self.t("Usikkerhed (± pp)", "Uncertainty (± pp)"), self.t("Vægt (16-66-årige, gns. = 1)", "Weight "
                   "(16-66-year-olds, mean 1)"), self.t("Rang (1 = bedst)", "Rank (1 = best)")]
        yes = self.t("ja", "yes")
        rows = [(f"{item['name']} ({code})", [yes if item["participant"] else "", item["realised_rate"],
                                              item["expected_rate"], item["effect_pp"], item["uncertainty_pp"],
                                              item["weight"], item["rank"]])
                for code, item in register.iterrows()]
        self._table(ws, headers, rows, ["@", "0.0%", "0.0%", PP, "0.00", "0.000", "0"], medians=False)
        fm.print_setup(ws, self.title, self.lang, repeat_row=HEADER)

    def _model(self, ws) -> None:
        self._header(ws, self.t("Modellen for den forventede forsørgelsesgrad.", "The expected support rate model."))
        ws.set_column(0, 0, 54)
        ws.set_column(1, 2, 22)
        write_model_table(self, ws, HEADER)
        fm.print_setup(ws, self.title, self.lang, landscape=False)
