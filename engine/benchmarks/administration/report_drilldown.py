"""The "processes compared" sheet of the administration workbook: where to start, and every process beside
the other municipalities' answers for the same process (docs/method.md, "Administration at process level").

Part 1, *where to start*: the flagged categories, then those with a potential above ``fte_min_difference``
FTE, each group ranked by potential (at most ``START_LIMIT``), then, unnumbered, the categories the
disclosure policy compares with nobody and why; each ranked one with
its flags (formulas reading the summary's flag cells), its potential and the potential split into
organisation, digitalisation and neither (:func:`~engine.benchmarks.administration.process_peers.split_potential`
as a live formula over the summary's deviations and the potential sheet), and a link to its processes.

Part 2, *drill-down*: per category (linked both ways with the summary's category label) its processes:
own answers (plain values, as submitted), the others' share at each centralisation level and medians
(plain values, as on the basis sheet), the FTE above the median (a formula over the process sheet), and
the processes that drive a flag marked.
"""

from __future__ import annotations

import math

from xlsxwriter.utility import xl_rowcol_to_cell

from engine.benchmarks.administration.compute import AREAS, TOTAL
from engine.benchmarks.administration.process_peers import CENTRALISATION_SCALE, LEVELS, process_rows, split_potential
from engine.benchmarks.administration.report_labels import AREA_NAMES, FLAG_NAMES, basis_unit
from engine.report import formats as fm
from engine.report.formats import DASH, finite
from engine.report.headers import fit_header, wrapped_row_height
from engine.templates.text_width import LINE_HEIGHT, wrapped_lines
from engine.text import Text

START_LIMIT = 8  # the ranked list names at most this many categories: a handful, each worth a conversation
# Columns of part 2.
(D_ID, D_NAME, D_C, D_S0, D_S1, D_S2, D_S3, D_DP, D_PDP, D_DS, D_PDS, D_NORM, D_PNORM, D_ABOVE, D_DRIVER) = range(15)
SPLIT = (Text("organisering", "organisation"), Text("digitalisering", "digitalisation"), Text("hverken", "neither"))


