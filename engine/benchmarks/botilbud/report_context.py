"""Context sheets of the botilbud facility report: benchmark status, the similar facilities, the cases.

Nothing here names another facility unless the round's configuration records its consent: the
status sheet shows counts, the peers sheet shows "Tilbud A–E" with distance, closeness and the
features that make them similar, and medians of their support-need profile.
"""

from __future__ import annotations

import math

from engine.benchmarks import get_domain
from engine.benchmarks.botilbud.report_common import ADDRESSES
from engine.benchmarks.botilbud.report_sheets import CLUSTER_COLOUR, PEERS_COLOUR, axis, chart
from engine.peers.matching import closeness_label, similarity_band
from engine.report import formats as fm
from engine.report.formats import DASH
from engine.report.headers import wrapped_row_height
from engine.report.frames import named_rows
from engine.report.rounds import rows_of
from engine.text import Text

PLACE_BANDS = ((1, 8), (9, 16), (17, 24), (25, 32), (33, 48), (49, None))
CODE_NAMES = {
    "PROD": Text("Produktivitet", "Productivity"), "TID": Text("Anvendelse af arbejdstiden", "Use of working time"),
    "DOK": Text("Dokumentation", "Documentation"), "NORM": Text("Normering", "Staffing"),
    "NORM-NAT": Text("Normering om natten", "Night staffing"), "OVER": Text("Udbetalt overarbejde", "Paid overtime"),
    "VIK": Text("Vikarforbrug", "Temp staff"), "OMS": Text("Personaleomsætning", "Staff turnover"),
    "LED": Text("Ledere pr. medarbejder", "Managers per employee"),
    "KOMP": Text("Kompetenceudvikling", "Competence development"), "ARB": Text("Arbejdstilrettelæggelse", "Work organisation"),
}
MARK = Text("◄ dette tilbud", "◄ this facility")


# -- Status: the benchmark ------------------------------------------------------------------------------
def write_status(r) -> None:
    from engine.benchmarks.botilbud.report_common import choice_label
    ws, f, lang = r.ws["status"], r.f, r.lang
    facilities = r.results.facilities
    for col, width in enumerate((40, 12, 16)):
        ws.set_column(col, col, width)
    r.heading(ws, r.t(f"Status på benchmarkingen {r.results.year}", f"Benchmark status {r.results.year}"), r.t(
        "Hvor mange botilbud er med, hvor store er de, og hvilke målgrupper har de? Tallene omfatter alle tilbud, "
        "der har indsendt et gyldigt spørgeskema i runden.",
        "How many facilities take part, how large are they, and which target groups do they serve? The figures "
        "cover every facility that sent a valid questionnaire in the round."), 12)
    row = 3
    key = [
        (r.t("Botilbud i benchmarkingen", "Facilities in the benchmark"), len(facilities)),
        (r.t("heraf med tidsregistrering", "of which with a time registration"),
         int(facilities["has_time_registration"].sum())),
        (r.t("Pladser i alt", "Places in total"), float(facilities["places"].sum())),
        (r.t("Klynger", "Clusters"), int(facilities["cluster"].nunique())),
    ]
    for label, value in key:
        ws.write_string(row, 0, label, f["key"])
        ws.write_number(row, 1, float(value), f.num("#,##0"))
        row += 1
    row += 1
    # places
    places = facilities["places"].to_numpy(dtype=float)
    own_places = float(r.info["places"])
    row = r.section(ws, row, r.t("Hvilke botilbud er med – antal pladser", "Which facilities – number of places"), 2)
    band_rows = []
    for col, header in enumerate((Text("Pladser", "Places"), Text("Botilbud", "Facilities"), Text("", ""))):
        ws.write_string(row, col, header(lang), f["header_left" if col != 1 else "header"])
    row += 1
    first = row
    for low, high in PLACE_BANDS:
        inside = (places >= low) & ((places <= high) if high else True)
        label = f"{low}-{high}" if high else (f"{low} og flere" if lang == "da" else f"{low} or more")
        ws.write_string(row, 0, label, f["label"])
        ws.write_number(row, 1, int(inside.sum()), f.num("0"))
        mine = own_places >= low and (high is None or own_places <= high)
        ws.write_string(row, 2, MARK(lang) if mine else "", f["flag"] if mine else f["label"])
        band_rows.append(mine)
        row += 1
    _count_chart(r, ws, first, row - 1, band_rows, r.t("Botilbud efter antal pladser", "Facilities by places"),
                 first - 2, "column")
    row = max(row + 1, first + 12)
    # target groups
    row = r.section(ws, row, r.t("Hvilke botilbud er med – primær målgruppe",
                                 "Which facilities – primary target group"), 2)
    for col, header in enumerate((Text("Primær målgruppe", "Primary target group"), Text("Botilbud", "Facilities"),
                                  Text("", ""))):
        ws.write_string(row, col, header(lang), f["header_left" if col != 1 else "header"])
    row += 1
    first = row
    _, field = get_domain("botilbud").form_field("target_group")
    counts = facilities["target_group"].value_counts()
    marks = []
    for choice in field.choices:
        ws.write_string(row, 0, choice_label("target_group", choice.id, lang), f["label"])
        ws.write_number(row, 1, int(counts.get(choice.id, 0)), f.num("0"))
        mine = choice.id == r.info["target_group"]
        ws.write_string(row, 2, MARK(lang) if mine else "", f["flag"] if mine else f["label"])
        marks.append(mine)
        row += 1
    _count_chart(r, ws, first, row - 1, marks, r.t("Botilbud efter primær målgruppe", "Facilities by target group"),
                 first - 2, "bar")
    fm.print_setup(ws, r.title, lang)


