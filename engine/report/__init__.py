"""Report workbooks (XlsxWriter lives here and in :mod:`engine.templates` only).

- :mod:`engine.report.administration`: the per-municipality comparison workbook and the
  consultant's overview of a round;
- :mod:`engine.report.formats`: the house style (formats, colour scales, print set-up) they share.

Nothing is imported here, so ``import engine.report`` stays cheap for the CLI.
"""
