"""Report workbooks (XlsxWriter lives here and in :mod:`engine.templates.writer` only).

- :mod:`engine.benchmarks.administration.report`: the per-municipality comparison workbook and the
  consultant's overview of a round;
- :mod:`engine.report.formats`: the house style (formats, colour scales, print set-up) they share.

Nothing is imported here, so ``import engine.report`` stays cheap for the CLI.
"""
