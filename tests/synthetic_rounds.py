"""Small synthetic rounds written as real workbooks, validated and stored, for the report tests."""

from __future__ import annotations

import random
from pathlib import Path

from engine.benchmarks import get_domain
from engine.store.database import Store
from engine.templates.writer import write_template
from engine.validation.validate import validate_files


def _ingest(paths: list[Path], database: Path, year: int) -> Path:
    with Store(database) as store:
        for result in validate_files(paths):
            assert store.ingest(result, year).stored, [issue.code for issue in result.issues]
    return database


def administration_store(folder: Path, codes: tuple[str, ...], seed: int, year: int) -> Path:
    """One filled administration template per municipality code, stored; the database's path."""
    from engine.benchmarks.administration.synthetic import administration_values, draw_profile

    domain, rng = get_domain("administration"), random.Random(seed)
    paths = [write_template(domain, folder / f"{code}.xlsx", "da",
                            administration_values(rng, draw_profile(rng, code), year)) for code in codes]
    return _ingest(paths, folder / "administration.sqlite", year)


def botilbud_store(folder: Path, seed: int, size: int, year: int) -> Path:
    """A questionnaire and a time registration per facility, stored; the database's path."""
    from engine.benchmarks.botilbud.synthetic import draw_round

    questionnaire, time = get_domain("botilbud"), get_domain("botilbud_tid")
    paths = []
    for item in draw_round(seed=seed, size=size, year=year):
        fid = item.facility.facility_id
        paths.append(write_template(questionnaire, folder / f"{fid}_q.xlsx", "da", dict(item.questionnaire)))
        paths.append(write_template(time, folder / f"{fid}_t.xlsx", "da", dict(item.time_registration)))
    return _ingest(paths, folder / "botilbud.sqlite", year)
