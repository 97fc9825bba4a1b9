"""The report toolkit (XlsxWriter lives here, in :mod:`engine.templates` and in the benchmarks' report modules).

- :mod:`engine.report.formats`: the house style (formats, colour scales, print set-up), live formulas
  with cached results, named parameter cells and the consultant-only header, shared by every
  benchmark's report and overview (``engine/benchmarks/<id>/report*.py``, ``overview.py``).

Nothing is imported here, so ``import engine.report`` stays cheap for the CLI.
"""
