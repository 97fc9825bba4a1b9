"""``kommunebench plan ingest``: validate returned action plans and store the valid ones
(:mod:`engine.plan_returns` does the work)."""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_OK, EXIT_ISSUES, EXIT_ERROR = 0, 1, 2


def add_plan_parser(commands, formatter) -> None:
    parser = commands.add_parser(
        "plan", help="validate returned action plans and store the valid ones", formatter_class=formatter,
        description="Read the action plan sheet ('Handleplan') of returned participant reports, check every\n"
                    "answer (chosen action from the item's list, a date as deadline, a known status, an owner)\n"
                    "and store the valid plans; the overview of the round shows who returned a plan and what\n"
                    "was chosen. A plan returned again replaces the earlier one.",
        epilog="examples:\n"
               "  kommunebench plan ingest retur/*.xlsx --db bench.sqlite\n"
               "\nexit codes: 0 all stored, 1 some refused, 2 error")
    parser.add_argument("action", choices=("ingest",))
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--db", type=Path, required=True, help="the SQLite database file")
    parser.add_argument("--lang", choices=("da", "en"), default="da", help="message language (default: da)")
    parser.set_defaults(handler=command_plan)


def command_plan(args: argparse.Namespace) -> int:
    from engine.cli_commands import UsageError
    from engine.cli_text import no_database
    from engine.plan_returns import ingest_plan
    from engine.store.database import Store

    if not args.db.exists():
        raise UsageError(no_database(args.db))
    refused = 0
    with Store(args.db, create=False) as store:
        for path in args.files:
            stored, lines = ingest_plan(store, path, args.lang)
            for line in lines:
                print(line)
            refused += not stored
    return EXIT_ISSUES if refused else EXIT_OK
