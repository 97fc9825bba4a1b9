"""The jobcenter report's effect and context sheets: Register, Effect, Cost and effect, Similar
municipalities and Examples.

The expected rate is a live formula: the coefficients of the fit *without* the municipality times
its own framework conditions (Basis sheet), plus the constant. Other participants appear only as
distributions (quartiles, medians, n) and, if they consented, by name: never as an anonymous point
or row beside a figure the Register sheet or the register file names (engine.report.disclosure).
"""

from __future__ import annotations

import math

import numpy as np
from xlsxwriter.utility import xl_rowcol_to_cell

from engine.benchmarks.jobcenter.report_group_result import G_VERDICT
from engine.benchmarks.jobcenter.report_labels import ABOUT, DKK, LABELS, PP, RATE, VERDICT, colour_verdicts
from engine.benchmarks.jobcenter.report_sheets import FRAMEWORK_LABELS
from engine.peers.matching import closeness_label
from engine.report import formats as fm
from engine.report.chart_data import write_chart_cell, write_chart_number
from engine.report.formats import DASH, finite
from engine.report.headers import wrapped_row_height
from engine.report.print_layout import print_rows_above
from engine.text import Text

MARK = Text("◄ kommunen", "◄ this municipality")


def _framework_label(r, column: str) -> str:
    return FRAMEWORK_LABELS[column](r.lang) if column in FRAMEWORK_LABELS else column


# -- Register --------------------------------------------------------------------------------------
def write_register(r) -> None:
    ws, f, lang = r.ws["register"], r.f, r.lang
    columns = list(r.results.framework_columns)
    register = r.results.register.sort_values("name", key=lambda s: s.str.lower())
    ws.set_column(0, 0, 22)
    ws.set_column(1, len(columns) + 6, 14)
    last_col = len(columns) + 6
    r.heading(ws, r.t("Registerdata for alle kommuner", "Register data for all municipalities"), r.t(
        "Offentlige registertal for alle kommuner i registerfilen (deltagere og ikke-deltagere, uden markering af hvem "
        "der deltager). Den forventede forsørgelsesgrad er beregnet for hver kommune med en model, der er estimeret uden "
        "kommunen selv.",
        "Public register figures for every municipality in the register file (participants and others, without "
        "marking who takes part). Each municipality's expected support rate comes from a model estimated without "
        "that municipality."), last_col)
    headers = [Text("Kommune", "Municipality"), *(Text(_framework_label(r, c), _framework_label(r, c)) for c in columns),
               Text("Realiseret", "Realised"), Text("Forventet", "Expected"), Text("Effekt (pp)", "Effect (pp)"),
               Text("Usikkerhed (± pp)", "Uncertainty (± pp)"), Text("", ""), Text("Kode", "Code")]
    row = r.headers(ws, 3, headers, height=70)
    first = row
    formats = {"jobs_per_100": "0.0"}
    for code, item in register.iterrows():
        ws.write_string(row, 0, str(item["name"]), f["label"])
        for col, column in enumerate(columns, start=1):
            r.number(ws, row, col, item[column], f.num(formats.get(column, "0.0%")))
        base = len(columns) + 1
        for offset, (column, fmt) in enumerate((("realised_rate", "0.0%"), ("expected_rate", "0.0%"),
                                                ("effect_pp", PP), ("uncertainty_pp", "0.00"))):
            if offset < 2:  # the effect chart reads these two: a missing rate is an empty cell, a gap
                write_chart_number(ws, row, base + offset, item[column], f.num(fmt))
            else:
                r.number(ws, row, base + offset, item[column], f.num(fmt))
        mine = code == r.code
        ws.write_string(row, base + 4, MARK(lang) if mine else "", f["flag"] if mine else f["label"])
        ws.write_string(row, base + 5, str(code), f["key"])
        row += 1
    r.cells["register_rows"] = (first, row - 1)
    r.cells["register_cols"] = (len(columns) + 1, len(columns) + 2)  # realised, expected
    ws.freeze_panes(first, 1)
    ws.autofilter(first - 1, 0, row - 1, last_col)
    fm.print_setup(ws, r.title, lang, repeat_row=first - 1)


