"""The jobcenter benchmark (BDO's method): FTE and konto 5 resources per target group against results.

- ``codes.py`` the target groups, tasks, tools and staff groups; ``inputs.py`` the contract between
  the input side and the computation (:class:`~engine.benchmarks.jobcenter.inputs.JobcenterInputs`);
- the workbooks: ``staff_list.py``, ``allocation.py`` (one per department), ``konto5.py`` (shared
  fields in ``fields.py``, instructions in ``texts.py``); ``prefill.py`` per department and from the
  consultant's accounts CSV; ``register.py`` the consultant's register file;
- ``crosscheck.py`` the checks across a municipality's workbooks, ``store_inputs.py`` the stored round
  as the contract's frames, ``status.py`` the round status;
- ``compute.py``, ``expected.py``, ``parameters.py`` the computation, ``report*.py`` the workbooks;
- ``synthetic.py`` the synthetic truth, ``workbook_values.py`` its workbooks, ``demo.py`` the demo round.
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
    across="crosscheck:check_results",
)