def _count_chart(r, ws, first: int, last: int, marks: list[bool], title: str, at_row: int, kind: str) -> None:
    name = r.names["status"]
    c = chart(r, kind, title)
    c.add_series({"name": title, "categories": [name, first, 0, last, 0], "values": [name, first, 1, last, 1],
                  "gap": 50, "fill": {"color": "#9DC3E6"},
                  "points": [{"fill": {"color": fm.OWN_COLOUR if mine else "#9DC3E6"}} for mine in marks],
                  "data_labels": {"value": True, "font": {"size": 9}}})
    c.set_legend({"none": True})
    value_axis = axis(r.t("botilbud", "facilities"), num_format="0", min=0)
    if kind == "bar":
        c.set_x_axis(value_axis)
        c.set_y_axis({"reverse": True, "num_font": {"size": 9}})
    else:
        c.set_y_axis(value_axis)
        c.set_x_axis({"name": r.t("pladser", "places"), "name_font": {"size": 9, "bold": False},
                      "num_font": {"size": 9}})
    c.set_size({"width": 560, "height": 250})
    ws.insert_chart(at_row, 4, c, {"x_offset": 4, "object_position": 3})


# -- Lignende tilbud: the 5 most similar ------------------------------------------------------------------
P_NAME, P_GROUP, P_DISTANCE, P_CLOSENESS, P_REASONS = range(5)


def reasons(r, explanation: list[dict], peer: str, same_group: bool) -> str:
    """Why a peer is similar, in bands: its target group and the (at most two) features where it is nearest.

    The peer is anonymous, so no reason states its size or shares or the exact difference to the reader's.
    ``explanation`` is the matcher's explanation as records (plain Python: five peers' filtering
    and sorting in pandas was a sixth of a report's CPU).
    """
    rows = [item for item in explanation if item["peer"] == peer and item["weight"] > 0 and _noticeable(item)]
    rows = sorted(rows, key=lambda item: (math.isnan(item["contribution"]), item["contribution"], item["feature"]))
    parts = [r.t("samme målgruppe", "same target group")] if same_group else []
    said = 0
    for item in rows:
        band = similarity_band(item["feature"], item["value"], item["peer_value"])
        if band is None or said == 2:
            continue
        said += 1
        if item["feature"] == "places":
            parts.append(r.t("lignende størrelse", "similar size") if band == "similar"
                         else r.t("nogenlunde samme størrelse", "roughly the same size"))
        else:
            level = item["feature"].split("_")[1]
            parts.append(r.t(f"lignende andel borgere på VUM {level}", f"a similar share of citizens at VUM {level}")
                         if band == "similar" else
                         r.t(f"nogenlunde samme andel borgere på VUM {level}",
                             f"roughly the same share of citizens at VUM {level}"))
    if not parts:
        parts.append(r.t("den nærmeste samlede profil i runden", "the nearest overall profile in the round"))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _noticeable(item: dict) -> bool:
    """Only levels where one of the two has a noticeable share are worth saying; size always is."""
    if item["feature"] == "places":
        return True
    value, peer_value = item["value"], item["peer_value"]
    return not (math.isnan(value) or math.isnan(peer_value)) and max(value, peer_value) >= 0.10


