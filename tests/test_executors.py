"""Executors: the local pool and a Dask cluster give the same results as working in this process."""

from __future__ import annotations

import os
import pickle
import random

import pytest

from conftest import edit, findings, valid_values, write_filled
from engine.benchmarks import get_domain
from engine.benchmarks.administration.synthetic import administration_values, draw_profile
from engine.cli import main
from engine.executors import DaskExecutor, ExecutorError, LocalExecutor, make_executor
from engine.run import ingest_files, run_round
from engine.templates.writer import write_template
from engine.validation.validate import validate_file, validate_files

CODES = ("101", "147", "461", "751", "851", "330")


def _square_plus(shared, item):
    return item * item + shared


def _pid_and_square(item):
    return os.getpid(), item * item


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("chunksize", [1, 3])
def test_local_executor_keeps_order_and_delivers_shared_data(workers, chunksize):
    executor = LocalExecutor(workers)
    assert list(executor.map(_square_plus, range(11), shared=100, chunksize=chunksize)) == [i * i + 100 for i in range(11)]
    unordered = list(executor.map(_square_plus, range(11), shared=1, chunksize=chunksize, ordered=False))
    assert sorted(unordered) == [i * i + 1 for i in range(11)]


def test_local_pool_runs_in_other_processes():
    pids = {pid for pid, _ in LocalExecutor(2).map(_pid_and_square, range(8), chunksize=1)}
    assert os.getpid() not in pids


def test_submission_travels_compactly_and_reads_the_same(filled):
    result = validate_file(filled)
    data = pickle.dumps(result)
    assert b"engine.spec" not in data, "the domain declaration must travel by id, not as objects"
    back = pickle.loads(data)
    assert back.submission.domain is result.submission.domain
    assert back.submission.form == result.submission.form
    assert list(back.submission.value_rows()) == list(result.submission.value_rows())  # still packed
    assert back.submission.tables == result.submission.tables  # unpacked on first read
    assert list(back.submission.value_rows()) == list(result.submission.value_rows())


def test_validating_in_two_processes_gives_the_same_findings(tmp_path):
    good = write_filled(tmp_path / "good.xlsx")
    bad = edit(write_filled(tmp_path / "bad.xlsx", valid_values(2, "101")), {("Økonomi", "G6"): "mange"})
    local = validate_files([good, bad])
    pooled = validate_files([good, bad], workers=2)
    assert [findings(r) for r in pooled] == [findings(r) for r in local]
    assert ("not-a-number", "Økonomi", "G6") in findings(pooled[1])
    assert [r.submission.tables for r in pooled] == [r.submission.tables for r in local]


# -- Dask: a real scheduler and worker, in this process so the test stays quick ------------------------
@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as local_cluster:
        yield local_cluster.scheduler_address


@pytest.fixture(scope="module")
def submissions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    rng = random.Random(5)
    domain = get_domain("administration")
    return [write_template(domain, folder / f"{code}.xlsx", "da",
                           administration_values(rng, draw_profile(rng, code), 2026)) for code in CODES]


def test_a_round_runs_on_a_dask_cluster(cluster, submissions, tmp_path):
    with DaskExecutor(cluster) as executor:
        assert executor.remote and executor.workers == 2
        outcomes = ingest_files(submissions, tmp_path / "dask.sqlite", 2026, executor=executor)
        assert [o.stored for o in outcomes] == [True] * len(CODES)
        assert [o.path for o in outcomes] == [str(p) for p in submissions]
        summary = run_round(tmp_path / "dask.sqlite", 2026, tmp_path / "out", executor=executor)
    assert not summary.failed and len(summary.written) == len(CODES) and summary.overview.exists()
    local = run_round(tmp_path / "dask.sqlite", 2026, tmp_path / "local", workers=1)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in (tmp_path / "local").iterdir())
    assert all(path.stat().st_size > 10_000 for path in summary.written)


def test_dask_findings_name_the_original_file(cluster, tmp_path):
    bad = edit(write_filled(tmp_path / "bad.xlsx"), {("Økonomi", "G6"): "mange"})
    missing = tmp_path / "missing.xlsx"
    with DaskExecutor(cluster) as executor:
        results = validate_files([bad, missing], executor=executor)
    assert [r.path for r in results] == [str(bad), str(missing)]
    assert findings(results[0]) == [("not-a-number", "Økonomi", "G6")]
    assert {issue.file for issue in results[0].issues} == {str(bad)}
    assert results[0].submission.path == str(bad)
    assert [issue.code for issue in results[1].issues] == ["file-not-found"]


def test_cli_runs_a_round_through_the_scheduler(cluster, submissions, tmp_path, capsys):
    db = tmp_path / "cli.sqlite"
    assert main(["ingest", *map(str, submissions), "--round", "2026", "--db", str(db), "--scheduler", cluster]) == 0
    assert main(["run", "--round", "2026", "--db", str(db), "--out", str(tmp_path / "out"),
                 "--scheduler", cluster]) == 0
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == len(CODES) + 1


def test_unreachable_scheduler_is_a_usage_error(tmp_path, capsys):
    pytest.importorskip("distributed")
    with pytest.raises(ExecutorError, match="cannot reach"):
        DaskExecutor("tcp://127.0.0.1:9", timeout=1)
    assert isinstance(make_executor(3), LocalExecutor) and make_executor(3).workers == 3


def _fails_on_three(item):
    if item == 3:
        raise RuntimeError("worker lost")
    return item


@pytest.mark.parametrize("ordered", [True, False])
def test_a_failed_task_costs_only_its_items_when_asked(cluster, ordered):
    with DaskExecutor(cluster) as executor:
        got = list(executor.map(_fails_on_three, range(6), ordered=ordered,
                                on_error=lambda item, error: ("failed", item, str(error))))
        assert sorted(got, key=str) == sorted([0, 1, 2, ("failed", 3, "worker lost"), 4, 5], key=str)
        with pytest.raises(RuntimeError, match="worker lost"):  # without on_error the failure is the caller's
            list(executor.map(_fails_on_three, range(6)))


def test_a_file_lost_on_the_cluster_is_a_finding_and_the_batch_carries_on(cluster, submissions, monkeypatch):
    import engine.validation.validate as validate

    real = validate._validate_shipped
    killer = str(submissions[1])

    def dies_on_the_killer(job):
        if job[0] == killer:  # what the client sees when the cluster gives up on a task
            raise RuntimeError("KilledWorker: the task's worker died")
        return real(job)

    monkeypatch.setattr(validate, "_validate_shipped", dies_on_the_killer)
    with DaskExecutor(cluster) as executor:
        results = validate_files(submissions[:3], executor=executor)
    assert [r.valid for r in results] == [True, False, True]
    [crash] = results[1].issues
    assert crash.code == "engine-crash" and crash.file == killer
    assert "cluster worker stopped" in crash.message("en")


def test_cli_validates_through_the_scheduler(cluster, submissions, capsys):
    assert main(["validate", *map(str, submissions[:2]), "--scheduler", cluster]) == 0