class DrillDownSheet:
    """Mixed into ``_ParticipantReport`` (:mod:`engine.benchmarks.administration.report`)."""

    def _layout_drilldown(self) -> None:
        """Rows of the ranked list and of every category block, fixed before any sheet is written."""
        self.drill_processes = process_rows(self.results, self.code)
        # A flag, or a potential above the smallest difference that counts (fte_min_difference FTE); flagged
        # categories first, each group by potential, largest first.
        def flags(item) -> int:
            return sum(bool(item[flag]) for flag in FLAG_NAMES)

        def potential(item) -> float:
            return float(item["potential_fte"]) if finite(item["potential_fte"]) else 0.0

        candidates = [item for area in AREAS for item in self.rows[area] if item["category_id"] != TOTAL
                      and not item["suppressed"] and (flags(item) or potential(item) > self.params.fte_min_difference)]
        candidates.sort(key=lambda item: (flags(item) == 0, -potential(item)))
        self.start_items = candidates[:START_LIMIT]
        # Categories the policy compares with nobody: listed after the ranked ones, unnumbered, with the reason,
        # so a reader sees they were not judged rather than judged fine (docs/method.md, "Where to start").
        self.start_hidden = [item for area in AREAS for item in self.rows[area]
                             if item["category_id"] != TOTAL and bool(item["suppressed"])]
        row = self._drill_first_row()
        self.drill_rows: dict[tuple[str, str], int] = {}
        for area in AREAS:
            row += 2  # the area's heading
            for item in self.rows[area]:
                key = (area, item["category_id"])
                if item["category_id"] == TOTAL or key not in self.drill_processes:
                    continue
                self.drill_rows[key] = row
                row += 2 + len(self.drill_processes[key]) + 1

    def main_drivers(self, item, limit: int = 2) -> list[str]:
        """The names of the processes that drive the category's flags (:func:`_drivers`), largest first."""
        processes = self.drill_processes.get((item["area"], item["category_id"]), [])
        drivers = _drivers(item, processes, self.lang, ordered=True)
        return [self.process_names[pid](self.lang) if pid in self.process_names else str(pid)
                for pid in list(drivers)[:limit]]

    def _drill_first_row(self) -> int:
        """The first row of part 2: under the ranked list and the categories without a comparison."""
        return 5 + len(self.start_items) + len(self.start_hidden) + 3

    def drill_link(self, area: str, category_id: str) -> str | None:
        row = self.drill_rows.get((area, category_id))
        return None if row is None else f"internal:{self.q['drilldown']}!A{row + 1}"

    def _write_drilldown(self) -> None:
        ws, f, lang = self.ws["drilldown"], self.f, self.lang
        # Narrow enough for landscape A4 at 7 pt or larger (headers widen where a word needs it; names wrap).
        self.drill_widths = dict(enumerate((9, 36, 12, 8, 8, 8, 8, 10, 10, 10, 10, 10, 10, 10, 26)))
        ws.write(0, 0, self.t(f"Processer sammenlignet – {self.name}", f"Processes compared – {self.name}"), f["title"])
        ws.set_row(0, 26)
        intro = self.t(
            "Hvor begynde: de markerede kategorier og dem med et potentiale over den mindste forskel (arket Metode), "
            "markerede først, størst potentiale først, med potentialet delt i "
            "det, der følger med organisering, med digitalisering og med ingen af dem (arket Metode). Derunder hver "
            "kategoris processer over for de øvrige kommuners svar på samme proces.",
            "Where to start: the flagged categories and those with a potential above the smallest difference (the "
            "Method sheet), flagged first, largest potential first, with the potential "
            "split into what goes with organisation, with digitalisation and with neither (the Method sheet). Below, "
            "each category's processes against the other municipalities' answers for the same process.")
        ws.merge_range(1, 0, 1, D_DRIVER, intro, f["note"])
        ws.set_row(1, fm.row_height(intro, 200))
        self.drill_fitted: dict[str, float] = {}
        self._write_start(ws)
        row = self._drill_first_row()
        for area in AREAS:
            ws.write_string(row, 0, AREA_NAMES[area](lang), f["section"])
            for col in range(1, D_DRIVER + 1):
                ws.write_blank(row, col, None, f["section"])
            row += 2
            for item in self.rows[area]:
                key = (area, item["category_id"])
                if key in self.drill_rows:
                    row = self._write_block(ws, area, item, self.drill_rows[key])
        fm.print_setup(ws, self.title, lang)

    def _write_start(self, ws) -> None:
        f, lang = self.f, self.lang
        ws.write_string(3, 0, self.t("Hvor begynde", "Where to start"), f["block"])
        headers = (self.t("Nr.", "No."), self.t("Kategori", "Category"), self.t("Markering", "Flag"), "", "", "", "",
                   self.t("Potentiale, årsværk", "Potential, FTE"), self.t("Potentiale, kr.", "Potential, DKK"),
                   *(self.t(f"heraf {s.da}, årsværk", f"of which {s.en}, FTE") for s in SPLIT))
        for col, header in enumerate(headers):
            ws.write_string(4, col, header, f["header_left" if col in (1, 2) else "header"])
        self.drill_widths = fit_header(ws, 4, dict(enumerate(headers)), self.drill_widths)
        if not self.start_items:
            ws.write_string(5 + len(self.start_hidden), 1, self.t("Ingen kategori har potentiale eller markering.",
                                                                  "No category has a potential or a flag."),
                            f["note_inline"])
        self._write_start_hidden(ws, 5 + len(self.start_items))
        summary, potential = self.q["summary"], self.q["potential"]
        for index, item in enumerate(self.start_items):
            row, area, category_id = 5 + index, item["area"], item["category_id"]
            ws.write_number(row, 0, index + 1, f.num("0"))
            label = self.category_label(area, category_id)
            link = self.drill_link(area, category_id)
            if link:
                ws.write_url(row, 1, link, f["label"], string=label)
            else:
                ws.write_string(row, 1, label, f["label"])
            flag_row = self.compare_rows[(area, category_id)]
            cached = ", ".join(FLAG_NAMES[flag](lang) for flag in FLAG_NAMES if bool(item[flag]))
            self.formula(ws, row, 2, f"={summary}!{xl_rowcol_to_cell(flag_row, self.S_FLAGS, True, True)}&\"\"",
                         f["flag"], cached)
            pot_row = self.potential_rows[(area, category_id)]
            pot_fte = f"{potential}!{xl_rowcol_to_cell(pot_row, 6, True, True)}"
            self.formula(ws, row, 7, f"={pot_fte}", f.num(fm.FTE), float(item["potential_fte"]))
            self.formula(ws, row, 8, f"={potential}!{xl_rowcol_to_cell(pot_row, 7, True, True)}", f.num(fm.DKK),
                         float(item["potential_dkk"]))
            dev = {key: f"{summary}!{xl_rowcol_to_cell(flag_row, self.S_DEV[key], True, True)}"
                   for key in ("centralisation", "digital_process", "digital_solution")}
            organisation = f"MAX(0,-{dev['centralisation']})/{CENTRALISATION_SCALE:g}"
            digital = f"MAX(0,-MIN({dev['digital_process']},{dev['digital_solution']}))"
            cached_split = split_potential(item["potential_fte"], item["dev_centralisation"],
                                           min(item["dev_digital_process"], item["dev_digital_solution"]))
            weights = f"({organisation}+{digital})"
            formulas = (f"=IF({weights}>0,{pot_fte}*{organisation}/{weights},0)",
                        f"=IF({weights}>0,{pot_fte}*{digital}/{weights},0)",
                        f"=IF({weights}>0,0,{pot_fte})")
            for col, formula, value in zip((9, 10, 11), formulas, cached_split):
                self.formula(ws, row, col, formula, f.num(fm.FTE), value)

    def _write_start_hidden(self, ws, row: int) -> None:
        """The categories without a comparison, unnumbered, each with why (a gap, never a zero potential)."""
        f, n = self.f, self.params.min_group
        why = self.t(f"ingen sammenligning: færre end {n} øvrige kommuner har svaret",
                     f"no comparison: fewer than {n} other municipalities answered")
        for item in self.start_hidden:
            label = self.category_label(item["area"], item["category_id"])
            link = self.drill_link(item["area"], item["category_id"])
            if link:
                ws.write_url(row, 1, link, f["label"], string=label)
            else:
                ws.write_string(row, 1, label, f["label"])
            ws.write_string(row, 2, why, f["note_inline"])
            for col in range(7, 12):
                ws.write_string(row, col, DASH, f["dash"])
            row += 1

    def _write_block(self, ws, area: str, item, row: int) -> int:
        f, lang = self.f, self.lang
        category_id = item["category_id"]
        back = f"internal:{self.q['summary']}!A{self.compare_rows[(area, category_id)] + 1}"
        ws.write_url(row, 0, back, f["block"], string=self.category_label(area, category_id) + self.t(
            " (tilbage til Overblik)", " (back to the Summary)"))
        row += 1
        unit = basis_unit(area, self.params, lang)
        headers = (self.t("Proces-id", "Process id"), self.t("Proces", "Process"),
                   self.t("Centralisering, egen", "Centralisation, own"),
                   *(self.t(f"Øvrige på niveau {k}", f"Others at level {k}") for k in LEVELS),
                   self.t("Digital proces, egen", "Digital process, own"), self.t("median, øvrige", "median, others"),
                   self.t("Digital løsning, egen", "Digital solution, own"), self.t("median, øvrige", "median, others"),
                   self.t(f"Årsværk {unit}, egen", f"FTE {unit}, own"), self.t("median, øvrige", "median, others"),
                   self.t("Årsværk over medianen", "FTE above the median"), self.t("Driver markeringen", "Drives the flag"))
        for col, header in enumerate(headers):
            ws.write_string(row, col, header, f["header_left" if col in (0, 1, D_DRIVER) else "header"])
        if area not in self.drill_fitted:  # the same headers in every block of the area: fitted once
            self.drill_widths = fit_header(ws, row, dict(enumerate(headers)), self.drill_widths)
            self.drill_fitted[area] = header_height(headers, self.drill_widths)
        ws.set_row(row, self.drill_fitted[area])
        row += 1
        processes = self.drill_processes[(area, category_id)]
        drivers = _drivers(item, processes, lang)
        sheet_row = self.process_sheet_rows
        q = self.q["processes"]
        basis = self.basis_cell(area)
        formats = {key: self.f.num(key) for key in ("0.00", "0%", fm.FTE_NORM, fm.FTE)}
        self.drill_formats = formats
        for record in processes:
            process_id = record["process_id"]
            own_row = sheet_row.get(process_id)
            ws.write_string(row, D_ID, str(process_id), f["key"])
            name = self.process_names[process_id](lang) if process_id in self.process_names else str(process_id)
            ws.write_string(row, D_NAME, name, f["text"])
            height = wrapped_row_height(((name, self.drill_widths[D_NAME]),))
            if height:
                ws.set_row(row, height)
            # Own answers and FTE per basis as plain values (the process sheet's inputs over the basis); what the
            # comparison computes from them is a formula over the process sheet: the FTE above the median.
            for col, key, fmt in ((D_C, "centralisation", "0.00"), (D_DP, "digital_process", "0.00"),
                                  (D_DS, "digital_solution", "0.00"), (D_NORM, "fte_norm", fm.FTE_NORM)):
                self._plain(ws, row, col, record[key], fmt)
            own_fte = f"{q}!{xl_rowcol_to_cell(own_row, self.P_FTE, True, True)}"
            for level, col in zip(LEVELS, (D_S0, D_S1, D_S2, D_S3)):
                self._plain(ws, row, col, record[f"share_{level}"], "0%")
            for col, key, fmt in ((D_PDP, "peer_digital_process", "0.00"), (D_PDS, "peer_digital_solution", "0.00"),
                                  (D_PNORM, "peer_fte_norm", fm.FTE_NORM)):
                self._plain(ws, row, col, record[key], fmt)
            if finite(record["peer_fte_norm"]) and finite(record["fte_norm"]):
                median = xl_rowcol_to_cell(row, D_PNORM)
                self.formula(ws, row, D_ABOVE, f"=MAX(0,{own_fte}/{basis}-{median})*{basis}",
                             formats[fm.FTE], float(record["fte_above"]))
            else:
                ws.write_string(row, D_ABOVE, DASH, f["dash"])
            ws.write_string(row, D_DRIVER, ", ".join(drivers.get(process_id, [])), f["flag"])
            row += 1
        return row + 1

    def _plain(self, ws, row: int, col: int, value, num_format: str) -> None:
        if value == value and value is not None:  # not NaN (finite() is a tenth of this sheet's time)
            ws.write_number(row, col, float(value), self.drill_formats[num_format])
        else:  # hidden by the disclosure policy (too few others, or a unanimous group): a gap, never a zero
            ws.write_string(row, col, DASH, self.f["dash"])


