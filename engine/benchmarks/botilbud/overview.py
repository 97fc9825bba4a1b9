"""The consultant's overview of a botilbud round: every facility side by side, named.

Sheets: key figures and indicators per facility (with median rows as live formulas), the weak
flags per facility and indicator (counts as live formulas), every facility's 5 most similar
facilities with distances, the clusters, and what is missing (facilities without a time
registration, time registrations without a questionnaire, citizens without a VUM assessment).
Never send it to the facilities: it names all of them.
"""

from __future__ import annotations

import math
import statistics

from xlsxwriter.utility import xl_range_abs

from engine import __version__
from engine.benchmarks.botilbud.compute import BotilbudResults
from engine.benchmarks.botilbud.indicators import INDICATORS
from engine.benchmarks.botilbud.overview_network_day import add_network_day_sheet
from engine.peers.matching import closeness_label
from engine.report.trend_overview import add_trend_overview_sheet
from engine.report.plan_overview import add_plan_overview_sheet
from engine.report import formats as fm
from engine.report.status_sheet import add_status_sheet
from engine.report.formats import Formats
from engine.report.distribution import Distribution
from engine.report.distribution_grid import write_distribution_grid
from engine.report.flag_spread import write_flag_spread
from engine.report.headers import fit_header
from engine.text import Text

HEADER = 4  # row of the column headers


