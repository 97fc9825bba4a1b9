"""Validation and findings: typed checks (``checks``, ``located``), whole workbooks (``validate``,
``records``), findings as data with stable codes (``issues``, ``issue_catalogue``), annotated copies
(``annotate``), console and JSON output (``console``) and the validated values (``submission``)."""