def write_peers(r) -> None:
    from engine.benchmarks.botilbud.report_common import CLUSTER, OWN, choice_label, finite, peers_label
    ws, f, lang, p = r.ws["peers"], r.f, r.lang, r.params
    for col, width in enumerate((24, 30, 11, 14, 80)):
        ws.set_column(col, col, width)
    r.heading(ws, r.t(f"De {p.n_peers} mest lignende tilbud – {r.name}", f"The {p.n_peers} most similar facilities – "
                                                                     f"{r.name}"), r.t(
        "Tilbuddene er fundet ud fra borgernes støttebehov (andel borgere på hvert VUM-niveau), antal pladser og "
        "primær målgruppe. Afstanden er 0 for to tilbud med samme profil; jo mindre, jo mere ens. Tilbuddene er "
        "anonyme, medmindre de har givet samtykke.",
        "The facilities are found from the citizens' support needs (share of citizens at each VUM level), the number "
        "of places and the primary target group. The distance is 0 for two facilities with the same profile; the "
        "smaller, the more alike. The facilities are anonymous unless they have consented."), 4)
    row = 3
    if not r.matched:
        ws.merge_range(row, 0, row, 4, r.t(f"Runden har for få tilbud til at finde de {p.n_peers} mest lignende "
                                           f"(mindst {p.n_peers + 1}).",
                                           f"The round has too few facilities to find the {p.n_peers} most similar "
                                           f"(at least {p.n_peers + 1})."), f["flag"])
        fm.print_setup(ws, r.title, lang)
        return
    headers = (Text("Tilbud", "Facility"), Text("Primær målgruppe", "Primary target group"),
               Text("Afstand", "Distance"), Text("Nærhed", "Closeness"),
               Text("Hvorfor de ligner jer", "Why they are similar to yours"))
    for col, header in enumerate(headers):
        ws.write_string(row, col, header(lang), f["header_left" if col != P_DISTANCE else "header"])
    ws.set_row(row, 20)
    row += 1
    explanation = r.results.matcher.explain(r.facility).to_dict("records")
    facilities = r.results.facilities
    for item in named_rows(r.peers):
        ws.write_string(row, P_NAME, r.peer_label(item.letter, item.peer), f["label"])
        group = choice_label("target_group", facilities.loc[item.peer, "target_group"], lang)
        ws.write_string(row, P_GROUP, group, f["label"])
        ws.write_number(row, P_DISTANCE, float(item.distance), f.num("0.00"))
        ws.write_string(row, P_CLOSENESS, closeness_label(item.closeness, lang), f["label"])
        ws.write_string(row, P_REASONS, reasons(r, explanation, item.peer, bool(item.same_group)), f["text"])
        row += 1
    thresholds = r.results.matcher.closeness_thresholds_
    note = r.t(f"Nærhed: meget tæt = afstand højst {r.n(round(thresholds['very_close'], 2))}, tæt = højst "
               f"{r.n(round(thresholds['close'], 2))} (kvartilerne af alle afstande i runden), ellers mindre tæt.",
               f"Closeness: very close = distance at most {r.n(round(thresholds['very_close'], 2))}, close = at most "
               f"{r.n(round(thresholds['close'], 2))} (the quartiles of all distances in the round), else less close.")
    ws.merge_range(row, 0, row, 4, note, f["note"])
    row += 2
    # the support-need profile: own (live from the Basis sheet) against the medians
    row = r.section(ws, row, r.t("Borgernes støttebehov (andel af udredte borgere)",
                                 "The citizens' support needs (share of assessed citizens)"), 4)
    for col, header in enumerate((Text("VUM-niveau", "VUM level"), OWN, peers_label(p.n_peers), CLUSTER)):
        ws.write_string(row, col, header(lang), f["header_left" if col == 0 else "header"])
    ws.set_row(row, 44)
    header = row
    row += 1
    first = row
    own = rows_of(r.results, "needs", r.facility).sort_values("level")
    imputed = bool(r.info["need_imputed"])
    for item in named_rows(own):
        key = f"VUM-{int(item.level)}"
        ws.write_string(row, 0, f"VUM {int(item.level)}", f["label"])
        if imputed:
            ws.write_number(row, 1, float(item.share), f.num("0%"))
        else:
            r.formula(ws, row, 1, f"={r.cells[f'citizens:{key}']}/{r.cells['citizens_assessed']}", f.num("0%"),
                      item.share)
        for col, value in ((2, item.peer_median), (3, item.cluster_median)):
            if finite(value):
                ws.write_number(row, col, float(value), f.num("0%"))
            else:
                ws.write_blank(row, col, None, f.num("0%"))
        row += 1
    if imputed:
        ws.merge_range(row, 0, row, 4, r.t("Ingen borgere er udredt efter VUM: rundens gennemsnitlige profil er brugt "
                                           "til at finde lignende tilbud.",
                                           "No citizen is assessed with VUM: the round's average profile was used to "
                                           "find similar facilities."), f["flag"])
        row += 1
    name = r.names["peers"]
    c = chart(r, "column", r.t("Borgere pr. VUM-niveau", "Citizens per VUM level"))
    for label, col, colour in ((OWN(lang), 1, fm.OWN_COLOUR), (peers_label(r.params.n_peers)(lang), 2, PEERS_COLOUR),
                               (CLUSTER(lang), 3, CLUSTER_COLOUR)):
        if col == 1 or own["peer_median" if col == 2 else "cluster_median"].notna().any():
            c.add_series({"name": label, "categories": [name, first, 0, row - 1, 0],
                          "values": [name, first, col, row - 1, col], "fill": {"color": colour}, "gap": 60})
    c.set_y_axis(axis(num_format="0%", min=0))
    c.set_size({"width": 560, "height": 260})
    ws.insert_chart(header, 4, c, {"x_offset": 40, "object_position": 3})
    row = max(row + 1, header + 15)
    # the cluster
    cluster = int(r.info["cluster"])
    table = r.results.clusters.loc[cluster]
    row = r.section(ws, row, r.t("Klyngen", "The cluster"), 4)
    group = choice_label("target_group", table["target_group"], lang).lower()
    text = r.t(f"Tilbuddet er i klynge {cluster + 1} af {len(r.results.clusters)}: {int(table['n'])} tilbud i alt "
               f"(inkl. jer), oftest med målgruppen {group}",
               f"The facility is in cluster {cluster + 1} of {len(r.results.clusters)}: {int(table['n'])} facilities "
               f"in total (incl. yours), most often with the target group {group}")
    # The cluster's places and VUM level include yours: over few others, yours subtracted gives theirs.
    if p.disclosure.allows("median", int(table["n"]) - 1):
        text += r.t(f", median {r.n(round(float(table['places_median']), 1))} pladser og et gennemsnitligt VUM-niveau "
                    f"på {r.n(round(float(table['need_mean']), 1))}. Klyngens medianer beregnes uden jer.",
                    f", median {r.n(round(float(table['places_median']), 1))} places and a mean VUM level of "
                    f"{r.n(round(float(table['need_mean']), 1))}. The cluster's medians are computed without yours.")
    else:
        text += ". " + r.suppressed_note()
    ws.merge_range(row, 0, row, 4, text, f["body"])
    ws.set_row(row, fm.row_height(text, 160))
    fm.print_setup(ws, r.title, lang)


