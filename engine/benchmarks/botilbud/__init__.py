"""The residential care (botilbud) benchmark: a leader's questionnaire and a staff time registration.

- ``questionnaire.py`` / ``time_registration.py`` the two workbooks (their prose in ``*_text.py``),
  ``rules.py`` the questionnaire's cross-field rules;
- ``frames.py`` store rows → frames, ``indicators.py`` the indicators, ``compute.py`` peers, cluster, flags;
- ``report.py`` the facility's workbook (sheets in ``report_*.py``), ``overview.py`` the consultant's;
- ``synthetic.py`` plausible facilities for the demo.
"""

from engine.benchmarks.base import Benchmark

BENCHMARK = Benchmark(
    id="botilbud",
    package=__name__,
    declarations={"botilbud": "questionnaire:DOMAIN", "botilbud_tid": "time_registration:DOMAIN"},
    domain="botilbud",
    compute="compute:load_botilbud_round",
    parameters="compute:BotilbudParameters",
    report="report:write_facility_report",
    overview="report:write_botilbud_overview",
    participants="facilities",
    name_column="facility_name",
    synthetic="synthetic:draw_round",
    method="docs/method.md, botilbud",
    prepare_reports="report:prepare_round",
)
