"""The report toolkit (XlsxWriter lives here, in :mod:`engine.templates` and in the benchmarks' report modules).

- :mod:`engine.report.formats`: the house style (formats, colour scales, print set-up), live formulas
  with cached results, named parameter cells and the consultant-only header, shared by every
  benchmark's report and overview (``engine/benchmarks/<id>/report*.py``, ``overview.py``).
- :mod:`engine.report.worksheet`: XlsxWriter's workbook and worksheet with cheaper inner loops
  (formula preparation, cell XML); the files are byte for byte XlsxWriter's, except that a chart
  caches no point for a cell that holds no number (a gap, not XlsxWriter's 0).
- :mod:`engine.report.disclosure`: the disclosure policy (which statistics of the others, from which
  group size; ``min_group`` from each benchmark's parameters); :mod:`engine.report.chart_data`: the
  cells a chart reads, a number or #N/A, so a suppressed value is a gap.
- :mod:`engine.report.rounds`: what all reports of a round share, prepared on the first report
  (``per_round``, ``rows_of``); :mod:`engine.report.frames`: frame rows without pandas' per-call cost;
  :mod:`engine.report.collector`: the garbage collector paused while a report is written.

Nothing is imported here, so ``import engine.report`` stays cheap for the CLI.
"""