# -- Effekt / Effect ---------------------------------------------------------------------------------
def write_effect(r) -> None:
    ws, f, lang, info = r.ws["effect"], r.f, r.lang, r.info
    ws.set_column(0, 0, 52)
    ws.set_column(1, 6, 15)
    r.heading(ws, r.t("Afvigelse fra forventet niveau: realiseret mod forventet offentlig forsørgelsesgrad",
                      "Deviation from the expected level: realised against expected public support rate"), r.t(
        "Den forventede forsørgelsesgrad er det, kommunens rammevilkår lader forvente, ud fra en lineær model "
        "(vægtet mindste kvadraters metode, vægt = 16-66-årige) over alle kommuner i registerfilen – estimeret uden "
        "kommunen selv. Effekt = forventet − realiseret i procentpoint: positiv er færre på forsørgelse end forventet. "
        "Det er en afvigelse fra forventet niveau, ikke en målt effekt af jobcentrets indsats: den rummer alt, "
        "rammevilkårene ikke fanger. Den regnes kun som en forskel, når den er større end usikkerheden, som er sat, "
        "så alle kommuner kan vurderes på én gang (arket Metode); rangen ordner alle kommuner.",
        "The expected support rate is what the municipality's framework conditions lead to expect, from a linear "
        "model (weighted least squares, weight = 16-66-year-olds) over every municipality in the register file – "
        "estimated without the municipality itself. Effect = expected − realised in percentage points: positive is "
        "fewer on public support than expected. It is a deviation from the expected level, not a measured effect "
        "of the jobcentre's work: it holds everything the framework conditions miss. It counts as a difference only "
        "when larger than the uncertainty, which is set so that every municipality can be judged at once (the "
        "sheet Method); the rank orders every municipality."), 6)
    columns = list(r.results.framework_columns)
    coefficients = (r.results.loo_coefficients.loc[r.code] if r.code in r.results.loo_coefficients.index else None)
    row = r.section(ws, 3, r.t("Forventet forsørgelsesgrad", "Expected support rate"), 6)
    row = r.headers(ws, row, (Text("Rammevilkår", "Framework condition"), Text("Kommunens værdi", "Municipality's value"),
                              Text("Koefficient (model uden kommunen)", "Coefficient (model without the municipality)"),
                              Text("Bidrag", "Contribution")), height=44)
    if coefficients is None or not finite(info["expected_rate"]):
        ws.write_string(row, 0, r.t("Kommunen mangler i registerfilen: effekten kan ikke beregnes.",
                                    "The municipality is missing from the register file: no effect can be computed."),
                        f["flag"])
        fm.print_setup(ws, r.title, lang)
        return
    own = r.results.register.loc[r.code]
    ws.write_string(row, 0, r.t("Konstant", "Constant"), f["label"])
    ws.write_number(row, 2, float(coefficients["intercept"]), f.num("0.000000"))
    r.formula(ws, row, 3, f"={xl_rowcol_to_cell(row, 2)}", f.num("0.0000"), coefficients["intercept"])
    first = row
    row += 1
    for column in columns:
        ws.write_string(row, 0, _framework_label(r, column), f["label"])
        r.formula(ws, row, 1, "=" + r.cells[f"reg:{column}"], f.num("0.0000"), own[column])
        ws.write_number(row, 2, float(coefficients[column]), f.num("0.000000"))
        r.formula(ws, row, 3, f"={xl_rowcol_to_cell(row, 1)}*{xl_rowcol_to_cell(row, 2)}", f.num("0.0000"),
                  own[column] * coefficients[column])
        row += 1
    contributions = f"SUM({xl_rowcol_to_cell(first, 3)}:{xl_rowcol_to_cell(row - 1, 3)})"
    cells = {}
    se = info["uncertainty_pp"] / r.results.confidence_z
    steps = (
        ("expected", Text("Forventet forsørgelsesgrad", "Expected support rate"), f"={contributions}", RATE,
         info["expected_rate"]),
        ("realised", Text("Realiseret forsørgelsesgrad", "Realised support rate"), "=" + r.cells["reg:realised_rate"],
         RATE, info["realised_rate"]),
        ("effect", Text("Effekt: forventet − realiseret (procentpoint)", "Effect: expected − realised (percentage points)"),
         "=({expected}-{realised})*100", PP, info["effect_pp"]),
        ("ratio", Text("Forhold: realiseret / forventet", "Ratio: realised / expected"), "={realised}/{expected}",
         "0.000", info["ratio"]),
        ("se", Text("Standardfejl på effekten (procentpoint)", "Standard error of the effect (percentage points)"), None,
         "0.000", se),
        ("uncertainty", Text("Usikkerhed (±, procentpoint)", "Uncertainty (±, percentage points)"),
         "=confidence_z*{se}", "0.00", info["uncertainty_pp"]),
    )
    row += 1
    for key, label, formula, fmt, value in steps:
        ws.write_string(row, 0, label(lang), f["label_bold"] if key in ("expected", "effect") else f["label"])
        if formula is None:
            r.number(ws, row, 1, value, f.num(fmt))
        else:
            r.formula(ws, row, 1, formula.format(**cells), f.num(fmt, bold=key in ("expected", "effect")), value)
        cells[key] = xl_rowcol_to_cell(row, 1)
        r.cells[f"effect_cell:{key}"] = row
        row += 1
    r.cells["effect"] = r.ref("effect", r.cells["effect_cell:effect"], 1)
    r.cells["uncertainty"] = r.ref("effect", r.cells["effect_cell:uncertainty"], 1)
    ws.write_string(row, 0, r.t("Vurdering", "Verdict"), f["label_bold"])
    better, worse, noise, unknown = (VERDICT[k](lang) for k in ("better", "worse", "within_noise", "unknown"))
    effect_cell, uncertainty_cell = cells["effect"], cells["uncertainty"]
    r.formula(ws, row, 1, f'=IF(COUNT({effect_cell},{uncertainty_cell})<2,"{unknown}",IF({effect_cell}>'
                          f'{uncertainty_cell},"{better}",IF({effect_cell}<-{uncertainty_cell},"{worse}","{noise}")))',
              f["label_bold"], VERDICT[str(info["verdict"])](lang))
    colour_verdicts(r.wb, ws, row, 1, row, 1, lang)
    r.cells["verdict"] = r.ref("effect", row, 1)
    row += 1
    ws.write_string(row, 0, r.t("Rang blandt alle kommuner i registerfilen (1 = længst under forventet)",
                                "Rank among all municipalities of the register (1 = furthest below expected)"), f["label"])
    if finite(info["rank"]):
        ws.write_string(row, 1, r.t(f"{int(info['rank'])} af {int(info['rank_n'])}",
                                    f"{int(info['rank'])} of {int(info['rank_n'])}"), f["label"])
    row += 2
    row = r.section(ws, row, r.t("Effekten mod de øvrige kommuner", "The effect against the other municipalities"), 6)
    row = r.headers(ws, row, (Text("", ""), Text("Kommunen", "This municipality"), Text("Øvrige, nedre kvartil", "Others, lower quartile"),
                              Text("Øvrige, median", "Others, median"), Text("Øvrige, øvre kvartil", "Others, upper quartile"),
                              Text("Øvrige, n", "Others, n"), Text("Lignende, median", "Similar, median")), height=44)
    ws.write_string(row, 0, r.t("Effekt (procentpoint)", "Effect (percentage points)"), f["label"])
    r.formula(ws, row, 1, f"={cells['effect']}", f.num(PP), info["effect_pp"])
    for col, column in ((2, "effect_q1"), (3, "effect_median"), (4, "effect_q3"), (6, "effect_peer_median")):
        r.number(ws, row, col, info[column], f.num(PP))
    ws.write_number(row, 5, int(info["effect_n"]), f.num("0"))
    row += 2
    _effect_chart(r, ws, row, cells)
    fm.print_setup(ws, r.title, lang)  # landscape: seven columns print at 7 pt or larger only across A4


