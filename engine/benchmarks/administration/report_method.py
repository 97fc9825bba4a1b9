"""The method and basis sheets of the administration workbook: every number explained, and the peer statistics."""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from engine import __version__
from engine.benchmarks.administration.compute import AREAS
from engine.benchmarks.administration.report_labels import (
    AREA_NAMES, CATEGORY, OVERALL_TEXT, PARAMETERS, suppressed_note, basis_unit, basis_label, system_label,
    QUARTILE_FIGURES,
)
from engine.report import formats as fm
from engine.report.formats import DASH, finite
from engine.report.print_layout import print_pages_across
from engine.text import Text, format_number


class MethodSheets:
    """Sheets 6 and 7 of the participant's workbook (:mod:`engine.benchmarks.administration.report`)."""

    # -- 6. method -----------------------------------------------------------------------------
    def _write_method(self) -> None:
        ws, f, lang, params = self.ws["method"], self.f, self.lang, self.params
        ws.set_column(0, 0, 62)
        ws.set_column(1, 1, 14)
        ws.set_column(2, 2, 24)
        ws.set_column(3, 3, 44)
        ws.write(0, 0, self.t("Metode – sådan er tallene beregnet", "Method – how the numbers are computed"),
                 f["title"])
        ws.set_row(0, 26)
        ws.write_string(1, 0, self.t("Parametrene herunder bruges af formlerne i arbejdsbogen (navnene i kolonne D).",
                                     "The parameters below are used by the formulas in the workbook (names in "
                                     "column D)."), f["subtitle"])
        row = fm.write_parameter_table(ws, f, PARAMETERS, params, lang)
        for heading, body in self._method_sections():
            ws.write_string(row, 0, heading, f["body_bold"])
            row += 1
            ws.merge_range(row, 0, row, 3, body, f["body"])
            ws.set_row(row, fm.row_height(body, 150))
            row += 2
        fm.print_setup(ws, self.title, lang)

    def _method_sections(self) -> list[tuple[str, str]]:
        lang, params = self.lang, self.params
        n = lambda value: format_number(value, lang)  # noqa: E731
        fin, hr = basis_unit("finance", params, lang), basis_unit("hr", params, lang)
        named = sorted(name for code, name in self.round.consenting if code != self.code)
        if named:
            named_text = self.t("Disse deltagere har givet samtykke til at blive nævnt: " + ", ".join(named) + ".",
                                "These participants have consented to being named: " + ", ".join(named) + ".")
        else:
            named_text = self.t("Ingen andre deltagere har givet samtykke til at blive nævnt.",
                                "No other participant has consented to being named.")
        T = Text
        rule = params.disclosure.sentence(Text("kommuner", "municipalities"))
        sections = [
            (T("Hvad rapporten viser", "What the report shows"),
             T("Kommunens svar på de 140 processer i økonomiadministrationen og de 160 processer i løn- og "
               "personaleadministrationen, samlet i kategorier og sammenlignet med de øvrige kommuner i "
               f"benchmarkrunden {self.results.year}: hvordan opgaverne er organiseret (centraliseringsgrad), hvor "
               "digitalt de er understøttet (digital proces og digital løsning), og hvor mange årsværk de bruger.",
               "The municipality's answers on the 140 finance processes and the 160 payroll and HR processes, "
               "grouped in categories and compared with the other municipalities of the benchmark round "
               f"{self.results.year}: how the tasks are organised (centralisation), how digitally they are supported "
               "(digital process and digital solution), and how many FTE they use.")),
            (T("Kategorier og Samlet", "Categories and Total"),
             T("En kategoris centraliseringsgrad, digitale proces og digitale løsning er gennemsnittet af "
               f"kategoriens processer (AVERAGEIFS over arket Processer). {OVERALL_TEXT[params.overall_weighting].da} "
               "Årsværk er summen over processerne (SUMIFS).",
               "A category's centralisation, digital process and digital solution are the mean of the category's "
               f"processes (AVERAGEIFS over the Processes sheet). {OVERALL_TEXT[params.overall_weighting].en} "
               "FTE are the sum over the processes (SUMIFS).")),
            (T("Normering af årsværk", "Normalising FTE"),
             T(f"Årsværk i økonomiadministrationen vises {fin} og i løn- og personaleadministrationen {hr}, så "
               "kommuner af forskellig størrelse kan sammenlignes. Grundlaget (indbyggere/"
               f"{n(params.finance_per_inhabitants)} og ansatte/{n(params.hr_per_employees)}) står øverst på arket "
               "Grundlag og beregnes med parametrene ovenfor.",
               f"FTE in finance administration are shown {fin} and in payroll and HR administration {hr}, so that "
               "municipalities of different size can be compared. The basis (inhabitants/"
               f"{n(params.finance_per_inhabitants)} and employees/{n(params.hr_per_employees)}) is at the top of "
               "the Basis sheet and computed with the parameters above.")),
            (T("Sammenligningsgruppe", "Comparison group"),
             T("Kommunen sammenlignes med alle øvrige deltagende kommuner i runden – aldrig med sig selv. "
               "Digitaliseringen sammenlignes desuden med de kommuner, der bruger samme økonomisystem (økonomi) "
               "henholdsvis samme lønsystem (løn og personale). De øvrige kommuner indgår kun som median og antal "
               "(n); tallene står på arket Grundlag som faste værdier beregnet af kommunebench.",
               "The municipality is compared with all other participating municipalities of the round – never "
               "with itself. Digitalisation is also compared with the municipalities on the same finance system "
               "(finance) resp. the same payroll system (payroll and HR). The other municipalities appear only as "
               "median and count (n); these figures are on the Basis sheet as fixed values computed by "
               "kommunebench.")),
            (T("Afvigelse", "Deviation"),
             T("Én sammenligning for alle tal: medianen for de øvrige kommuner, vist med gruppens størrelse (n). "
               "Kommunale tal er skæve – få store kommuner trækker et gennemsnit – og medianen påvirkes ikke af én "
               "afvigende kommune. Afvigelser, markeringer, potentialer og diagrammer bruger alle medianen. "
               "Afvigelse = egen værdi − medianen for sammenligningsgruppen. Et positivt tal betyder større "
               "centralisering og digitalisering – og for årsværk flere årsværk end de øvrige. Farverne går fra "
               "rød over hvid (0) til grøn; for årsværk er farverne vendt, så flere årsværk er rødt.",
               "One comparator for every figure: the median of the other municipalities, shown with the group's "
               "size (n). Municipal figures are skewed – a few large municipalities pull a mean – and a median is not "
               "moved by one outlying municipality. Deviations, flags, potentials and charts all use the median. "
               "Deviation = own value − the median of the comparison group. A positive number means more "
               "centralisation and digitalisation – and for FTE more FTE than the others. The colours run from red "
               "through white (0) to green; for FTE they are reversed, so more FTE is red.")),
            (T("Markeringer", "Flags"),
             T(f"En markering kræver både spredning og en forskel, der betyder noget i tallets egen enhed. Mindre "
               f"centraliseret: afvigelsen i centraliseringsgrad er under −{n(params.centralisation_threshold)} og "
               "kommunen ligger under de øvrige kommuners nedre grænse. Mindre digitaliseret: i digital proces eller "
               "digital løsning er afvigelsen over for kommuner på samme system (alle øvrige, hvis gruppen er for "
               f"lille) under −{n(params.digital_threshold)}, og kommunen ligger under de øvriges nedre grænse. "
               "Flere årsværk: årsværk pr. grundlag ligger over de øvriges øvre grænse, og forskellen til medianen "
               f"svarer til mere end {n(params.fte_min_difference)} årsværk (forskel × grundlag). Grænsen er "
               f"kvartilen på den dårlige side flyttet {n(params.spread_margin)} gange kvartilafstanden udad: nedre "
               f"grænse = Q1 − {n(params.spread_margin)} × (Q3 − Q1), øvre grænse = Q3 + {n(params.spread_margin)} × "
               "(Q3 − Q1). Alene ud over kvartilen ligger en fjerdedel af kommunerne i hver kategori; med afstanden "
               "peger en markering på de få steder, hvor kommunen skiller sig ud. Hvor gruppen er "
               f"for lille til kvartiler (under {params.disclosure.min_quartiles}), afgør forskellen alene. "
               "Tærsklerne er parametre ovenfor.",
               "A flag needs both the spread and a difference that matters in the figure's own unit. Less "
               f"centralised: the deviation in centralisation is below −{n(params.centralisation_threshold)} and the "
               "municipality is below the other municipalities' lower fence. Less digital: in digital process or "
               "digital solution the deviation against municipalities on the same system (all others if that group "
               f"is too small) is below −{n(params.digital_threshold)}, and the municipality is below the others' "
               "lower fence. More FTE: FTE per basis is above the others' upper fence, and the difference from "
               f"the median amounts to more than {n(params.fte_min_difference)} FTE (difference × basis). The fence "
               f"is the quartile on the bad side moved {n(params.spread_margin)} times the interquartile range "
               f"outwards: lower fence = Q1 − {n(params.spread_margin)} × (Q3 − Q1), upper fence = Q3 + "
               f"{n(params.spread_margin)} × (Q3 − Q1). Beyond the quartile alone lie a quarter of the municipalities "
               "in every category; with the margin a flag points at the few places where the municipality stands "
               f"out. Where the group is too small for quartiles (below {params.disclosure.min_quartiles}), the "
               "difference alone decides. The thresholds are parameters above.")),
            (T("Samme størrelse", "Same size"),
             T(f"Ved siden af medianen for alle øvrige kommuner viser arket Potentiale medianen for de øvrige kommuner "
               f"af samme størrelse: mellem 1/{n(params.size_factor)} og {n(params.size_factor)} gange kommunens "
               f"indbyggertal (n på arket Grundlag). Den vises kun over mindst {params.min_group} kommuner, og ikke "
               "hvor gruppen er alle øvrige på nær én (to medianer over grupper, der afviger med ét medlem, kan "
               "afsløre det medlems tal). Arket Grundlag har også gruppens medianer for centraliseringsgrad og de "
               "to digitaliseringsgrader, og arket Overblik viser egen værdi minus gruppens median for alle fire "
               "tal. Potentiale og markeringer bruger medianen for alle øvrige.",
               f"Beside the median of all other municipalities the Potential sheet shows the median of the other "
               f"municipalities of the same size: between 1/{n(params.size_factor)} and {n(params.size_factor)} "
               f"times the municipality's inhabitants (n on the Basis sheet). It is shown only over at least "
               f"{params.min_group} municipalities, and not where the group is all others but one (two medians "
               "over groups one member apart can give that member's figure away). The Basis sheet also has the "
               "group's medians of centralisation and the two digital scores, and the Summary sheet shows own "
               "value minus the group's median for all four figures. Potential and flags use the "
               "median of all others.")),
            (T("Organisering og ressourceforbrug", "Organisation and resource use"),
             T("Arket Diagrammer viser pr. område kommunens samlede centraliseringsgrad, digitale proces og digitale "
               "løsning over for årsværk pr. grundlag, med hver af de øvrige kommuner som et gråt punkt uden navn. "
               "Punkterne står i en tabel ved siden af, sorteret efter årsværk (aldrig efter kommunekode) og afrundet "
               "som vist (grader til 0,01, årsværk pr. grundlag til 0,1), så intet punkt kan kobles til en kommune "
               f"gennem offentlige tal som indbyggertallet. De øvrige vises kun over mindst {params.min_group} "
               "kommuner.",
               "The Charts sheet shows per area the municipality's total centralisation, digital process and digital "
               "solution against FTE per basis, with each other municipality as a grey point without a name. The "
               "points stand in a table beside the charts, sorted by FTE (never by municipality code) and rounded as "
               "shown (scores to 0.01, FTE per basis to 0.1), so no point can be linked to a municipality through "
               f"public figures such as the number of inhabitants. The others are shown only over at least "
               f"{params.min_group} municipalities.")),
            (T("Placering", "Position"),
             T("Placering: den fjerdedel af de øvrige kommuner, kommunens tal ligger i (nederste kvartil, 2., 3. "
               "eller øverste kvartil), læst af kvartilerne på arket Grundlag, med gruppens størrelse n. Er gruppen "
               f"for lille til kvartiler (under {params.disclosure.min_quartiles}), vises kun halvdelen (under eller "
               "over medianen). En rangplads vises aldrig: i en lille gruppe afslører den en grænse for en anden "
               "kommunes tal.",
               "Position: the quarter of the other municipalities the municipality's figure falls in (lowest, "
               "second, third or highest quarter), read off the quartiles on the Basis sheet, with the group's "
               f"size n. Where the group is too small for quartiles (below {params.disclosure.min_quartiles}), only "
               "the half is shown (below or above the median). A rank is never shown: in a small group it gives "
               "away a bound on another municipality's figure.")),
            (T("Potentiale", "Potential"),
             T("Potentiale (årsværk) = MAX(0; egne årsværk pr. grundlag − medianen for de øvrige kommuner) × "
               "kommunens grundlag. Potentiale (kr.) = potentiale i årsværk × omkostning pr. årsværk "
               f"({n(params.cost_per_fte)} kr.). Områdets potentiale er summen af kategoriernes: en kommune kan være "
               "effektiv i én kategori og ikke i en anden. Potentialet forudsætter, at medianens niveau kan nås, og "
               "er et udgangspunkt for en drøftelse, ikke et mål.",
               "Potential (FTE) = MAX(0; own FTE per basis − the median of the other municipalities) × the "
               "municipality's basis. Potential (DKK) = potential in FTE × cost per FTE "
               f"({n(params.cost_per_fte)} DKK). The area's potential is the sum of its categories': a municipality "
               "can be efficient in one category and not in another. The potential assumes the median's level can "
               "be reached and is a starting point for a discussion, not a target.")),
            (T("Små grupper", "Small groups"),
             T(f"Har en sammenligningsgruppe færre end {params.min_group} kommuner, vises ingen tal for gruppen "
               "(–): hverken median, afvigelse, markering eller potentiale. Det beskytter de enkelte kommuners "
               "tal og undgår sammenligninger med for lille grundlag.",
               f"When a comparison group has fewer than {params.min_group} municipalities, no figures are shown for "
               "it (–): no median, deviation, flag or potential. This protects the individual municipalities' figures "
               "and avoids comparisons on too small a basis.")),
            (T("Anonymitet", "Anonymity"),
             T("Rapporten nævner ikke andre deltagende kommuner ved navn, medmindre de har givet samtykke. " + rule.da,
               "The report does not name other participating municipalities unless they have consented. " + rule.en)),
            (T("Formler og kontrol", "Formulas and checking"),
             T("Alle afledte tal på arkene Overblik og Potentiale er formler over arkene Processer og Grundlag og "
               "parametrene ovenfor; markér en celle for at se, hvordan den er beregnet. Ændres en tærskel eller "
               "omkostningen pr. årsværk, regnes arbejdsbogen om. Sammenligningstallene på arket Grundlag er faste "
               "værdier: ændres grundlaget for normering, skal de beregnes igen af kommunebench.",
               "All derived numbers on the Summary and Potential sheets are formulas over the Processes and Basis "
               "sheets and the parameters above; select a cell to see how it is computed. Change a threshold or the "
               "cost per FTE and the workbook recalculates. The comparison figures on the Basis sheet are fixed "
               "values: if the normalisation basis is changed, kommunebench must compute them again.")),
            (T("Kilde", "Source"),
             T(f"Indsendt fil: {self.info.get('file_name')} (SHA-256 {self.info.get('sha256')}). Dannet af "
               f"kommunebench {__version__} efter KLK's model for benchmark af administrationen.",
               f"Submitted file: {self.info.get('file_name')} (SHA-256 {self.info.get('sha256')}). Produced by "
               f"kommunebench {__version__} following KLK's model for benchmarking the administration.")),
        ]
        out = [(heading(lang), body(lang)) for heading, body in sections]
        anonymity = next(i for i, (heading, _) in enumerate(sections) if heading.da == "Anonymitet")
        out[anonymity] = (out[anonymity][0], out[anonymity][1] + named_text)
        return out

    # -- 7. basis ------------------------------------------------------------------------------
    def _write_basis(self) -> None:
        ws, f, lang, params = self.ws["basis"], self.f, self.lang, self.params
        widths = {self.B_AREA_ID: 8, self.B_CATEGORY_ID: 22, self.B_AREA: 34, self.B_CATEGORY: 44,
                  self.B_N_PROCESSES: 10, self.B_PEERS_N: 14, self.B_SYSTEM: 20, self.B_NOTE: 30,
                  self.B_PEER_C: 18, self.B_PREV_C: 18}
        ws.set_column(0, self.B_PREV_NORM, 12)
        for col, width in widths.items():
            # The id columns are keys for the formulas, not for readers: hidden, so they never print.
            hidden = {"hidden": True} if col in (self.B_AREA_ID, self.B_CATEGORY_ID) else None
            ws.set_column(col, col, width, None, hidden)
        ws.write(0, 0, self.t(f"Grundlag – {self.name}", f"Basis – {self.name}"), f["title"])
        ws.set_row(0, 26)
        ws.write_string(1, 0, self.t("Sammenligningstal for de øvrige kommuner (faste værdier beregnet af kommunebench) "
                                     "og kommunens grundlag for normering. Formlerne på de andre ark henviser hertil.",
                                     "Comparison figures of the other municipalities (fixed values computed by "
                                     "kommunebench) and the municipality's normalisation basis. The formulas on the "
                                     "other sheets refer to this sheet."), f["subtitle"])
        label_col, value_col = self.B_AREA, self.B_KEY_COL
        info = self.info
        inhabitants, employees = float(info["inhabitants"]), float(info["employees"])
        key = [
            (3, self.t("Kommune", "Municipality"), self.name),
            (4, self.t("Opgørelsesår", "Year"), self.results.year),
            (5, self.t("Indbyggere", "Inhabitants"), inhabitants),
            (6, self.t("Ansatte", "Employees"), employees),
        ]
        for row, label, value in key:
            ws.write_string(row, label_col, label, f["key"])
            if isinstance(value, str):
                ws.write_string(row, value_col, value, f["label"])
            else:
                ws.write_number(row, value_col, value, f.num("#,##0" if row != 4 else "0"))
        finance_basis = self.rows["finance"][-1]["basis"]
        hr_basis = self.rows["hr"][-1]["basis"]
        ws.write_string(7, label_col, self.t("Grundlag, økonomi: ", "Basis, finance: ") + basis_label("finance", params, lang),
                        f["key"])
        self.formula(ws, 7, value_col, f"={xl_rowcol_to_cell(5, value_col)}/finance_per_inhabitants",
                     f.num("#,##0.0000"), finance_basis)
        ws.write_string(8, label_col, self.t("Grundlag, løn og personale: ", "Basis, payroll and HR: ")
                        + basis_label("hr", params, lang), f["key"])
        self.formula(ws, 8, value_col, f"={xl_rowcol_to_cell(6, value_col)}/hr_per_employees",
                     f.num("#,##0.0000"), hr_basis)
        more = [
            (9, self.t("Økonomisystem", "Finance system"), system_label("finance", info.get("finance_system"), lang)),
            (10, self.t("Lønsystem", "Payroll system"), system_label("hr", info.get("payroll_system"), lang)),
            (11, self.t("Deltagende kommuner", "Participating municipalities"), len(self.results.participants)),
            (12, self.t("Indsendt fil", "Submitted file"), str(info.get("file_name"))),
            (13, "SHA-256", str(info.get("sha256"))),
        ]
        if self.show_prev:
            more.append((14, self.t("Sidste år", "Last year"), self.results.previous_year))
        for row, label, value in more:
            ws.write_string(row, label_col, label, f["key"])
            if isinstance(value, str):
                ws.write_string(row, value_col, value, f["label"])
            else:
                ws.write_number(row, value_col, value, f.num("0"))

        headers = {
            self.B_AREA_ID: Text("område-id", "area id"), self.B_CATEGORY_ID: Text("kategori-id", "category id"),
            self.B_AREA: Text("Område", "Area"), self.B_CATEGORY: CATEGORY,
            self.B_N_PROCESSES: Text("Processer", "Processes"),
            self.B_PEERS_N: Text("Kommuner i sammenligning", "Municipalities compared"),
            self.B_PEER_C: Text("Median centraliseringsgrad, øvrige", "Median centralisation, others"),
            self.B_PEER_DP: Text("Median digital proces, øvrige", "Median digital process, others"),
            self.B_PEER_DS: Text("Median digital løsning, øvrige", "Median digital solution, others"),
            self.B_PEER_MEDIAN: Text("Median årsværk pr. grundlag, øvrige", "Median FTE per basis, others"),
            self.B_SYSTEM: Text("System", "System"),
            self.B_SYSTEM_N: Text("Kommuner på samme system", "Municipalities on the same system"),
            self.B_SYSTEM_DP: Text("Median digital proces, samme system", "Median digital process, same system"),
            self.B_SYSTEM_DS: Text("Median digital løsning, samme system", "Median digital solution, same system"),
            self.B_NOTE: Text("Bemærkning", "Note"),
        }
        headers[self.B_SIZE_N] = Text("Kommuner af samme størrelse", "Municipalities of the same size")
        headers[self.B_SIZE_MEDIAN] = Text("Median årsværk pr. grundlag, samme størrelse",
                                           "Median FTE per basis, same size")
        ws.set_column(self.B_SIZE_N, self.B_SIZE_MEDIAN, 16)
        for score, col in self.B_SIZE_SCORES.items():
            name = QUARTILE_FIGURES[score]
            headers[col] = Text(f"Median {name.da}, samme størrelse", f"Median {name.en}, same size")
            ws.set_column(col, col, 22)
        for figure, (low, high) in self.B_QUARTILES.items():
            ws.set_column(low, high, 22)  # "centraliseringsgrad," must fit on a line
            name = QUARTILE_FIGURES[figure]
            headers[low] = Text(f"Nedre kvartil {name.da}, øvrige", f"Lower quartile {name.en}, others")
            headers[high] = Text(f"Øvre kvartil {name.da}, øvrige", f"Upper quartile {name.en}, others")
        if self.show_prev:
            year = self.results.previous_year
            headers.update({
                self.B_PREV_C: Text(f"Centraliseringsgrad {year}", f"Centralisation {year}"),
                self.B_PREV_DP: Text(f"Digital proces {year}", f"Digital process {year}"),
                self.B_PREV_DS: Text(f"Digital løsning {year}", f"Digital solution {year}"),
                self.B_PREV_NORM: Text(f"Årsværk pr. grundlag {year}", f"FTE per basis {year}"),
            })
        for col, header in headers.items():
            ws.write_string(self.B_HEADER, col, header(lang), f["header_left" if col in (
                self.B_AREA_ID, self.B_CATEGORY_ID, self.B_AREA, self.B_CATEGORY, self.B_SYSTEM, self.B_NOTE)
                else "header"])
        ws.set_row(self.B_HEADER, 58)
        score_fmt, norm_fmt = f.num("0.0000"), f.num("0.0000")
        for area in AREAS:
            for item in self.rows[area]:
                category_id = item["category_id"]
                row = self.basis_rows[(area, category_id)]
                ws.write_string(row, self.B_AREA_ID, area, f["helper"])
                ws.write_string(row, self.B_CATEGORY_ID, category_id, f["helper"])
                ws.write_string(row, self.B_AREA, AREA_NAMES[area](lang), f["label"])
                ws.write_string(row, self.B_CATEGORY, self.category_label(area, category_id), f["label"])
                ws.write_number(row, self.B_N_PROCESSES, int(item["n_processes"]), f.num("0"))
                ws.write_number(row, self.B_PEERS_N, int(item["peers_n"]), f.num("0"))
                ws.write_string(row, self.B_SYSTEM, system_label(area, item.get("system"), lang), f["label"])
                ws.write_number(row, self.B_SYSTEM_N, int(item["system_peers_n"]), f.num("0"))
                notes = []
                peer_values = {self.B_PEER_C: item["peer_centralisation"],
                               self.B_PEER_DP: item["peer_digital_process"],
                               self.B_PEER_DS: item["peer_digital_solution"],
                               self.B_PEER_MEDIAN: item["peer_fte_norm_median"]}
                system_values = {self.B_SYSTEM_DP: item["system_peer_digital_process"],
                                 self.B_SYSTEM_DS: item["system_peer_digital_solution"]}
                suppressed = bool(item["suppressed"])
                system_suppressed = suppressed or bool(item["system_suppressed"])
                if suppressed:
                    notes.append(suppressed_note(self.params, lang))
                elif system_suppressed:
                    notes.append(self.t(f"Færre end {self.params.min_group} på samme system",
                                        f"Fewer than {self.params.min_group} on the same system"))
                for values, hidden in ((peer_values, suppressed), (system_values, system_suppressed)):
                    for col, value in values.items():
                        if hidden or not finite(value):
                            ws.write_string(row, col, DASH, f["dash"])
                        else:
                            ws.write_number(row, col, float(value),
                                            norm_fmt if col == self.B_PEER_MEDIAN else score_fmt)
                for figure, columns in self.B_QUARTILES.items():
                    for which, col in zip(("q1", "q3"), columns):
                        value = item[f"peer_{which}_{figure}"]
                        if suppressed or not finite(value):  # the policy shows no quartiles over this group
                            ws.write_string(row, col, DASH, f["dash"])
                        else:
                            ws.write_number(row, col, float(value), norm_fmt if figure == "fte_norm" else score_fmt)
                ws.write_number(row, self.B_SIZE_N, int(item["size_peers_n"]), f.num("0"))
                if finite(item["size_peer_fte_norm_median"]):
                    ws.write_number(row, self.B_SIZE_MEDIAN, float(item["size_peer_fte_norm_median"]), norm_fmt)
                else:  # too few of the same size, or one member from "all": hidden (the Method sheet)
                    ws.write_string(row, self.B_SIZE_MEDIAN, DASH, f["dash"])
                for score, col in self.B_SIZE_SCORES.items():
                    if finite(item[f"size_peer_{score}"]):
                        ws.write_number(row, col, float(item[f"size_peer_{score}"]), score_fmt)
                    else:
                        ws.write_string(row, col, DASH, f["dash"])
                if not suppressed and not bool(item["quartiles_shown"]):
                    notes.append(self.t(f"Kvartiler kun over mindst {self.params.disclosure.min_quartiles}",
                                        f"Quartiles only over at least {self.params.disclosure.min_quartiles}"))
                ws.write_string(row, self.B_NOTE, "; ".join(notes), f["note_inline"])
                if self.show_prev:
                    for key, col in self.B_PREV.items():
                        value = item.get(f"prev_{key}")
                        if finite(value):
                            ws.write_number(row, col, float(value), score_fmt)
                        else:
                            ws.write_string(row, col, DASH, f["dash"])
        last_row = max(self.basis_rows.values())
        ws.autofilter(self.B_HEADER, 0, last_row, max(self.B_SIZE_SCORES.values()))
        ws.freeze_panes(self.B_HEADER + 1, 4)
        fm.print_setup(ws, self.title, lang, repeat_row=self.B_HEADER)
        # Too wide for one page at the minimum type size: pages across, the category on each.
        print_pages_across(ws, labels=(self.B_CATEGORY, self.B_CATEGORY))
