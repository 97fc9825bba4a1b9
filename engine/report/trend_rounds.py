"""The earlier rounds of a trend: what they were run with, and their stored input files.

Every earlier round is computed again with this round's method and parameters. Two things can
still differ, and the development sheets say so (:mod:`engine.store.round_runs` keeps both):

- the round was run, back then, with another method version or other method parameters: its
  figures as reported then may differ from the ones shown now (recomputed), so the year is marked
  and the parameters named;
- an input file a parameter names (jobcenter's register) was not kept for the round (a store from
  before files were kept, or a round never run): the round is computed with this round's file, as
  before, and the figures that need the file (``TrendFigure.needs``) are left out for that year.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from engine.store.round_runs import (changed_parameters, input_files, last_run, method_version, parameter_values,
                                     setting, stored_file)
from engine.text import Text


@dataclass(frozen=True)
class EarlierRound:
    year: int
    recorded: bool                                        # a run of it was recorded
    method_then: str | None = None                        # its method version, where not this run's
    parameters: tuple[tuple[str, object, object], ...] = ()  # (name, then, now) of the differing ones
    missing_files: tuple[str, ...] = ()                   # input-file parameters not kept for it

    @property
    def changed(self) -> bool:
        return bool(self.method_then or self.parameters)


def file_key(db, domain: str, year: int, params) -> tuple[str, tuple[str, ...]]:
    """(the parameters with each input file named by the round's stored sha256, for a cache key;
    the input-file parameters the round has no stored file for)."""
    key, missing = {}, []
    for name, path in input_files(params).items():
        stored = stored_file(db, domain, year, name)
        if stored is None:
            missing.append(name)
        key[name] = f"sha256:{stored.sha256}" if stored else path
    return repr(replace(params, **key)), tuple(missing)


def stored_parameters(db, domain: str, year: int, params, folder: Path):
    """``params`` with every input file the round has stored written into ``folder`` and named there
    (a file not stored stays this round's)."""
    changes = {}
    for name in input_files(params):
        stored = stored_file(db, domain, year, name)
        if stored is None:
            continue
        file_name = Path(stored.file_name).name
        target = folder / str(year) / name / (file_name if file_name not in ("", ".", "..") else name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(stored.content)
        changes[name] = str(target)
    return replace(params, **changes)


def earlier_round(db, domain: str, year: int, params, missing_files: tuple[str, ...]) -> EarlierRound:
    run = last_run(db, domain, year)
    if run is None:
        return EarlierRound(year, False, missing_files=missing_files)
    now = method_version()
    return EarlierRound(year, True, run.method_version if run.method_version != now else None,
                        changed_parameters(run.parameters, parameter_values(params)), missing_files)


def round_notes(earlier: dict, years, input_names: dict[str, Text], now_year: int) -> list[Text]:
    """The sheet's notes on the earlier ``years`` shown: other method or parameters, files not kept,
    runs not recorded."""
    shown = [earlier[year] for year in years if year in earlier]
    notes: list[Text] = []
    for round_ in shown:
        if round_.changed:
            year = round_.year
            method = [f"{round_.method_then} ({now_year}: {method_version()})"] if round_.method_then else []
            listed = "; ".join([*method, *(f"{name} = {setting(then)} ({now_year}: {setting(now)})"
                                           for name, then, now in round_.parameters)])
            notes.append(Text(f"{year} blev kørt med andre indstillinger: {listed}. Tallene for {year} er her "
                              f"beregnet igen med indstillingerne fra {now_year} ud fra de gemte indtastninger.",
                              f"{year} was run with other settings: {listed}. Its figures are computed again here "
                              f"with the settings of {now_year} from the stored inputs."))
    for name in dict.fromkeys(name for round_ in shown for name in round_.missing_files):
        label = input_names.get(name, Text(name, name))
        listed = ", ".join(str(round_.year) for round_ in shown if name in round_.missing_files)
        notes.append(Text(f"{label.da.capitalize()} for {listed} er ikke gemt: tallene derfra er ikke beregnet "
                          f"igen for {listed} og vises ikke.",
                          f"{label.en.capitalize()} of {listed} was not kept: the figures from it are not "
                          f"computed again for {listed} and are not shown."))
    unrecorded = ", ".join(str(round_.year) for round_ in shown if not round_.recorded and not round_.missing_files)
    if unrecorded:
        notes.append(Text(f"Ingen kørsel af {unrecorded} er registreret: indstillingerne dengang kendes ikke.",
                          f"No run of {unrecorded} is recorded: the settings then are not known."))
    return notes


def figure_notes(figure, shown_years, earlier: dict, input_names: dict[str, Text]) -> list[Text]:
    """The notes of one figure's row: years it shows that were run otherwise, years its file is missing."""
    changed = [year for year in shown_years if year in earlier and earlier[year].changed]
    missing = [year for year in sorted(earlier) if figure.needs and figure.needs in earlier[year].missing_files]
    notes = []
    if changed:
        listed = ", ".join(map(str, changed))
        notes.append(Text(f"Andre indstillinger i {listed} (genberegnet).",
                          f"Other settings in {listed} (recomputed)."))
    if missing:
        listed = ", ".join(map(str, missing))
        label = input_names.get(figure.needs, Text(figure.needs, figure.needs))
        notes.append(Text(f"Ikke for {listed}: {label.da} er ikke gemt.", f"Not for {listed}: {label.en} not kept."))
    return notes