class Overview:
    def __init__(self, results: BotilbudResults, lang: str) -> None:
        self.results = results
        self.params = results.params
        self.lang = lang
        self.facilities = results.facilities
        self.ids = list(self.facilities.index)
        self.values = results.values
        self.weak = results.indicators.pivot(index="facility", columns="indicator", values="weak")
        self.formula_count = 0

    def t(self, da: str, en: str) -> str:
        return Text(da, en)(self.lang)

    def write(self, path) -> None:
        from engine.benchmarks.botilbud.report_common import text_stays_text

        year = self.results.year
        self.title = self.t(f"Benchmarking af botilbud {year} – oversigt (kun til konsulenten)",
                            f"Residential care benchmark {year} – overview (consultant only)")
        wb = fm.new_workbook(path, self.title, f"kommunebench {__version__}: botilbud {year} overview")
        text_stays_text(wb)
        self.wb, self.f = wb, Formats(wb)
        self._key_figures(wb.add_worksheet(self.t("Nøgletal", "Key figures")))
        self._distributions(wb.add_worksheet(self.t("Fordeling", "Distribution")))
        self._flags(wb.add_worksheet(self.t("Markeringer", "Flags")))
        flaggable = [i for i in INDICATORS if i.flaggable]
        counts = {i.id: {fid: int(bool(self.weak.loc[fid, i.id])) for fid in self.ids} for i in flaggable}
        spread = [(fid, str(self.facilities.loc[fid, "facility_name"])) for fid in self.ids]
        self.formula_count += write_flag_spread(wb, self.f, self.title, self.lang, spread,
                                                {i.id: i.name for i in flaggable}, counts, Text("tilbud", "facilities"))
        self._positions(wb.add_worksheet(self.t("Placering", "Position")))
        self._peers(wb.add_worksheet(self.t("Lignende tilbud", "Similar facilities")))
        self._clusters(wb.add_worksheet(self.t("Klynger", "Clusters")))
        self.formula_count += add_network_day_sheet(wb, self.f, self.results, self.title, self.lang)
        self._missing(wb.add_worksheet(self.t("Mangler", "Missing")))
        add_trend_overview_sheet(wb, self.f, getattr(self.results, "trend", None),
                                 self.results.facilities["facility_name"].astype(str).to_dict(), self.title, self.lang)
        add_plan_overview_sheet(wb, self.f, self.results,
                                self.results.facilities["facility_name"].astype(str).to_dict(), self.title, self.lang)
        add_status_sheet(wb, self.results.round_status, self.title, self.lang)
        wb.worksheets()[0].activate()
        wb.close()

    def _header(self, ws, subtitle: str) -> None:
        fm.write_consultant_header(ws, self.f, self.title, subtitle,
                                   self.t("Navngiver alle tilbud – må ikke sendes til tilbuddene.",
                                          "Names every facility – do not send to the facilities."))

    def _table(self, ws, columns, rows, footer: dict[int, tuple[str, str]] | None = None,
               widths: dict[int, float] | None = None) -> tuple[int, int]:
        """Write a table of (header, number format | None) columns; ``footer`` col -> (function, label);
        ``widths`` col -> column width (widened where a header word would break; 11 when not given)."""
        f = self.f
        for col, (header, _) in enumerate(columns):
            ws.write_string(HEADER, col, header, f["header_left" if columns[col][1] is None else "header"])
        fit_header(ws, HEADER, {col: header for col, (header, _) in enumerate(columns)},
                   {col: (widths or {}).get(col, 11) for col in range(len(columns))})
        first = HEADER + 1
        for offset, values in enumerate(rows):
            row = first + offset
            for col, value in enumerate(values):
                num_format = columns[col][1]
                if num_format is None:
                    ws.write_string(row, col, "" if value is None else str(value), f["label"])
                elif isinstance(value, (int, float)) and math.isfinite(float(value)):
                    ws.write_number(row, col, float(value), f.num(num_format))
                else:
                    ws.write_blank(row, col, None, f.num(num_format))
        last = first + len(rows) - 1
        if footer and rows:
            row = last + 1
            for col in range(len(columns)):
                ws.write_blank(row, col, None, f["label_bold"])
            for col, (function, label) in footer.items():
                present = [float(v[col]) for v in rows
                           if isinstance(v[col], (int, float)) and math.isfinite(float(v[col]))]
                if not present:
                    continue
                ws.write_string(row, 1, label, f["label_bold"])
                cached = statistics.median(present) if function == "MEDIAN" else math.fsum(present)
                ws.write_formula(row, col, f"={function}({xl_range_abs(first, col, last, col)})",
                                 f.num(columns[col][1], bold=True), cached)
                self.formula_count += 1
        if rows:
            ws.autofilter(HEADER, 0, last, len(columns) - 1)
        ws.freeze_panes(first, 2)
        return first, last

    def _key_figures(self, ws) -> None:
        from engine.benchmarks.botilbud.report_common import choice_label
        lang = self.lang
        n = len(self.ids)
        self._header(ws, self.t(f"{n} botilbud; median-rækken er en formel over kolonnen.",
                                f"{n} facilities; the median row is a formula over the column."))
        columns = [(self.t("Id", "Id"), None), (self.t("Tilbud", "Facility"), None),
                   (self.t("Kommune", "Municipality"), None), (self.t("Primær målgruppe", "Primary target group"), None),
                   (self.t("Tilbudstype", "Offer type"), None), (self.t("Pladser", "Places"), "0"),
                   (self.t("Klynge", "Cluster"), "0"), (self.t("Tidsregistrering", "Time registration"), None),
                   (self.t("Må nævnes", "May be named"), None)]
        columns += [(i.name(lang), i.number_format) for i in INDICATORS]
        columns.append((self.t("Markeringer", "Flags"), "0"))
        rows = []
        for fid in self.ids:
            info = self.facilities.loc[fid]
            rows.append([fid, info.get("facility_name"), choice_label("municipality", info.get("municipality"), lang),
                         choice_label("target_group", info.get("target_group"), lang),
                         choice_label("offer_type", info.get("offer_type"), lang), float(info["places"]),
                         int(info["cluster"]) + 1, self._time_state(info),
                         self.t("ja", "yes") if info["consent"] else self.t("nej", "no")]
                        + [float(self.values.loc[fid, i.id]) for i in INDICATORS]
                        + [int(self.weak.loc[fid].sum())])
        footer = {col: ("MEDIAN", "Median") for col in range(9, 9 + len(INDICATORS))}
        first, last = self._table(ws, columns, rows, footer, {0: 9, 1: 24, 2: 18, 3: 18, 4: 18})
        for col in range(9, 9 + len(INDICATORS)):
            fm.sequential_scale(ws, first, col, last, col)
        fm.print_setup(ws, self.title, lang, repeat_row=HEADER, paper=fm.A3)

    def _distributions(self, ws) -> None:
        """Every indicator's distribution as a chart, then one table of every facility's values."""
        from engine.benchmarks.botilbud.report_common import choice_label

        lang = self.lang
        self._header(ws, self.t("Fordelingen af hver indikator: hvert tilbud er et punkt, grøn på den gode side af "
                                "medianen, rød på den dårlige; grå: ingen bedre retning. Tabellen viser tallene.",
                                "The distribution of every indicator: each facility is a point, green on the good "
                                "side of the median, red on the bad side; grey: no better direction. The table "
                                "shows the figures."))
        # Facility names repeat across municipalities (119 facilities, 55 names in the demo): each row
        # says the facility's id and municipality too.
        participants = {fid: (fid, str(self.facilities.loc[fid, "facility_name"] or fid),
                              choice_label("municipality", self.facilities.loc[fid].get("municipality"), lang) or "")
                        for fid in self.ids}
        key_columns = [(self.t("Id", "Id"), 8), (self.t("Tilbud", "Facility"), 22),
                       (self.t("Kommune", "Municipality"), 13)]
        items = [Distribution(item.name(lang), item.unit(lang), item.better, item.number_format,
                              [(fid, float(self.values.loc[fid, item.id])) for fid in self.ids])
                 for item in INDICATORS]
        self.formula_count += write_distribution_grid(self.wb, ws, self.f, lang, HEADER, key_columns, participants,
                                                      items, self.title)

    def _flags(self, ws) -> None:
        lang = self.lang
        flaggable = [i for i in INDICATORS if i.flaggable]
        self._header(ws, self.t(f"1 = markant svagere end de {self.params.n_peers} mest lignende; I alt er formler.",
                                f"1 = notably weaker than the {self.params.n_peers} most similar; Total is formulas."))
        columns = [(self.t("Id", "Id"), None), (self.t("Tilbud", "Facility"), None)]
        columns += [(f"{i.name(lang)} ({i.code})", "0") for i in flaggable]
        rows = [[fid, self.facilities.loc[fid, "facility_name"]]
                + [1 if bool(self.weak.loc[fid, i.id]) else None for i in flaggable] for fid in self.ids]
        footer = {col: ("SUM", self.t("I alt", "Total")) for col in range(2, len(columns))}
        widths = {0: 9, 1: 24, **{col: 12 for col in range(2, len(columns))}}
        first, last = self._table(ws, columns, rows, footer, widths)
        ws.conditional_format(first, 2, last, len(columns) - 1, {
            "type": "cell", "criteria": "==", "value": 1, "format": self.wb.add_format({"bg_color": "#F8CBAD"})})
        fm.print_setup(ws, self.title, lang, repeat_row=HEADER, paper=fm.A3)

    def _positions(self, ws) -> None:
        """Each facility's quarter among all other facilities per indicator (the reports' position column)."""
        lang = self.lang
        self._header(ws, self.t("Den fjerdedel af alle øvrige tilbud, tilbuddets tal ligger i: 1 = nederste, 4 = øverste "
                                "kvartil. Tom: for få tilbud til kvartiler eller ingen værdi.",
                                "The quarter of all other facilities the facility's figure falls in: 1 = lowest, "
                                "4 = highest quarter. Empty: too few facilities for quartiles, or no value."))
        bands = self.results.indicators.pivot(index="facility", columns="indicator", values="band")
        columns = [(self.t("Id", "Id"), None), (self.t("Tilbud", "Facility"), None)]
        columns += [(i.name(lang), "0") for i in INDICATORS]
        rows = [[fid, self.facilities.loc[fid, "facility_name"]]
                + [int(bands.loc[fid, i.id]) if bands.loc[fid, i.id] in (1, 2, 3, 4) else None for i in INDICATORS]
                for fid in self.ids]
        first, last = self._table(ws, columns, rows, None, {0: 9, 1: 24})
        fm.sequential_scale(ws, first, 2, last, len(columns) - 1)
        fm.print_setup(ws, self.title, lang, repeat_row=HEADER, paper=fm.A3)

    def _peers(self, ws) -> None:
        from engine.benchmarks.botilbud.report_common import peer_letters
        lang, n = self.lang, self.params.n_peers
        letters = peer_letters(n)
        self._header(ws, self.t(f"Hvert tilbuds {n} mest lignende tilbud ({letters} i tilbuddets rapport).",
                                f"Each facility's {n} most similar facilities ({letters} in the facility's report)."))
        columns = [(self.t("Id", "Id"), None), (self.t("Tilbud", "Facility"), None), (self.t("Bogstav", "Letter"), None),
                   (self.t("Lignende tilbud (id)", "Similar facility (id)"), None),
                   (self.t("Lignende tilbud", "Similar facility"), None), (self.t("Afstand", "Distance"), "0.00"),
                   (self.t("Nærhed", "Closeness"), None), (self.t("Samme målgruppe", "Same target group"), None)]
        names = self.facilities["facility_name"]
        rows = [[p.facility, names.get(p.facility), p.letter, p.peer, names.get(p.peer), float(p.distance),
                 closeness_label(p.closeness, lang), self.t("ja", "yes") if p.same_group else self.t("nej", "no")]
                for p in self.results.peers.itertuples(index=False)]
        self._table(ws, columns, rows, widths=dict(enumerate((9, 24, 8, 12, 24, 10, 12, 12))))
        fm.print_setup(ws, self.title, lang, repeat_row=HEADER)

    def _clusters(self, ws) -> None:
        from engine.benchmarks.botilbud.report_common import choice_label
        lang = self.lang
        self._header(ws, self.t("Klynger fundet ved hierarkisk klyngeanalyse (Ward) på støttebehov, pladser og målgruppe.",
                                "Clusters found by hierarchical clustering (Ward) on support needs, places and target "
                                "group."))
        columns = [(self.t("Klynge", "Cluster"), "0"), (self.t("Tilbud", "Facilities"), "0"),
                   (self.t("Oftest målgruppe", "Most common target group"), None),
                   (self.t("Median pladser", "Median places"), "0.0"),
                   (self.t("Gennemsnitligt VUM-niveau", "Mean VUM level"), "0.00")]
        rows = [[int(cluster) + 1, int(item["n"]), choice_label("target_group", item["target_group"], lang),
                 float(item["places_median"]), float(item["need_mean"])]
                for cluster, item in self.results.clusters.iterrows()]
        self._table(ws, columns, rows, {1: ("SUM", self.t("I alt", "Total"))}, dict(enumerate((9, 10, 30, 12, 14))))
        fm.print_setup(ws, self.title, lang, repeat_row=HEADER)

    def _time_refused(self, fid: str) -> bool:
        return bool(self.facilities.loc[fid].get("time_registration_refused", False))

    def _time_state(self, info) -> str:
        """The time registration column: received, refused (sent with errors) or not received."""
        if info["has_time_registration"]:
            return self.t("ja", "yes")
        refused = bool(info.get("time_registration_refused", False))
        return self.t("afvist", "refused") if refused else self.t("nej", "no")

    def _missing(self, ws) -> None:
        lang = self.lang
        self._header(ws, self.t("Data, der mangler eller er erstattet.", "Data that are missing or replaced."))
        columns = [(self.t("Id", "Id"), None), (self.t("Tilbud", "Facility"), None), (self.t("Mangler", "Missing"), None)]
        names = self.facilities["facility_name"]
        rows = [[fid, names.get(fid), self.t("tidsregistrering", "time registration")
                 + (self.t(" (afvist)", " (refused)") if self._time_refused(fid) else "")
                 + self.t(": tidsbaserede indikatorer beregnes ikke", ": time-based indicators are not computed")]
                for fid in self.ids if not self.facilities.loc[fid, "has_time_registration"]]
        rows += [[fid, names.get(fid), self.t("VUM-udredninger: rundens gennemsnitlige profil bruges i matchningen",
                                              "VUM assessments: the round's average profile is used in the matching")]
                 for fid in self.ids if self.facilities.loc[fid, "need_imputed"]]
        rows += [[fid, "", self.t("spørgeskema: tidsregistreringen bruges ikke", "questionnaire: the time "
                                  "registration is not used")] for fid in self.results.unmatched_time_registrations]
        for col, width in enumerate((12, 24, 70)):
            ws.set_column(col, col, width)
        if rows:
            self._table(ws, columns, rows, widths={0: 12, 1: 24, 2: 70})
        else:
            ws.write_string(HEADER, 0, self.t("Intet mangler.", "Nothing is missing."), self.f["note_inline"])
        fm.print_setup(ws, self.title, lang)
