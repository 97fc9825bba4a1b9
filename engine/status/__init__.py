"""Where a round stands, per participant: received, replaced, refused or missing.

``model`` puts the status together from the store (submissions and the refusals recorded by
``ingest``) and the expected participants; ``console`` prints it for ``kommunebench status``; the
overviews show it on a sheet of their own (``engine.report.status_sheet``; ``run`` attaches it to the
round's results). A face, like ``run``: it uses the store and
the benchmarks' declarations.
"""