def header_height(headers, widths: dict[int, float]) -> float:
    """The row height :func:`~engine.report.headers.fit_header` gives these headers at these widths."""
    lines = max(wrapped_lines(text, widths[col]) for col, text in enumerate(headers))
    return max(LINE_HEIGHT * lines + 6, 20)


def _drivers(item, processes: list[dict], lang: str, ordered: bool = False) -> dict[str, list[str]]:
    """The processes behind each of the category's flags: the largest contribution in the flag's direction
    (FTE above the median; the most negative digital or centralisation gap), and any other at least half of it.
    ``ordered``: the processes by their largest share of a flag's largest contribution, largest first."""
    drivers: dict[str, list[str]] = {}
    shares: dict[str, float] = {}
    rules = (("flag_more_fte", "fte_above", 1.0), ("flag_less_digital", "digital_gap", -1.0),
             ("flag_less_centralised", "centralisation_gap", -1.0))
    for flag, column, sign in rules:
        if not bool(item[flag]):
            continue
        contributions = [(float(record[column]) * sign, record["process_id"]) for record in processes
                         if finite(record[column])]
        largest = max((value for value, _ in contributions), default=math.nan)
        if not math.isfinite(largest) or largest <= 0:
            continue
        for value, process_id in contributions:
            if value >= largest / 2:
                drivers.setdefault(process_id, []).append(FLAG_NAMES[flag](lang))
                shares[process_id] = max(shares.get(process_id, 0.0), value / largest)
    if ordered:
        return dict(sorted(drivers.items(), key=lambda pair: -shares[pair[0]]))
    return drivers
