"""One killer file costs only itself: a batch still validates and stores every other file.

The far cell is written with a namespace prefix and single quotes (the spelling the old
byte-pattern inspection missed). With the inspection's cell limit in place it is caught
before any reader; with that first wall removed, python-calamine really tries to allocate
the whole sheet and dies in its memory-capped worker: a located ``engine-crash`` for that
file, while the valid files around it are validated and stored as usual.
"""

from __future__ import annotations

import dataclasses
import os
import signal
from pathlib import Path

import pytest

from conftest import write_filled
from engine.workbook.archive import DEFAULT_LIMITS
from engine.workbook.isolation import Bounds, run_isolated
from engine.store.database import Store
from engine.text import Text
from engine.validation.validate import validate_files
from test_hostile_files import FIN_PART, edited, rewrite

PREFIXED_FAR_ROW = (b"<x:row xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main' r = '1048576'>"
                    b"<x:c r='XFD1048576' t='n'><x:v>1</x:v></x:c></x:row>")
NO_FIRST_WALL = dataclasses.replace(DEFAULT_LIMITS, max_sheet_cells=10**13, reader_memory_bytes=512 << 20)


@pytest.fixture
def batch(tmp_path: Path) -> list[Path]:
    """Valid files for three municipalities with a killer file in the middle."""
    from conftest import valid_values

    first = write_filled(tmp_path / "101.xlsx", valid_values(code="101"))
    killer = rewrite(first, tmp_path / "killer.xlsx", replace={FIN_PART: edited(
        lambda xml: xml.replace(b"</sheetData>", PREFIXED_FAR_ROW + b"</sheetData>"))})
    return [first, killer, write_filled(tmp_path / "751.xlsx", valid_values(code="751")),
            write_filled(tmp_path / "461.xlsx", valid_values(code="461"))]


def test_the_inspection_catches_a_prefixed_far_cell(batch):
    results = validate_files(batch, workers=2)
    assert [r.valid for r in results] == [True, False, True, True]
    assert [(i.code, i.sheet) for i in results[1].issues] == [("sheet-too-large", "Økonomi")]


@pytest.mark.parametrize("how", ["workers", "local executor"])
def test_without_the_inspection_the_worker_dies_alone(batch, how):
    from engine.executors import LocalExecutor

    # The local executor of validate/ingest/run is the bounded reader pool, not a plain process pool.
    extra = {"workers": 2} if how == "workers" else {"executor": LocalExecutor(2)}
    results = validate_files(batch, NO_FIRST_WALL, **extra)
    assert [r.valid for r in results] == [True, False, True, True]
    [crash] = results[1].issues
    assert crash.code == "engine-crash" and crash.file == str(batch[1])
    assert "memory" in crash.message("en")


def test_ingest_stores_every_valid_file_around_a_killer(batch, tmp_path, monkeypatch):
    import engine.run as run

    real = run.validate_files
    monkeypatch.setattr(run, "validate_files", lambda paths, **kw: real(paths, NO_FIRST_WALL, **kw))
    outcomes = run.ingest_files(batch, tmp_path / "bench.sqlite", 2026, workers=1)
    assert [o.stored for o in outcomes] == [True, False, True, True]
    with Store(tmp_path / "bench.sqlite") as store:
        assert [s["participant"] for s in store.current_submissions("administration", 2026)] == ["101", "461", "751"]


# -- the pool itself ---------------------------------------------------------------------------

def _square(x: int) -> int:
    return x * x


def _die(x: int) -> int:
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    if x == 5:
        raise ValueError("a bug in one task")
    if x == 7:
        bytearray(1 << 34)  # 16 GiB: beyond any worker's cap
    return x


def _hang(x: int) -> int:
    if x == 1:
        signal.pause()
    return x


def _failed(task: tuple, why: Text) -> str:
    return f"failed {task[0]}: {why('en')}"


@pytest.mark.parametrize("workers", [1, 3])
def test_results_keep_their_order(workers):
    assert run_isolated(_square, [(i,) for i in range(20)], _failed, workers) == [i * i for i in range(20)]


def test_a_dead_or_failing_task_costs_only_itself():
    results = run_isolated(_die, [(i,) for i in range(10)], _failed, 2, Bounds(memory_bytes=256 << 20))
    assert results[3].startswith("failed 3: the reader stopped abruptly (SIGKILL)")
    assert results[5].startswith("failed 5: internal error: ValueError: a bug in one task")
    assert results[7] == "failed 7: the file needs more memory than the limit allows"
    assert [r for i, r in enumerate(results) if i not in (3, 5, 7)] == [0, 1, 2, 4, 6, 8, 9]


def test_a_task_past_its_deadline_is_stopped():
    results = run_isolated(_hang, [(0,), (1,), (2,)], _failed, 1, Bounds(seconds=1))
    assert results == [0, "failed 1: reading took more than 1 seconds", 2]
