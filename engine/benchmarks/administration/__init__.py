"""The administration benchmark: finance and HR processes scored for centralisation and digitalisation.

- ``declaration.py`` the workbook (one sheet per area, processes from ``data/``) and its rules;
- ``compute.py`` peers, deviations, flags and potentials;
- ``report.py`` the municipality's workbook (sheets in ``report_*.py``), ``overview.py`` the consultant's;
- ``synthetic.py`` plausible municipalities for the demo.
"""

from engine.benchmarks.base import Benchmark

BENCHMARK = Benchmark(
    id="administration",
    package=__name__,
    declarations={"administration": "declaration:DOMAIN"},
    domain="administration",
    compute="compute:load_round",
    parameters="compute:AdministrationParameters",
    report="report:write_participant_report",
    overview="overview:write_overview",
    participants="participants",
    name_column="name",
    synthetic="synthetic:administration_values",
    method="docs/method.md, administration",
    prepare_reports="report:prepare_round",
)
