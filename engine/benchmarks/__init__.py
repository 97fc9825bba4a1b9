"""The benchmarks kommunebench knows: one package each, one line each in :data:`PACKAGES`.

A package exports ``BENCHMARK`` (:class:`engine.benchmarks.base.Benchmark`). Packages are imported
on first use and import nothing heavy themselves, so listing ids stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.benchmarks.base import Benchmark
    from engine.spec import Domain

# The registry. A new benchmark is a new folder plus one line here.
PACKAGES = {
    "administration": "engine.benchmarks.administration",
    "botilbud": "engine.benchmarks.botilbud",
    "jobcenter": "engine.benchmarks.jobcenter",
}

BENCHMARK_IDS = tuple(PACKAGES)


@cache
def get_benchmark(benchmark_id: str) -> Benchmark:
    """The benchmark ``benchmark_id``.

    >>> get_benchmark("administration").domain
    'administration'
    """
    try:
        package = PACKAGES[benchmark_id]
    except KeyError:
        raise KeyError(f"unknown benchmark {benchmark_id!r}; known: {', '.join(BENCHMARK_IDS)}") from None
    return importlib.import_module(package).BENCHMARK


def _owners() -> dict[str, str]:
    """Template (domain) id -> the benchmark whose package declares it."""
    return {domain_id: benchmark_id for benchmark_id in BENCHMARK_IDS
            for domain_id in get_benchmark(benchmark_id).declarations}


DOMAIN_IDS = tuple(_owners())


@cache
def get_domain(domain_id: str) -> Domain:
    """The declaration of a template (domain).

    >>> get_domain("administration").id
    'administration'
    """
    owner = _owners().get(domain_id)
    if owner is None:
        raise KeyError(f"unknown benchmark domain {domain_id!r}; known: {', '.join(DOMAIN_IDS)}")
    return get_benchmark(owner).declaration(domain_id)
