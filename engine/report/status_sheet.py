"""The round status as rows of an XlsxWriter worksheet, for the consultant's overview workbooks.

The status comes from ``engine.status.model.round_status`` (the ``run`` face attaches it to the
round's results as ``round_status``); this module reads it through its attributes and ``describe``/
``summary`` methods only, so the report toolkit stays below the faces.

One row per participant: id, name, the state of each document (coloured: received green,
replaced blue, refused red, missing grey, errors across documents orange), the errors of a refused
file, whether the participant was expected, the file names and, where the benchmark checks across a
participant's documents (jobcenter), those findings. The caller chooses the sheet and where the table starts, so an
overview can put the status on a sheet of its own or below its other tables.
"""

from __future__ import annotations

from engine.report import formats as fm
from engine.text import Text

STATE_FILLS = {"received": "#C6EFCE", "replaced": "#DDEBF7", "refused": "#FFC7CE", "missing": "#EDEDED",
               "inconsistent": "#FCE4D6"}
STATE_FONTS = {"received": "#006100", "replaced": "#1F4E78", "refused": "#9C0006", "missing": "#595959",
               "inconsistent": "#833C0B"}
HEADER_FILL = "#1F4E78"


def add_status_sheet(workbook, status, title: str, lang: str) -> None:
    """A sheet "Indsendelser" with the round's status, when the run attached one (``None``: no sheet)."""
    if status is None:
        return
    ws = workbook.add_worksheet(Text("Indsendelser", "Submissions")(lang))
    below = write_status_rows(workbook, ws, status, 0, 0, lang)
    ws.freeze_panes(2, 2)
    fm.print_setup(ws, title, lang, repeat_row=1)
    # The file names (last columns) stay on screen but off the printout: the states, names and
    # findings print large enough to read.
    ws.print_area(0, 0, below - 1, printed_columns(status.spec) - 1)


def printed_columns(spec) -> int:
    """Participant, name, state, the documents, errors, expected and, where checked, the findings."""
    return 3 + len(spec.documents) + 2 + (getattr(spec, "checks", None) is not None)


def write_status_rows(workbook, ws, status, first_row: int = 0, first_col: int = 0,
                      lang: str = "da") -> int:
    """Write the summary line, a header and one row per participant; return the first row below the table.

    Columns: participant, name, state, one per document, errors of a refused file, expected, the
    findings across documents (where the benchmark checks them), then one file column per document.
    Rows are as tall as their longest wrapped cell (a library-written row does not grow by itself).
    """
    base = {"font_name": "Calibri", "font_size": 11, "valign": "top", "border": 1, "border_color": "#BFBFBF",
            "text_wrap": True}
    header = workbook.add_format({**base, "bold": True, "font_color": "white", "bg_color": HEADER_FILL,
                                  "border_color": "white"})
    text = workbook.add_format(base)
    count = workbook.add_format({**base, "num_format": "0"})
    summary = workbook.add_format({"font_name": "Calibri", "font_size": 11, "bold": True})
    state_format = {state: workbook.add_format({**base, "bg_color": fill, "font_color": STATE_FONTS[state]})
                    for state, fill in STATE_FILLS.items()}
    spec = status.spec
    checked = getattr(spec, "checks", None) is not None
    ws.write_string(first_row, first_col, status.summary(lang), summary)
    row = first_row + 1
    headers = [spec.participant_label(lang), Text("Navn", "Name")(lang), Text("Status", "Status")(lang)]
    headers += [d.label(lang) for d in spec.documents]
    headers += [Text("Fejl i afvist fil", "Errors in refused file")(lang), Text("Forventet", "Expected")(lang)]
    widths = [10, 24, 14] + [26] * len(spec.documents) + [9, 10]
    if checked:
        headers.append(Text("Fejl på tværs af skabelonerne", "Errors across the templates")(lang))
        widths.append(60)
    printed = len(headers)
    headers += [Text(f"Fil: {d.label.da.lower()}", f"File: {d.label.en.lower()}")(lang) for d in spec.documents]
    widths += [30] * len(spec.documents)
    for offset, title in enumerate(headers):
        ws.write_string(row, first_col + offset, title, header)
    ws.set_row(row, max(fm.row_height(title, width - 1) for title, width in zip(headers, widths)))
    for offset, width in enumerate(widths):
        ws.set_column(first_col + offset, first_col + offset, width)
    expected_text = {True: Text("ja", "yes")(lang), False: Text("nej", "no")(lang), None: "–"}
    for participant in status.participants:
        row += 1
        cells = [(participant.participant, text), (participant.name, text),
                 (participant.describe(lang), state_format[participant.state])]
        cells += [(document.describe(lang), state_format[document.state]) for document in participant.documents]
        cells += [(participant.errors or None, count), (expected_text[participant.expected], text)]
        if checked:
            cells.append(("\n".join(f"{issue.place}: {issue.message(lang)}" for issue in participant.findings), text))
        cells += [("\n".join((document.file_name or "").split(", ")), text) for document in participant.documents]
        for offset, (value, fmt) in enumerate(cells):
            if value is None:
                ws.write_blank(row, first_col + offset, None, fmt)
            elif isinstance(value, int):
                ws.write_number(row, first_col + offset, value, fmt)
            else:
                ws.write_string(row, first_col + offset, value, fmt)
        # As tall as the printed cells need; the file names off the printout may wrap out of sight.
        ws.set_row(row, max(fm.row_height(value, width - 1) for (value, _), width in zip(cells[:printed], widths)
                            if isinstance(value, str)))
    last_col = first_col + len(headers) - 1
    if status.participants:
        ws.autofilter(first_row + 1, first_col, row, last_col)
    for refusal in status.unidentified:
        row += 1
        ws.write_string(row, first_col, "?", text)
        ws.write_string(row, first_col + 1, Text("ukendt deltager", "unknown participant")(lang), text)
        ws.write_string(row, first_col + 2, Text("afvist", "refused")(lang), state_format["refused"])
        ws.write_number(row, first_col + 3 + len(spec.documents), refusal.errors, count)
        ws.write_string(row, first_col + printed, refusal.file_name, text)
    return row + 1
