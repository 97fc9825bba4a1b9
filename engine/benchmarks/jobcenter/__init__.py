"""The jobcenter benchmark (BDO's method): FTE and konto 5 resources per target group against results.

- ``codes.py`` the dimensions (target groups, tasks, tools, staff groups, framework conditions) and
  ``inputs.py`` the contract between the input side and the computation;
- ``staff_list.py``, ``allocation.py``, ``konto5.py`` the three workbooks (``fields.py``, ``texts.py``),
  ``prefill.py`` the prefilled department and konto 5 templates, ``register.py`` the register file,
  ``crosscheck.py`` the checks across a municipality's workbooks, ``status.py`` the round status,
  ``store_inputs.py`` the stored round as the contract's frames;
- ``compute.py`` unit costs, comparisons and peers, ``expected.py`` the leave-one-out model of the
  expected support rate, ``parameters.py`` the method's settings;
- ``report.py`` the municipality's workbook (sheets in ``report_*.py``), ``report_overview.py`` the
  consultant's;
- ``synthetic.py`` a plausible round, ``demo.py`` the demo's jobcenter part.
"""

from engine.benchmarks.base import Benchmark

BENCHMARK = Benchmark(
    id="jobcenter",
    package=__name__,
    declarations={"jobcenter_staff": "staff_list:DOMAIN", "jobcenter_fte": "allocation:DOMAIN",
                  "jobcenter_konto5": "konto5:DOMAIN"},
    domain="jobcenter_staff",
    compute="compute:load_jobcenter_round",
    parameters="parameters:JobcenterParameters",
    report="report:write_municipality_report",
    overview="report:write_jobcenter_overview",
    participants="municipalities",
    name_column="name",
    synthetic="synthetic:draw_round",
    method="docs/method.md, jobcenter",
)