# -- Eksempler: cases for the weak indicators --------------------------------------------------------------
EXAMPLE_WIDTHS = (38, 18, 18, 24, 50, 22, 20)  # landscape A4 at 7 pt or larger (engine.report.print_layout)


def write_examples(r) -> None:
    from engine.benchmarks.botilbud.indicators import indicator
    from engine.benchmarks.botilbud.report_common import CASES_LIMIT, peers_label
    ws, f, lang = r.ws["examples"], r.f, r.lang
    widths = EXAMPLE_WIDTHS
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    r.heading(ws, r.t(f"Eksempler på indsatser – {r.name}", f"Examples of improvements – {r.name}"), r.t(
        "Cases fra KL's casekatalog for botilbud, der adresserer de indikatorer, hvor tilbuddet er markant svagere end "
        f"de {r.params.n_peers} mest lignende (arket {r.names['summary']}). Cases, der adresserer flere af dem, står "
        "først. Beskrivelserne er vores egne sammendrag; gevinsterne er katalogets.",
        "Cases from KL's case catalogue for residential care that address the indicators where the facility is "
        f"notably weaker than the {r.params.n_peers} most similar (the sheet {r.names['summary']}). Cases addressing "
        "several of them come first. The descriptions are our own summaries; the gains are the catalogue's."), 6)
    row = 3
    weak = r.rows[r.rows["weak"]]
    if weak.empty:
        text = (r.t("Tilbuddet er ikke markant svagere end de lignende tilbud på nogen indikator.",
                    "The facility is not notably weaker than the similar facilities on any indicator.")
                if r.matched else r.t("Der er ingen markeringer: runden er for lille til at sammenligne.",
                                      "There are no flags: the round is too small to compare."))
        ws.merge_range(row, 0, row, 6, text, f["note_inline"])
        fm.print_setup(ws, r.title, lang)
        return
    row = r.section(ws, row, r.t("Markant svagere på", "Notably weaker on"), 6)
    for col, header in enumerate((Text("Indikator", "Indicator"), Text("Kode", "Code"), Text("Eget tilbud", "This facility"),
                                  peers_label(r.params.n_peers))):
        ws.write_string(row, col, header(lang), f["header_left" if col < 2 else "header"])
    row += 1
    for indicator_id, item in weak.iterrows():
        declaration = indicator(indicator_id)
        code = f"{CODE_NAMES[declaration.code](lang)} ({declaration.code})"
        ws.write_string(row, 0, declaration.name(lang), f["text"])  # wraps: the columns are narrow
        ws.write_string(row, 1, code, f["text"])
        height = wrapped_row_height(((declaration.name(lang), widths[0]), (code, widths[1])))
        if height:
            ws.set_row(row, height)
        ws.write_number(row, 2, float(item["value"]), f.num(declaration.number_format))
        ws.write_number(row, 3, float(item["peer_median"]), f.num(declaration.number_format))
        row += 1
    row += 1
    codes = r.results.weak_codes(r.facility)
    found = list(r.cases(codes) or [])[:CASES_LIMIT]
    row = r.section(ws, row, r.t("Cases", "Cases"), 6)
    if not found:
        ws.merge_range(row, 0, row, 6, r.t("Kataloget har ingen cases for disse indikatorer.",
                                           "The catalogue has no cases for these indicators."), f["note_inline"])
        fm.print_setup(ws, r.title, lang)
        return
    links = _case_codes()
    headers = (Text("Case", "Case"), Text("Kommune", "Municipality"), Text("Tema", "Theme"), Text("Gevinst", "Gains"),
               Text("Beskrivelse (vores sammendrag)", "Description (our summary)"),
               ADDRESSES, Text("Kilde", "Source"))
    for col, header in enumerate(headers):
        ws.write_string(row, col, header(lang), f["header_left"])
    header_row = row
    row += 1
    for case in found:
        addressed = [code for code in codes if code in links.get(getattr(case, "case_id", ""), ())]
        values = [fm.text_of(getattr(case, attr, None), lang) for attr in ("title", "municipality", "theme", "gains",
                                                                            "summary")]
        # Each with the topic word that makes the case about it (engine.catalogue: no word, no link).
        values.append(", ".join(f"{CODE_NAMES[code](lang).lower()} («{_topic_word(case.case_id, code)}»)"
                                for code in addressed))
        values.append(fm.text_of(getattr(case, "source", None), lang))
        for col, value in enumerate(values):
            ws.write_string(row, col, value or DASH, f["text"])  # catalogue text: always a string
        ws.set_row(row, max(fm.row_height(value, width + 2) for value, width in zip(values, widths)))
        row += 1
    covered = {code for case in found for code in links.get(getattr(case, "case_id", ""), ())}
    if missing := [CODE_NAMES[code](lang).lower() for code in codes if code not in covered]:
        ws.merge_range(row + 1, 0, row + 1, 6, r.t("Ingen af eksemplerne handler om: ", "None of the examples is "
                                                   "about: ") + ", ".join(missing) + ".", f["note_inline"])
    fm.print_setup(ws, r.title, lang, repeat_row=header_row)


def _topic_word(case_id: str, code: str) -> str | None:
    from engine.catalogue import load_catalogue
    return load_catalogue().why_linked(case_id, "botilbud", code)


def _case_codes() -> dict[str, set[str]]:
    """Case id -> the botilbud catalogue codes linked to it."""
    from engine.catalogue import load_catalogue
    result: dict[str, set[str]] = {}
    for code, case_ids in load_catalogue().links("botilbud").items():
        for case_id in case_ids:
            result.setdefault(case_id, set()).add(code)
    return result
