"""The benchmark domains kommunebench knows, looked up by template id."""

from __future__ import annotations

import importlib
from functools import cache

from engine.spec import Domain

# Module per domain; imported on first use so start-up stays light.
_MODULES = {
    "administration": "engine.domains.administration",
    "botilbud": "engine.domains.botilbud",
    "botilbud_tid": "engine.domains.botilbud_tid",
    "jobcenter_staff": "engine.benchmarks.jobcenter.staff_list",
    "jobcenter_fte": "engine.benchmarks.jobcenter.allocation",
    "jobcenter_konto5": "engine.benchmarks.jobcenter.konto5",
}

DOMAIN_IDS = tuple(_MODULES)


@cache
def get_domain(domain_id: str) -> Domain:
    """The declaration of a domain.

    >>> get_domain("administration").id
    'administration'
    """
    try:
        module = importlib.import_module(_MODULES[domain_id])
    except KeyError:
        raise KeyError(f"unknown benchmark domain {domain_id!r}; known: {', '.join(DOMAIN_IDS)}") from None
    return module.DOMAIN
