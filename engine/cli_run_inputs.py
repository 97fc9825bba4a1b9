"""The input files a run uses: the ones given, else the ones the round kept from an earlier run.

A parameter naming an input file (jobcenter's ``register_file``) is the round's, not the method's:
once a run of the round has been recorded with it, the store keeps the file
(:mod:`engine.store.round_runs`), so running the round again needs no ``--register``. A file given
that differs from the kept one is the newer one: it is used and recorded, and the run says so.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from engine import cli_text
from engine.store.database import file_sha256
from engine.store.round_runs import file_parameters, stored_file
from engine.text import Text


def input_file_labels(benchmark) -> dict[str, Text]:
    """input-file parameter -> what the file is ('registret'), as the benchmark's trend names it."""
    import importlib

    return dict(getattr(importlib.import_module(f"{benchmark.package}.report_trend"), "INPUT_FILES", {}))


class NoInputFile(ValueError):
    """A run needs a file that was neither given nor kept for the round."""

    def __init__(self, text: Text):
        super().__init__(text.en)
        self.text = text


def round_input_files(db, benchmark: str, domain: str, year: int, params, folder: Path,
                      labels: dict[str, Text]) -> tuple[object, list[Text]]:
    """(``params`` with every input file not given named by the round's kept copy, written into
    ``folder``; what the run should say about the files it uses)."""
    said: list[Text] = []
    changes = {}
    for name in file_parameters(params):
        label = labels.get(name, Text(name, name))
        given = getattr(params, name)
        kept = stored_file(db, domain, year, name)
        if not given:
            if kept is None:
                raise NoInputFile(cli_text.no_input_file(benchmark, name, label, year))
            file_name = Path(kept.file_name).name
            target = folder / name / (file_name if file_name not in ("", ".", "..") else name)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(kept.content)
            changes[name] = str(target)
            said.append(cli_text.using_kept_file(label, kept.stored_at, kept.sha256))
        elif kept is not None and Path(given).is_file() and file_sha256(given) != kept.sha256:
            said.append(cli_text.input_file_changed(label, kept.sha256, file_sha256(given)))
    return replace(params, **changes), said
