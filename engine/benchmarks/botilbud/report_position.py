"""The summary sheet's spread columns: the other facilities' quartiles and the facility's quarter among them.

The five matched peers are too few for quartiles under the disclosure policy (2 × ``min_group``), so
the spread is that of all *other* facilities of the round with a value (docs/method.md, "Comparison,
suppression, flags"); with 5–9 others only their median and the half are shown. The flag's spread
condition, beyond the worse quartile (or the median), reads these cells.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_rowcol_to_cell

from engine.benchmarks.botilbud.indicators import Indicator
from engine.report.formats import DASH, finite
from engine.report.position import HIDDEN, band_formula, band_text, worse_band_formula
from engine.text import Text

C_Q1, C_MEDIAN, C_Q3, C_POSITION = 9, 10, 11, 12  # right of the indicator table's code column
WIDTHS = (11, 11, 11, 20)
HEADERS = (Text("Nedre kvartil, alle øvrige tilbud", "Lower quartile, all other facilities"),
           Text("Median, alle øvrige tilbud", "Median, all other facilities"),
           Text("Øvre kvartil, alle øvrige tilbud", "Upper quartile, all other facilities"),
           Text("Placering blandt alle øvrige tilbud", "Position among all other facilities"))


def write_position(r, ws, row: int, item: Indicator, data, own_ok: bool) -> str | None:
    """The round's statistics and the band of one indicator's row; the flag's spread condition (None: none).

    With quartiles (at least 2 × ``min_group`` others) the three statistics and the quarter; with only the
    median (``min_group`` to 2 × ``min_group`` − 1 others) the median, the half and "–" for the quartiles;
    the spread condition is then beyond the median on the worse side (engine.report.position.in_worse_band).
    """
    fmt = r.f.num(item.number_format)
    median_shown = finite(data["round_median"])
    quartiles = finite(data["round_q1"]) and finite(data["round_q3"]) and median_shown
    for col, key in ((C_Q1, "round_q1"), (C_MEDIAN, "round_median"), (C_Q3, "round_q3")):
        if quartiles or (median_shown and key == "round_median"):
            ws.write_number(row, col, float(data[key]), fmt)
        else:
            ws.write_string(row, col, DASH, r.f["dash"])
    own, q1, median, q3 = (xl_rowcol_to_cell(row, col) for col in (r.C_OWN, C_Q1, C_MEDIAN, C_Q3))
    code = int(data["band"])
    if own_ok and code != HIDDEN and median_shown:
        formula = band_formula(own, q1, median, q3, str(int(data["round_n"])), r.lang, quartiles)
        r.formula(ws, row, C_POSITION, formula, r.f["label"], band_text(code, int(data["round_n"]), r.lang))
    else:
        ws.write_string(row, C_POSITION, DASH, r.f["dash"])
    if not item.flaggable:
        return None
    shown = "quartiles" if quartiles else "median" if median_shown else ""
    return worse_band_formula(own, q1, median, q3, "above" if item.better == "lower" else "below", shown)
