"""What the rest of the engine knows about a benchmark: one small, typed object per package.

Each benchmark package (``engine/benchmarks/<id>/__init__.py``) exports ``BENCHMARK``, a
:class:`Benchmark`. It names its parts as ``"module:attribute"`` references *relative to the
package*, so importing the package (and the registry) costs nothing: pandas, the declarations and
XlsxWriter are imported only when a part is used. The object is frozen and made of strings, so it
also travels to worker processes unchanged.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.spec import Domain


@dataclass(frozen=True)
class Benchmark:
    """One benchmark system: how its workbooks are declared, computed, reported and demonstrated.

    >>> from engine.benchmarks import get_benchmark
    >>> get_benchmark("botilbud").declarations["botilbud_tid"]
    'time_registration:DOMAIN'
    """

    id: str
    package: str  # "engine.benchmarks.<id>"; every reference below is relative to it
    declarations: dict[str, str]  # template (domain) id -> "module:DOMAIN" declaring its workbook
    domain: str  # the declaration whose stored submissions define the round's participants
    compute: str  # "module:function(store, year, params) -> results"
    parameters: str  # "module:Class": keyword defaults, ``Class.from_toml(path)`` for a round's overrides
    report: str  # "module:function(results, participant, path, lang) -> path"
    overview: str  # "module:function(results, path, lang) -> path"
    participants: str  # attribute of the results: a frame indexed by participant
    name_column: str  # column of that frame naming the participant (report file names)
    synthetic: str  # "module:function" drawing a synthetic round for the demo and the benchmarks/ scripts
    method: str  # where the method is explained, for people: a section of docs/method.md
    # "module:function(results)": checks across one participant's several workbooks (a jobcenter's staff
    # list against its departments' allocations), adding located findings to the validated files.
    across: str | None = None
    # "module:function(results)": builds what every report of a round shares (its per-round caches), so
    # that a process pool forked afterwards inherits it instead of each worker building it again.
    prepare_reports: str | None = None

    def load(self, reference: str) -> Any:
        """The object a relative ``"module:attribute"`` reference names (imports the module)."""
        module, name = reference.split(":")
        return getattr(importlib.import_module(f"{self.package}.{module}"), name)

    def declaration(self, domain_id: str) -> Domain:
        return self.load(self.declarations[domain_id])

    def load_parameters(self, config: Path | None = None):
        parameters = self.load(self.parameters)
        return parameters.from_toml(config) if config else parameters()

    def compute_round(self, store, year: int, params):
        return self.load(self.compute)(store, year, params)

    def write_report(self, results, participant: str, path: Path, lang: str = "da") -> Path:
        return self.load(self.report)(results, participant, path, lang)

    def write_overview(self, results, path: Path, lang: str = "da") -> Path:
        return self.load(self.overview)(results, path, lang)

    def prepare_round_reports(self, results) -> None:
        """Import the report writers and build the round's shared report data in this process."""
        self.load(self.report)
        self.load(self.overview)
        if self.prepare_reports:
            self.load(self.prepare_reports)(results)
