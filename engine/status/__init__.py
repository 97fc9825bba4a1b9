"""Where a round stands, per participant: received, replaced, refused or missing.

``model`` puts the status together from the store (submissions and the refusals recorded by
``ingest``) and the expected participants; ``console`` prints it for ``kommunebench status``;
``sheet`` writes it as rows of an overview worksheet. A face, like ``run``: it uses the store and
the benchmarks' declarations.
"""
