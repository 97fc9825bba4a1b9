"""``kommunebench round``: close a round, re-open it for a late submission, list its history.

A benchmark's round is the round of each of its declarations (botilbud: the questionnaire and the
time registration), so closing or re-opening acts on all of them that the store holds.
"""

from __future__ import annotations

import argparse

from engine.text import Text

EXIT_OK, EXIT_ERROR = 0, 2


def add_round_parser(commands, formatter, round_arguments) -> None:
    parser = commands.add_parser(
        "round", help="close a round, or re-open it for a late submission", formatter_class=formatter,
        description="A closed round refuses every file (round-closed), so the figures in the sent reports stay\n"
                    "the figures in the store. Re-open one round to ingest a late submission; the other rounds\n"
                    "are not written. Every close and re-open is kept with its time and reason. history lists them\n"
                    "and every recorded run: its time, method version, input files (name, sha256) and the\n"
                    "settings that differ from the run before.",
        epilog="examples:\n"
               "  kommunebench round close --round 2025 --db bench.sqlite\n"
               "  kommunebench round reopen --round 2025 --db bench.sqlite --reason \"Odense sendte sent\"\n"
               "  kommunebench round history --benchmark botilbud --round 2025 --db bench.sqlite\n"
               "\nexit codes: 0 done, 2 error (no such round, already in that state)")
    parser.add_argument("action", choices=("close", "reopen", "history"))
    round_arguments(parser, "which benchmark")
    parser.add_argument("--reason", default="", help="why (kept with the event; required for reopen)")
    parser.add_argument("--lang", choices=("da", "en"), default="da", help="message language (default: da)")
    parser.set_defaults(handler=command_round)


def command_round(args: argparse.Namespace) -> int:
    from engine.benchmarks import get_benchmark
    from engine.cli_commands import UsageError
    from engine.cli_text import no_database
    from engine.store import round_state
    from engine.store.database import Store

    if not args.db.exists():
        raise UsageError(no_database(args.db))
    if args.action == "reopen" and not args.reason.strip():
        raise UsageError(Text("angiv hvorfor runden genåbnes (--reason)", "say why the round is re-opened (--reason)"))
    domains = list(get_benchmark(args.benchmark).declarations)
    with Store(args.db, create=False) as store:
        held = [domain for domain in domains if args.year in store.years(domain)]
        if not held:
            raise UsageError(Text(f"databasen har ingen runde {args.year} af {args.benchmark}",
                                  f"the database holds no {args.year} round of {args.benchmark}"))
        if args.action == "history":
            for event in round_state.events(store.db, domains[0]):
                if event.year == args.year:
                    print(f"{event.at}  {_ACTION[event.action](args.lang)}  {event.reason}")
            spec = get_benchmark(args.benchmark)
            for line in run_lines(store.db, spec.domain, args.year):
                print(line(args.lang))
            state = _CLOSED if round_state.is_closed(store.db, held[0], args.year) else _OPEN
            print(state(args.lang))
            return EXIT_OK
        wanted = args.action == "close"
        if any(round_state.is_closed(store.db, domain, args.year) == wanted for domain in held):
            raise UsageError(Text(f"runden {args.year} af {args.benchmark} er allerede {_ACTION[args.action].da}",
                                  f"the {args.year} round of {args.benchmark} is already {_ACTION[args.action].en}"))
        try:
            for domain in held:
                if args.action == "close":
                    round_state.close_round(store, domain, args.year, args.reason)
                else:
                    round_state.reopen_round(store, domain, args.year, args.reason)
        except round_state.RoundStateError as error:
            raise UsageError(str(error)) from None
    print(f"{args.benchmark} {args.year}: {_ACTION[args.action](args.lang)}")
    return EXIT_OK


def run_lines(db, domain: str, year: int) -> list[Text]:
    """One line per recorded run of the round: when, the method version, the input files (name and
    sha256 prefix), and the method parameters that differ from the run before it."""
    from engine.cli_text import run_time
    from engine.store.round_runs import changed_parameters, recorded_runs, setting, stored_file_names
    from engine.text import visible

    runs, names = recorded_runs(db, domain, year), stored_file_names(db, domain, year)
    if not runs:
        return [Text("ingen kørsel af runden er registreret", "no run of the round is recorded")]
    lines, previous = [], None
    for run in runs:
        files = "".join(f"  {visible(names.get((name, sha), name))} (sha256 {sha[:12]})"
                        for name, sha in sorted(run.files.items()))
        if previous is None:
            compared = Text("første registrerede kørsel", "first recorded run")
        elif changed := changed_parameters(previous.parameters, run.parameters):
            listed = "; ".join(f"{name} {setting(then)} → {setting(now)}" for name, then, now in changed)
            compared = Text(f"andre indstillinger end kørslen før: {listed}",
                            f"other settings than the run before: {listed}")
        else:
            compared = Text("samme indstillinger som kørslen før", "same settings as the run before")
        head = f"{run_time(run.run_at)}  {run.method_version}{files}  "
        lines.append(Text(f"kørsel {head}{compared.da}", f"run {head}{compared.en}"))
        previous = run
    return lines


_ACTION = {"close": Text("lukket", "closed"), "reopen": Text("genåbnet", "re-opened")}
_OPEN, _CLOSED = Text("runden er åben", "the round is open"), Text("runden er lukket", "the round is closed")