def _effect_chart(r, ws, row: int, cells: dict[str, str]) -> None:
    register = r.names["register"]
    first, last = r.cells["register_rows"]
    realised_col, expected_col = r.cells["register_cols"]
    rates = r.results.register[["expected_rate", "realised_rate"]].to_numpy(float)
    low, high = np.nanmin(rates), np.nanmax(rates)
    low, high = np.floor(low * 100) / 100, np.ceil(high * 100) / 100
    # The "as expected" line y = x as two helper points beside the chart.
    ws.set_column(8, 8, None, None, {"hidden": True})  # read by the chart only; charts show hidden data
    ws.write_string(row, 8, r.t("Linjen 'som forventet'", "Line 'as expected'"), r.f["key"])
    ws.write_number(row + 1, 8, low, r.f.num(RATE))
    ws.write_number(row + 2, 8, high, r.f.num(RATE))
    effect = r.names["effect"]
    c = r.wb.add_chart({"type": "scatter"})
    c.set_title({"name": r.t("Forventet og realiseret forsørgelsesgrad, alle kommuner",
                             "Expected and realised support rate, all municipalities"),
                 "name_font": {"size": 11, "bold": True, "color": fm.HEADER_FILL}})
    c.add_series({"name": r.t("Alle kommuner", "All municipalities"),
                  "categories": [register, first, expected_col, last, expected_col],
                  "values": [register, first, realised_col, last, realised_col],
                  "marker": {"type": "circle", "size": 5, "fill": {"color": fm.PEER_COLOUR},
                             "border": {"color": fm.PEER_COLOUR}}})
    c.add_series({"name": r.t("Som forventet (y = x)", "As expected (y = x)"),
                  "categories": [effect, row + 1, 8, row + 2, 8], "values": [effect, row + 1, 8, row + 2, 8],
                  "marker": {"type": "none"}, "line": {"color": "#404040", "dash_type": "dash", "width": 1.25}})
    expected_row, realised_row = r.cells["effect_cell:expected"], r.cells["effect_cell:realised"]
    c.add_series({"name": r.name, "categories": [effect, expected_row, 1, expected_row, 1],
                  "values": [effect, realised_row, 1, realised_row, 1],
                  "marker": {"type": "diamond", "size": 11, "fill": {"color": fm.OWN_COLOUR},
                             "border": {"color": "#1F3864"}}})
    axis = {"num_format": "0%", "num_font": {"size": 8}, "min": low, "max": high,
            "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}}
    c.set_x_axis({**axis, "name": r.t("Forventet (ud fra rammevilkår)", "Expected (from framework conditions)"),
                  "name_font": {"size": 9, "bold": False}})
    c.set_y_axis({**axis, "name": r.t("Realiseret", "Realised"), "name_font": {"size": 9, "bold": False}})
    c.set_legend({"position": "bottom", "font": {"size": 9}})
    c.set_size({"width": 620, "height": 480})
    ws.insert_chart(row, 0, c)
    note = r.t("Under linjen: lavere forsørgelsesgrad end forventet (bedre). Over linjen: højere (dårligere).",
               "Below the line: a lower support rate than expected (better). Above the line: higher (worse).")
    ws.write_string(row + 25, 0, note, r.f["note_inline"])


# -- Omkostning og effekt / Cost and effect --------------------------------------------------------------
# The others' effect is computed from public register data (the Register sheet names it for every
# municipality), so an anonymous point (cost, effect) would name its cost. The others are shown as a
# distribution instead (median and the middle half on each axis); only consenting ones are points.
DISTRIBUTION = (("q1", Text("Øvrige, nedre kvartil", "Others, lower quartile")),
                ("median", Text("Øvrige, median", "Others, median")),
                ("q3", Text("Øvrige, øvre kvartil", "Others, upper quartile")),
                ("n", Text("Øvrige, n", "Others, n")))


def write_cost_effect(r) -> None:
    ws, f, lang, own = r.ws["cost_effect"], r.f, r.lang, r.info
    participants = r.results.municipalities
    ws.set_column(0, 0, 34)
    ws.set_column(1, 2, 18)
    unit = Text("kommuner", "municipalities")
    r.heading(ws, r.t("Omkostning pr. helårsperson og effekt", "Cost per full-year person and effect"), r.t(
        "Kommunens omkostning pr. helårsperson i alle målgrupper (konto 6 og konto 5) mod effekten (forventet − "
        "realiseret forsørgelsesgrad) og de øvrige deltagende kommuners fordeling: medianen og den midterste halvdel "
        "(nedre til øvre kvartil) på hver akse. Øverst til venstre: lav omkostning og bedre end forventet.",
        "The municipality's cost per full-year person in all target groups (accounts 6 and 5) against the effect "
        "(expected − realised support rate), and the distribution of the other participating municipalities: the "
        "median and the middle half (lower to upper quartile) on each axis. Top left: low cost and better than "
        "expected."), 8)
    row = r.headers(ws, 3, (Text("", ""), Text("Omkostning pr. helårsperson (kr.)", "Cost per full-year person (DKK)"),
                            Text("Effekt (procentpoint)", "Effect (percentage points)")), left=(0,), height=44)
    ws.write_string(row, 0, r.name, f["label_bold"])
    r.formula(ws, row, 1, "=" + r.cells["unit_total:all"], f.num(DKK, bold=True), own["unit_total"])
    if "effect" in r.cells:
        r.formula(ws, row, 2, "=" + r.cells["effect"], f.num(PP, bold=True), own["effect_pp"])
    else:
        r.number(ws, row, 2, own["effect_pp"], f.num(PP, bold=True))
    own_row = row
    row += 1
    named = participants[participants["consent"].astype(bool) & (participants.index != r.code)]
    named = named[np.isfinite(named["unit_total"]) & np.isfinite(named["effect_pp"])].sort_values("unit_total")
    named_rows = []
    for item in named.itertuples():
        ws.write_string(row, 0, str(item.name), f["label"])
        ws.write_number(row, 1, float(item.unit_total), f.num(DKK))
        ws.write_number(row, 2, float(item.effect_pp), f.num(PP))
        named_rows.append((row, str(item.name), (item.unit_total, item.effect_pp)))
        row += 1
    stats = {}
    for key, label in DISTRIBUTION:
        ws.write_string(row, 0, label(lang), f["label"])
        for col, measure in ((1, "unit_total"), (2, "effect")):
            value = float(own[f"{measure}_{key}"])  # the count is a numpy integer
            r.number(ws, row, col, value, f.num("0" if key == "n" else (DKK if col == 1 else PP)))
            stats[(key, col)] = float(value) if finite(value) else float("nan")
        row += 1
    policy = r.params.disclosure
    row = r.note(ws, row + 1, r.t(
        "De øvrige kommuner vises ikke som enkelte punkter: deres effekt kan beregnes af offentlige registertal (arket "
        f"{r.names['register']}), så et punkt ville afsløre kommunens omkostning. Kommuner, der har givet samtykke, "
        "vises med navn. ",
        "The other municipalities are not shown as single points: their effect can be computed from public register "
        f"figures (the sheet {r.names['register']}), so a point would give away the municipality's cost. "
        "Municipalities that consented are shown by name. ") + policy.sentence(unit)(lang), 2, chars=75)
    # The chart's data below the chart (rows 4 onwards, COST_EFFECT_HEIGHT pixels of at least 20 each), on
    # screen but off the printout.
    row = max(row + 1, 3 + math.ceil(COST_EFFECT_HEIGHT / 20) + 2)
    print_rows_above(ws, row)
    row = r.section(ws, row, r.t("Diagramdata", "Chart data"), 2)
    data = _cost_effect_chart_data(r, ws, row, (own_row, r.name, (own["unit_total"], own["effect_pp"])), named_rows, stats)
    _cost_effect_chart(r, ws, data)
    fm.print_setup(ws, r.title, lang)


def _cost_effect_chart_data(r, ws, row: int, own: tuple, named: list[tuple], stats: dict) -> dict:
    """The points the chart draws, as cells: own and consenting (live copies of the table), the
    others' median and middle half; a value that is not a number is a gap."""
    f = r.f
    out = {"own": row, "named": (row + 1, row + len(named))}
    for source, label, values in (own, *named):
        ws.write_string(row, 0, label, f["label"])
        for col, value in zip((1, 2), values):
            write_chart_cell(ws, row, col, xl_rowcol_to_cell(source, col), value, f.num(DKK if col == 1 else PP))
        row += 1
    median = (stats[("median", 1)], stats[("median", 2)])
    ws.write_string(row, 0, r.t("Øvrige, median", "Others, median"), f["label"])
    both = all(finite(v) for v in median)
    for col, value in zip((1, 2), median):
        write_chart_number(ws, row, col, value if both else None, f.num(DKK if col == 1 else PP))
    out["median"] = row
    row += 1
    x1, x3, y1, y3 = (stats[(k, c)] for c in (1, 2) for k in ("q1", "q3"))
    box = all(finite(v) for v in (x1, x3, y1, y3))
    out["box"] = (row, row + 4)
    for x, y in ((x1, y1), (x3, y1), (x3, y3), (x1, y3), (x1, y1)):
        ws.write_string(row, 0, r.t("Øvrige, midterste halvdel", "Others, middle half"), f["label"])
        write_chart_number(ws, row, 1, x if box else None, f.num(DKK))
        write_chart_number(ws, row, 2, y if box else None, f.num(PP))
        row += 1
    return out


COST_EFFECT_HEIGHT = 460  # pixels
NAMED_MARKERS = ("circle", "square", "triangle", "star", "plus")


def _cost_effect_chart(r, ws, data: dict) -> None:
    name = r.names["cost_effect"]
    c = r.wb.add_chart({"type": "scatter"})
    c.set_title({"name": r.t("Omkostning og effekt", "Cost and effect"),
                 "name_font": {"size": 11, "bold": True, "color": fm.HEADER_FILL}})
    first, _ = data["box"]
    # The box as four two-point edges: LibreOffice draws a longer scatter line smoothed (an ellipse).
    for edge in range(4):
        c.add_series({"name": r.t("Øvrige, midterste halvdel (kvartiler)", "Others, middle half (quartiles)"),
                      "categories": [name, first + edge, 1, first + edge + 1, 1],
                      "values": [name, first + edge, 2, first + edge + 1, 2],
                      "marker": {"type": "none"}, "line": {"color": fm.PEER_COLOUR, "width": 1.5}})
    row = data["median"]
    c.add_series({"name": r.t("Øvrige, median", "Others, median"), "categories": [name, row, 1, row, 1],
                  "values": [name, row, 2, row, 2],
                  "marker": {"type": "x", "size": 10, "border": {"color": fm.PEER_COLOUR, "width": 2}}})
    first, last = data["named"]
    for index, row in enumerate(range(first, last + 1)):  # one series each: the legend names them
        c.add_series({"name": [name, row, 0], "categories": [name, row, 1, row, 1], "values": [name, row, 2, row, 2],
                      "marker": {"type": NAMED_MARKERS[index % len(NAMED_MARKERS)], "size": 7,
                                 "fill": {"color": fm.PEER_COLOUR}, "border": {"color": "#404040"}}})
    row = data["own"]
    c.add_series({"name": r.name, "categories": [name, row, 1, row, 1], "values": [name, row, 2, row, 2],
                  "marker": {"type": "diamond", "size": 11, "fill": {"color": fm.OWN_COLOUR}}})
    c.set_x_axis({"name": r.t("Omkostning pr. helårsperson (kr.)", "Cost per full-year person (DKK)"),
                  "num_format": "#,##0", "num_font": {"size": 8}, "name_font": {"size": 9, "bold": False},
                  "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    c.set_y_axis({"name": r.t("Effekt (procentpoint, positiv = bedre)", "Effect (percentage points, positive = better)"),
                  "num_font": {"size": 8}, "name_font": {"size": 9, "bold": False},
                  "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    c.set_legend({"position": "bottom", "font": {"size": 9}, "delete_series": [1, 2, 3]})
    c.set_size({"width": 640, "height": COST_EFFECT_HEIGHT})
    ws.insert_chart(3, 4, c)


# -- Lignende kommuner / Similar municipalities ------------------------------------------------------------
def write_peers(r) -> None:
    ws, f, lang = r.ws["peers"], r.f, r.lang
    ws.set_column(0, 0, 52)
    ws.set_column(1, 4, 16)
    r.heading(ws, r.t("Kommuner med lignende rammevilkår", "Municipalities with similar framework conditions"), r.t(
        f"De {r.params.n_peers} deltagende kommuner, hvis rammevilkår ligner kommunens mest (standardiseret afstand "
        "over de fire rammevilkår, lige vægte). De navngives kun med deres samtykke.",
        f"The {r.params.n_peers} participating municipalities whose framework conditions are most like the "
        "municipality's (standardised distance over the four framework conditions, equal weights). They are named "
        "only with their consent."), 4)
    peers = r.results.rows("peers", r.code)
    row = r.headers(ws, 3, (Text("Kommune", "Municipality"), Text("Afstand", "Distance"),
                            Text("Lighed", "Closeness")), height=30)
    if peers.empty:
        ws.write_string(row, 0, r.t("For få deltagere til at finde lignende kommuner.",
                                    "Too few participants to find similar municipalities."), f["note_inline"])
        fm.print_setup(ws, r.title, lang)
        return
    consent = r.results.municipalities["consent"]
    for item in peers.itertuples():
        ws.write_string(row, 0, r.peer_label(item.letter, item.peer), f["label"])
        # The distance follows from public register figures: beside an unnamed peer it would name it.
        if bool(consent.get(item.peer, False)):
            ws.write_number(row, 1, float(item.distance), f.num("0.00"))
        ws.write_string(row, 2, closeness_label(item.closeness, lang), f["label"])
        row += 1
    row = r.note(ws, row, r.t("Afstanden vises kun for kommuner, der har givet samtykke: den kan beregnes af offentlige "
                              "registertal og ville ellers navngive kommunen.",
                              "The distance is shown only for municipalities that consented: it can be computed from "
                              "public register figures and would otherwise name the municipality."), 4, chars=100)
    row = r.section(ws, row + 1, r.t("Rammevilkår", "Framework conditions"), 4)
    row = r.headers(ws, row, (Text("Rammevilkår", "Framework condition"), Text("Kommunen", "This municipality"),
                              Text("Lignende, median", "Similar, median"), Text("Alle kommuner, median", "All municipalities, median")),
                    height=30)
    register = r.results.register
    for column in r.results.framework_columns:
        fmt = "0.0" if column == "jobs_per_100" else "0.0%"
        ws.write_string(row, 0, _framework_label(r, column), f["label"])
        r.formula(ws, row, 1, "=" + r.cells[f"reg:{column}"], f.num(fmt), register.loc[r.code, column]
                  if r.code in register.index else None)
        r.number(ws, row, 2, register.loc[peers["peer"], column].median(), f.num(fmt))
        r.number(ws, row, 3, register[column].median(), f.num(fmt))
        row += 1
    row = r.section(ws, row + 1, r.t("Resultater", "Results"), 4)
    info = r.info
    for label, own_cell, own, peer, fmt in (
            (r.t("Omkostning pr. helårsperson (kr.)", "Cost per full-year person (DKK)"), r.cells["unit_total:all"],
             info["unit_total"], info["unit_total_peer_median"], DKK),
            (r.t("Effekt (procentpoint)", "Effect (percentage points)"), r.cells["effect"], info["effect_pp"],
             info["effect_peer_median"], PP)):
        ws.write_string(row, 0, label, f["label"])
        r.formula(ws, row, 1, "=" + own_cell, f.num(fmt), own)
        r.number(ws, row, 2, peer, f.num(fmt))
        row += 1
    fm.print_setup(ws, r.title, lang, landscape=False)


# -- Eksempler / Examples -----------------------------------------------------------------------------
def _about(case_id: str, shown_for: list[tuple[str, str]], lang: str) -> str:
    """'Sygedagpenge («sygedagpenge»)': the stand-out items the case is linked to, with the topic word
    that makes it about each (engine.catalogue refuses a link without one)."""
    from engine.catalogue import load_catalogue
    catalogue = load_catalogue()
    words = ((code, catalogue.why_linked(case_id, "jobcenter", indicator)) for code, indicator in shown_for)
    return ", ".join(f"{LABELS[code](lang)} («{word}»)" for code, word in words if word)


def write_examples(r) -> None:
    ws, f, lang = r.ws["examples"], r.f, r.lang
    widths = (36, 18, 18, 24, 50, 22, 22)  # landscape A4 at 7 pt or larger (engine.report.print_layout)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    d = r.n(r.params.flag_distance * 100)
    r.heading(ws, r.t(f"Eksempler på indsatser – {r.name}", f"Examples of improvements – {r.name}"), r.t(
        "Eksempler fra KL's effektiviseringskatalog for de målgrupper, hvor enhedsomkostningen ligger over de øvrige "
        "kommuners øvre kvartil, og de opgaver, hvor kommunen bruger en større andel af årsværkene end tre fjerdedele af "
        f"de øvrige – i begge tilfælde mere end {d} % over medianen (flag_distance). Ved hver målgruppe står dens "
        "resultat: en høj enhedsomkostning kan følge af, at borgerne hurtigere kommer ud af ydelsen. Beskrivelserne "
        "er vores sammendrag; gevinsterne er katalogets.",
        "Examples from KL's efficiency catalogue for the target groups where the unit cost is above the other "
        "municipalities' upper quartile, and the tasks where the municipality spends a larger share of its FTE than "
        f"three quarters of the others – in both cases more than {d} % above the median (flag_distance). Beside each "
        "group stands its result: a high unit cost can follow from citizens leaving the benefit faster. The "
        "descriptions are our summaries; the gains are the catalogue's."), 5)
    stands_out = r.results.rows("stands_out", r.code)
    row = r.section(ws, 3, r.t("Kommunen skiller sig ud på", "The municipality stands out on"), 5)
    if stands_out.empty:
        text = r.t(f"Kommunen ligger ikke over de øvrige kommuners øvre kvartil og mere end {d} % over medianen på nogen "
                   "målgruppe eller opgave.", f"The municipality is not above the others' upper quartile and more than "
                   f"{d} % above the median on any target group or task.")
        if not finite(r.info["unit_total_q3"]):  # too few others for quartiles (the disclosure policy)
            least = r.params.disclosure.min_quartiles
            text = r.t(f"Kvartiler vises kun over mindst {least} øvrige kommuner, så ingen målgruppe eller opgave "
                       "udpeges her.", f"Quartiles are shown only over at least {least} other municipalities, so no "
                       "target group or task is singled out here.")
        ws.merge_range(row, 0, row, 5, text, f["note_inline"])
        fm.print_setup(ws, r.title, lang)
        return
    kinds = {"group": Text("Målgruppe: enhedsomkostning", "Target group: unit cost"),
             "task": Text("Opgave: andel af årsværk", "Task: share of FTE")}
    for item in stands_out.itertuples():
        ws.write_string(row, 0, LABELS[item.code](lang), f["text"])  # wraps: the columns are narrow
        ws.write_string(row, 1, kinds[item.kind](lang), f["text"])
        height = wrapped_row_height(((LABELS[item.code](lang), widths[0]), (kinds[item.kind](lang), widths[1])))
        if height:
            ws.set_row(row, height)
        if item.kind == "group" and item.code in r.cells.get("group_rows", {}):
            result = r.ref("unit", r.cells["group_rows"][item.code], G_VERDICT)
            ws.write_string(row, 2, r.t("Resultat:", "Result:"), f["label"])
            r.formula(ws, row, 3, "=" + result, f["label"], VERDICT[str(r.groups.loc[item.code, "verdict"])](lang))
            colour_verdicts(r.wb, ws, row, 3, row, 3, lang)
        row += 1
    found = list(r.cases(list(dict.fromkeys(stands_out["indicator"]))) or [])
    row = r.section(ws, row + 1, r.t("Eksempler", "Examples"), 5)
    if not found:
        ws.merge_range(row, 0, row, 5, r.t("Kataloget har ingen eksempler for disse.", "The catalogue has no examples "
                                           "for these."), f["note_inline"])
        fm.print_setup(ws, r.title, lang)
        return
    headers = (Text("Eksempel", "Example"), Text("Kommune", "Municipality"), Text("Tema", "Theme"),
               Text("Gevinst", "Gains"), Text("Beskrivelse (vores sammendrag)", "Description (our summary)"),
               Text("Kilde", "Source"), ABOUT)
    header_row = row
    row = r.headers(ws, row, headers, left=tuple(range(7)))
    shown_for = list(dict.fromkeys(zip(stands_out["code"], stands_out["indicator"])))
    for case in found:
        values = [fm.text_of(getattr(case, attr, None), lang) for attr in ("title", "municipality", "theme", "gains",
                                                                            "summary", "source")]
        values.append(_about(getattr(case, "case_id", ""), shown_for, lang))
        for col, value in enumerate(values):
            ws.write_string(row, col, value or DASH, f["text"])  # catalogue text is always a string
        ws.set_row(row, max(fm.row_height(value, width + 2) for value, width in zip(values, widths)))
        row += 1
    covered = {code for code, indicator in shown_for for case in found
               if _about(getattr(case, "case_id", ""), [(code, indicator)], lang)}
    if missing := [LABELS[code](lang) for code, _ in shown_for if code not in covered]:
        ws.merge_range(row + 1, 0, row + 1, 6, r.t("Ingen af eksemplerne handler om: ", "None of the examples is "
                                                   "about: ") + ", ".join(missing) + ".", f["note_inline"])
    fm.print_setup(ws, r.title, lang, repeat_row=header_row)
