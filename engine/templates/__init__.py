"""Declaration → workbook: the template writer (``writer``; record sheets in ``records``), the cell
layout shared with the reader (``layout``) and prefilled templates (``prefill``). XlsxWriter lives here
and in :mod:`engine.report` only."""
