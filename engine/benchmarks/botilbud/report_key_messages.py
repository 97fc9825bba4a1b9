"""Page one of the facility's workbook: how many indicators are weaker, productivity, time use and
staffing against the median of the 5 most similar, in live sentences, and one chart.

The sentences are formulas over the summary sheet (its own values are formulas over the inputs,
its flags formulas over ``weakness_threshold``), built with :class:`engine.report.key_messages.Sentence`.
Written last, after the sheets they read; placed first.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_range_abs, xl_rowcol_to_cell

from engine.benchmarks.botilbud.indicators import INDICATORS, indicator
from engine.benchmarks.botilbud.report_common import OWN, WEAK, most_similar, peers_label
from engine.report.trend_sheet import SHEET as TREND_SHEET
from engine.report.key_messages import KeyChart, Message, Sentence, write_key_messages

TIME_SHARES = ("user_share", "direct_share", "documentation_share")
STAFFING = ("staff_per_citizen_weekday", "staff_per_citizen_weekend")


def write_key_messages_sheet(r) -> None:
    """Write the key-messages sheet of the facility report ``r`` (:class:`~engine.benchmarks.botilbud.report.FacilityReport`)."""
    n_peers = r.params.n_peers
    intro = r.t(
        f"Det vigtigste fra benchmarkingen {r.results.year} for {r.name}. Tilbuddet sammenlignes med medianen for "
        f"de {n_peers} botilbud, der ligner det mest (n = {n_peers}); tallene og forklaringerne står på de ark, "
        "der henvises til.",
        f"The main points of the {r.results.year} benchmark for {r.name}. The facility is compared with the median "
        f"of the {n_peers} facilities most similar to it (n = {n_peers}); the figures and their explanation are on "
        "the sheets referred to.")
    messages = [_weak_message(r)]
    if r.has_time:
        messages += [m for m in (_compare_message(r, "user_hours_per_1000_dkk", 2, "productivity"),
                                 _compare_message(r, "direct_share", 1, "time", percent=True)) if m]
    else:
        refused = bool(r.info.get("time_registration_refused", False))
        messages.append(Message(r.t(
            f"Tidsregistreringen er {'afvist (den havde fejl)' if refused else 'ikke modtaget'}: produktivitet, "
            "tidsforbrug og dokumentation kan ikke beregnes.",
            f"The time registration was {'refused (it had errors)' if refused else 'not received'}: productivity, "
            "time use and documentation cannot be computed."),
            None, r.names["summary"]))
    messages += [m for m in (_compare_message(r, "staff_per_citizen_weekday", 2, "staffing"), _gap_message(r)) if m]
    messages.append(Message(r.t("Eksempler fra KL's casekatalog for de indikatorer, hvor tilbuddet er markeret.",
                                "Examples from KL's case catalogue for the indicators where the facility is flagged."),
                            None, r.names["examples"]))
    closing = r.t(
        f"Sætningerne er formler over arket {r.names['summary']}, hvis tal er formler over tilbuddets egne svar og "
        f"parametrene på arket {r.names['method']}: ændres en parameter, følger de med, når arbejdsbogen regnes om.",
        f"The sentences are formulas over the sheet {r.names['summary']}, whose figures are formulas over the "
        f"facility's own answers and the parameters on the sheet {r.names['method']}: change a parameter and they "
        "follow when the workbook recalculates.")
    if r.trend_sentence is not None:  # engine.report.trend_sheet: the change since last round
        messages.append(r.trend_sentence.message(TREND_SHEET(r.lang)))
    r.formula_count += write_key_messages(r, r.ws["key"], r.title, intro, messages, _chart(r), closing)


def _cell(r, row: int, col: int) -> str:
    return f"{r.q['summary']}!{xl_rowcol_to_cell(row, col, True, True)}"


def _weak_message(r) -> Message:
    lang = r.lang
    if not r.matched:
        return Message(r.t(f"Der er for få tilbud i runden til at finde {most_similar(r.params.n_peers).da}: tilbuddets egne tal vises, "
                           "men ingen sammenligning.",
                           f"There are too few facilities in the round to find {most_similar(r.params.n_peers).en}: the facility's own "
                           "figures are shown, but no comparison."), None, r.names["summary"])
    rows = [row for row, _own, _compared in r.summary_cells.values()]
    flags = f"{r.q['summary']}!{xl_range_abs(min(rows), r.C_FLAG, max(rows), r.C_FLAG)}"
    weak_label = WEAK(lang)
    # An indicator whose median is 0 cannot be flagged (compute.weak_flags), so it is not counted either.
    flaggable = [item for item in INDICATORS if item.flaggable and r.summary_cells[item.id][2]
                 and float(r.rows.loc[item.id, "peer_median"]) != 0]
    weak = sum(bool(r.rows.loc[item.id, "weak"]) for item in flaggable)
    s = Sentence().text(r.t(f"Tilbuddet er markant svagere end medianen for {most_similar(r.params.n_peers).da} på ",
                            f"The facility is notably weaker than the median of {most_similar(r.params.n_peers).en} on "))
    count = f'SUMPRODUCT(--({flags}="{weak_label}"))'
    s.expression(count, str(weak))
    s.text(r.t(f" af de {len(flaggable)} indikatorer, der kan markeres",
               f" of the {len(flaggable)} indicators that can be flagged"))
    # Which ones, live from the same flags: "; name" per flagged indicator, the first "; " cut off.
    # Names are joined by semicolons because some hold a comma ("Personale pr. borger til stede, weekend").
    names = "&".join(f'IF({_cell(r, r.summary_cells[item.id][0], r.C_FLAG)}="{weak_label}",'
                     f'"; {_quoted(item.name(lang))}","")' for item in flaggable)
    weak_names = [item.name(lang) for item in flaggable if bool(r.rows.loc[item.id, "weak"])]
    if flaggable:
        s.expression(f'IF({count}>0,": "&MID({names},3,2000),"")', ": " + "; ".join(weak_names) if weak_names else "")
    s.text(".")
    return s.message(r.names["summary"])


def _quoted(text: str) -> str:
    return text.replace('"', '""')


def _compare_message(r, indicator_id: str, decimals: int, sheet: str, percent: bool = False) -> Message | None:
    """'<indicator>: own against the median of the 5 most similar (n = 5); better is higher.'"""
    row, own_ok, compared = r.summary_cells[indicator_id]
    if not compared:
        return None
    lang, item, data = r.lang, indicator(indicator_id), r.rows.loc[indicator_id]
    scale, unit = (100, " %") if percent else (1, "")
    s = Sentence().text(f"{item.name(lang)}: ")
    s.number(f"{_cell(r, row, r.C_OWN)}*{scale}", float(data["value"]) * scale, decimals, lang).text(unit)
    if not percent:
        s.text(f" {item.unit(lang)}")
    s.text(r.t(" mod medianen ", " against the median of "))
    s.number(f"{_cell(r, row, r.C_PEERS)}*{scale}", float(data["peer_median"]) * scale, decimals, lang).text(unit)
    better = {"higher": r.t("; højere er bedre", "; higher is better"),
              "lower": r.t("; lavere er bedre", "; lower is better")}.get(item.better, "")
    s.text(f" (n = {int(data['peer_n'])}){better}.")
    return s.message(r.names[sheet])


def _gap_message(r) -> Message | None:
    row, own_ok, _compared = r.summary_cells["gap_fte"]
    if not own_ok or not r.matched:
        return None
    lang, data, own = r.lang, r.rows.loc["gap_fte"], _cell(r, row, r.C_OWN)
    above = Sentence().text(r.t("Normeringen ligger ", "Staffing is "))
    above.number(own, float(data["value"]), 1, lang)
    n = r.params.n_peers
    above.text(r.t(f" årsværk over de {n} mest lignendes (time for time, hverdage og weekender).",
                   f" FTE above that of the {n} most similar (hour by hour, weekdays and weekends)."))
    level = r.t(f"Normeringen ligger ikke over de {n} mest lignendes (time for time, hverdage og weekender).",
                f"Staffing is not above that of the {n} most similar (hour by hour, weekdays and weekends).")
    gap = round(float(data["value"]), 1) > 0
    s = Sentence().expression(f'IF(ROUND({own},1)>0,{above.formula[1:]},"{level}")', above.cached if gap else level)
    return s.message(r.names["staffing"])


def _chart(r) -> KeyChart | None:
    """Own against the median of the 5 most similar: the shares of time, or staffing without time data."""
    lang = r.lang
    ids = TIME_SHARES if r.has_time else STAFFING
    ids = [i for i in ids if r.summary_cells[i][2]]
    if not ids:
        return None
    rows = []
    for indicator_id in ids:
        row = r.summary_cells[indicator_id][0]
        data = r.rows.loc[indicator_id]
        rows.append((indicator(indicator_id).name(lang), [("=" + _cell(r, row, r.C_OWN), float(data["value"])),
                                                           ("=" + _cell(r, row, r.C_PEERS), float(data["peer_median"]))]))
    if r.has_time:
        title = r.t("Hvad tiden bruges til", "What the time is used for")
        return KeyChart(title, [OWN(lang), peers_label(r.params.n_peers)(lang)], rows, "0%", r.t("andel af registreret tid",
                                                                           "share of registered time"),
                        note=r.t("Brugerrettet og direkte tid: højere er bedre; dokumentation: lavere er bedre.",
                                 "User-oriented and direct time: higher is better; documentation: lower is better."))
    return KeyChart(r.t("Personale pr. borger til stede", "Staff per citizen present"), [OWN(lang), peers_label(r.params.n_peers)(lang)],
                    rows, "0.00", r.t("medarbejdere pr. borger", "staff per citizen"), better="lower")
