"""The ``kommunebench`` command: the parser and the entry point, a thin layer over the engine.

Exit codes: 0 everything valid, 1 issues found, 2 usage or engine error. The commands themselves
are in :mod:`engine.cli_commands`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from engine.cli_commands import (  # noqa: F401 (UsageError and the exit codes are part of this module's face)
    EXIT_ERROR, EXIT_ISSUES, EXIT_OK, UsageError, _cmd_addin_build, _cmd_demo, _cmd_ingest, _cmd_run, _cmd_serve,
    _cmd_status, _cmd_templates_build, _cmd_validate,
)


ROUND_YEARS = (2000, 2100)
ROUND_HELP = f"the round (year, {ROUND_YEARS[0]}-{ROUND_YEARS[1]}), e.g. 2026"


def round_year(text: str) -> int:
    """A round is a year: a whole number from 2000 to 2100 (-5 or a number beyond 64 bits is refused)."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not ROUND_YEARS[0] <= year <= ROUND_YEARS[1]:
        shown = text if len(text) <= 12 else text[:12] + "..."
        raise argparse.ArgumentTypeError(f"{shown} is not a year from {ROUND_YEARS[0]} to {ROUND_YEARS[1]}")
    return year


def _formatter(prog: str) -> argparse.HelpFormatter:
    # A fixed width keeps the generated docs/cli.md identical on every machine.
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32, width=100)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kommunebench",
        formatter_class=_formatter,
        description="Benchmark Danish municipalities with Excel templates: build templates, validate filled "
                    "workbooks, store them, and write comparison workbooks.",
        epilog="examples:\n"
               "  kommunebench demo\n"
               "  kommunebench templates build --lang en\n"
               "  kommunebench validate indsendt/*.xlsx --annotate rettelser/\n"
               "  kommunebench ingest indsendt/*.xlsx --round 2026 --db bench.sqlite\n"
               "  kommunebench run --round 2026 --db bench.sqlite --out rapporter/\n"
               "  kommunebench serve --certfile dev.crt --keyfile dev.key\n"
               "\nexit codes: 0 all valid, 1 issues found, 2 usage or engine error",
    )
    from engine import __version__

    parser.add_argument("--version", action="version", version=f"kommunebench {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    templates = commands.add_parser(
        "templates", help="build the Excel templates", formatter_class=_formatter,
        description="Build the Excel templates that municipalities fill in.")
    template_commands = templates.add_subparsers(dest="templates_command", metavar="ACTION", required=True)
    build = template_commands.add_parser(
        "build", help="write blank or prefilled templates", formatter_class=_formatter,
        description="Write the template of each benchmark domain, blank or prefilled per participant.",
        epilog="examples:\n"
               "  kommunebench templates build                      # workbook_templates/administration.xlsx\n"
               "  kommunebench templates build --lang en            # workbook_templates/administration_en.xlsx\n"
               "  kommunebench templates build --domain botilbud_tid --lang all\n"
               "  kommunebench templates build --prefill deltagere.csv --out udsendelse/\n"
               "  kommunebench templates build --staff-list aarhus_medarbejdere.xlsx --out udsendelse/\n"
               "  kommunebench templates build --accounts konto5.csv --year 2026 --db bench.sqlite --out udsendelse/\n"
               "\nThe prefill CSV has a header row naming front-sheet fields, e.g.\n"
               "  municipality,year,inhabitants,employees\n"
               "  101,2026,,\n"
               "  Aarhus,2026,,\n"
               "municipality takes the municipality code or name; empty cells stay blank.\n"
               "\nJobcenter: --staff-list takes a filled, valid staff list and writes one FTE allocation template\n"
               "per department with its employees' ids. --accounts takes the consultant's konto 5 allocation\n"
               "  municipality,accounting_group,tool,amount\n"
               "  101,kontanthjaelp,mentor,1250000\n"
               "and writes one konto 5 template per municipality (codes: docs/jobcenter-inputs.md).")
    from engine.benchmarks import DOMAIN_IDS  # declarations are imported lazily; only the ids

    build.add_argument("--domain", choices=DOMAIN_IDS,
                       help="benchmark domain (default: administration; implied by --staff-list and --accounts)")
    build.add_argument("--lang", choices=("da", "en", "all"), default="da", help="template language (default: da)")
    build.add_argument("--out", type=Path, default=Path("workbook_templates"),
                       help="output directory (default: workbook_templates)")
    build.add_argument("--prefill", type=Path, metavar="CSV",
                       help="write one prefilled template per CSV row instead of the blank template")
    build.add_argument("--staff-list", type=Path, metavar="XLSX",
                       help="jobcenter: one FTE allocation template per department of this filled staff list")
    build.add_argument("--rows-per-employee", type=int, default=4, metavar="N",
                       help="jobcenter: prefilled rows per employee with --staff-list (default: 4)")
    build.add_argument("--accounts", type=Path, metavar="CSV",
                       help="jobcenter: one konto 5 template per municipality of the consultant's allocation")
    build.add_argument("--year", type=round_year, help="the year prefilled into the templates written with --accounts")
    build.add_argument("--db", type=Path, help="with --accounts and --year: record the given amounts in the round's "
                                               "database, so ingest refuses a returned workbook whose given amounts "
                                               "were changed, whatever its sheet protection says")
    build.set_defaults(handler=_cmd_templates_build)

    validate = commands.add_parser(
        "validate", help="check filled workbooks and report every issue at its cell", formatter_class=_formatter,
        description="Validate filled templates. Every issue is reported with its location ('Sheet'!C14).\n"
                    "Input files are never modified; one unreadable file never stops the others.",
        epilog="examples:\n"
               "  kommunebench validate aarhus.xlsx\n"
               "  kommunebench validate indsendt/ --json > fund.json\n"
               "  kommunebench validate indsendt/*.xlsx --annotate rettelser/ --lang en\n"
               "\nexit codes: 0 all valid (warnings allowed unless --strict), 1 issues found, 2 error")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE",
                          help="workbooks, or directories searched for .xlsx/.xlsm files")
    validate.add_argument("--annotate", type=Path, metavar="DIR",
                          help="write a copy of each workbook with issues highlighted and listed to DIR")
    validate.add_argument("--json", action="store_true", help="print the issues as JSON")
    validate.add_argument("--lang", choices=("da", "en"), default="da", help="message language (default: da)")
    validate.add_argument("--strict", action="store_true", help="treat warnings as issues for the exit code")
    validate.add_argument("--workers", type=int, default=0,
                          help="bounded reader processes (default: all cores)")
    validate.add_argument("--scheduler", metavar="ADDRESS",
                          help="validate on a Dask cluster instead, e.g. tcp://10.0.0.5:8786 (needs kommunebench[dask])")
    validate.set_defaults(handler=_cmd_validate)

    ingest = commands.add_parser(
        "ingest", help="validate filled workbooks and store the valid ones in a round", formatter_class=_formatter,
        description="Validate filled workbooks and store each valid one in the round's database. A file with\n"
                    "errors is refused with its issues and changes nothing. A corrected resubmission replaces\n"
                    "the participant's earlier submission for the round; earlier rounds are kept.\n"
                    "\n"
                    "Which submission is current: the one the workbook itself says was saved last (its saved\n"
                    "time, docProps/core.xml, which Excel and LibreOffice set on every save), never the order\n"
                    "of ingest. A file saved before the current one is left out ('unchanged: saved before the\n"
                    "current ...'), and so is a file the round already holds byte for byte ('unchanged: the\n"
                    "round already holds exactly this file'), even one replaced since: ingesting an old folder\n"
                    "again undoes no correction. A saved time later than the moment of ingest counts as that\n"
                    "moment; a workbook without one counts as saved when ingested; two files saved in the same\n"
                    "second go to the later ingest. The same participant twice in one batch is a finding on\n"
                    "the file saved earlier. To go back to an earlier version on purpose, ingest it with\n"
                    "--make-current. A participant is found by its key however it is typed (BO-9100\n"
                    "and bo-9100 are one facility; docs/method.md, 'Keys people type').",
        epilog="examples:\n"
               "  kommunebench ingest indsendt/*.xlsx --round 2026 --db bench.sqlite\n"
               "  kommunebench ingest rettet/odense.xlsx --round 2026 --db bench.sqlite\n"
               "\nexit codes: 0 all stored or unchanged, 1 some files refused, 2 error")
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE",
                        help="workbooks, or directories searched for .xlsx/.xlsm files")
    ingest.add_argument("--round", dest="year", type=round_year, required=True, help=ROUND_HELP)
    ingest.add_argument("--db", type=Path, required=True, help="the SQLite database file (created if missing)")
    ingest.add_argument("--make-current", action="store_true",
                        help="make these files current whatever their saved time: to go back to an earlier "
                             "version on purpose")
    ingest.add_argument("--lang", choices=("da", "en"), default="da", help="message language (default: da)")
    ingest.add_argument("--workers", type=int, default=0, help="processes for validation (default: all cores)")
    ingest.add_argument("--scheduler", metavar="ADDRESS",
                        help="validate on a Dask cluster instead, e.g. tcp://10.0.0.5:8786 (needs kommunebench[dask])")
    ingest.set_defaults(handler=_cmd_ingest)

    run = commands.add_parser(
        "run", help="compute a round and write the comparison workbooks", formatter_class=_formatter,
        description="Compute the round's benchmark and write one comparison workbook per municipality plus\n"
                    "an overview workbook for the consultant. Each file is written atomically; a participant\n"
                    "whose report fails is reported and the others are still written.",
        epilog="examples:\n"
               "  kommunebench run --round 2026 --db bench.sqlite --out rapporter/\n"
               "  kommunebench run --round 2026 --db bench.sqlite --out reports/ --lang en --config runde.toml\n"
               "  kommunebench run --benchmark botilbud --round 2026 --db bench.sqlite --out botilbud/\n"
               "  kommunebench run --benchmark jobcenter --round 2026 --db bench.sqlite --out jobcenter/ \\\n"
               "      --register register_2026.csv\n"
               "\nThe optional TOML configuration overrides method parameters, e.g.\n"
               "  [administration]\n"
               "  cost_per_fte = 600000\n"
               "  consented = [\"751\", \"461\"]   # may be named to the other participants")
    _round_arguments(run, "which benchmark to report")
    run.add_argument("--register", type=Path, metavar="FILE",
                     help="jobcenter: the round's register file (overrides register_file in --config; "
                          "default: the one the store kept from the round's last run)")
    run.add_argument("--out", type=Path, required=True, help="output directory for the workbooks")
    run.add_argument("--lang", choices=("da", "en"), default="da", help="report language (default: da)")
    run.add_argument("--config", type=Path, help="round configuration (TOML) overriding method parameters")
    run.add_argument("--workers", type=int, default=0, help="processes for writing reports (default: all cores)")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="write the reports on a Dask cluster instead, e.g. tcp://10.0.0.5:8786 "
                          "(needs kommunebench[dask])")
    run.add_argument("--pdf", action="store_true",
                     help="also print every workbook to a PDF beside it (needs LibreOffice)")
    run.set_defaults(handler=_cmd_run)

    status = commands.add_parser(
        "status", help="show who has sent, been refused, replaced or is missing in a round",
        formatter_class=_formatter,
        description="Show the round's status per participant: received, replaced (a corrected resubmission),\n"
                    "refused (with the number of errors) or missing against the list of expected participants.\n"
                    "jobcenter: per municipality the staff list, konto 5 and each department's allocation, and the\n"
                    "errors across a municipality's workbooks (an employee nobody allocated).",
        epilog="examples:\n"
               "  kommunebench status --round 2026 --db bench.sqlite --expected deltagere.csv\n"
               "  kommunebench status --benchmark botilbud --round 2026 --db bench.sqlite --json\n"
               "  kommunebench status --benchmark jobcenter --round 2026 --db bench.sqlite \\\n"
               "      --register register_2026.csv --xlsx status.xlsx\n"
               "\nThe expected participants come from the prefill CSV (--expected) or the round configuration:\n"
               "  [expected]\n"
               "  administration = [\"101\", \"751\"]\n"
               "\nexit codes: 0 everyone received, 1 someone refused, missing or inconsistent, 2 error")
    _round_arguments(status, "which benchmark (default: administration; jobcenter with --register)", default=None)
    status.add_argument("--expected", type=Path, metavar="CSV", help="the prefill CSV listing the participants")
    status.add_argument("--config", type=Path, help="round configuration (TOML) with an [expected] table")
    status.add_argument("--register", type=Path, metavar="FILE", help="jobcenter: the register file to check")
    status.add_argument("--xlsx", type=Path, metavar="FILE", help="also write the status as a workbook")
    status.add_argument("--lang", choices=("da", "en"), default="da", help="message language (default: da)")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(handler=_cmd_status)

    from engine.cli_rounds import add_round_parser

    add_round_parser(commands, _formatter, _round_arguments)
    from engine.cli_plans import add_plan_parser

    add_plan_parser(commands, _formatter)

    serve = commands.add_parser(
        "serve", help="serve the Excel add-in (task pane, manifest and HTTP API)", formatter_class=_formatter,
        description="Serve the Excel add-in: the task pane, its manifest with this server's address, and an HTTP API\n"
                    "that validates uploaded workbooks, writes annotated copies and hands out templates. Needs the\n"
                    "add-in extra: pip install 'kommunebench[addin]'. Uploads are not kept.",
        epilog="examples:\n"
               "  kommunebench serve                                      # http://127.0.0.1:8765, in a browser\n"
               "  kommunebench serve --certfile dev.crt --keyfile dev.key  # https://127.0.0.1:8765, for Excel\n"
               "  kommunebench serve --host 0.0.0.0 --public-url https://bench.example.dk --token-file token.txt \\\n"
               "      --certfile bench.crt --keyfile bench.key\n"
               "\nThe manifest to sideload is at <address>/manifest.xml (with ?token=... when a token is set).")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this PC only)")
    serve.add_argument("--port", type=int, default=8765, help="port (default: 8765)")
    serve.add_argument("--certfile", type=Path, help="TLS certificate (PEM); Office loads add-ins only over HTTPS")
    serve.add_argument("--keyfile", type=Path, help="TLS private key (PEM)")
    serve.add_argument("--public-url", metavar="URL", help="the address users reach, written into the manifest "
                                                           "(default: scheme://host:port; needed with --host 0.0.0.0)")
    serve.add_argument("--token-file", type=Path, metavar="FILE",
                       help="require the access token in FILE's first line (default: $KOMMUNEBENCH_TOKEN; none if "
                            "unset); never on the command line, which every user of the machine can read")
    serve.add_argument("--token", help=argparse.SUPPRESS)  # refused with a message saying what to use instead
    serve.add_argument("--max-upload-mb", type=int, default=20, help="largest accepted workbook (default: 20)")
    serve.add_argument("--workers", type=int, default=0, help="validation processes (default: all cores)")
    serve.add_argument("--timeout", type=float, default=60, metavar="SECONDS",
                       help="longest a worker may spend on one request, not counting its wait (default: 60)")
    serve.add_argument("--read-timeout", type=float, default=20, metavar="SECONDS",
                       help="a request's head must arrive within SECONDS, and its body may not pause longer "
                            "(default: 20)")
    serve.add_argument("--keep-uploads", type=Path, metavar="DIR", help="keep a copy of every upload in DIR "
                                                                        "(default: nothing is kept)")
    serve.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                       help="another origin allowed to call the API (CORS); the server's own is always allowed")
    serve.add_argument("--bundle", type=Path, metavar="DIR",
                       help="serve this folder from 'kommunebench addin build': the pane then checks workbooks in "
                            "the browser (default: the pane without the in-browser engine, checking on this server)")
    serve.set_defaults(handler=_cmd_serve)

    addin = commands.add_parser(
        "addin", help="build the Excel add-in as a folder of static files", formatter_class=_formatter,
        description="The Excel add-in as a folder any web server can host: the task pane, Pyodide and the pinned\n"
                    "wheels of the engine, so the pane checks a workbook in the browser and sends it nowhere.")
    addin_commands = addin.add_subparsers(dest="addin_command", metavar="ACTION", required=True)
    addin_build = addin_commands.add_parser(
        "build", help="write the static add-in folder", formatter_class=_formatter,
        description="Write the pane, Pyodide, the wheels the validator needs (pinned, sha256 in bundle-lock.json),\n"
                    "the manifest for --public-url and LICENCES.txt. Pyodide comes from npm and the wheels from PyPI\n"
                    "at build time (npm and pip must work); they are cached in --cache.",
        epilog="examples:\n"
               "  kommunebench addin build --out addin-site --public-url https://bench.example.dk/addin\n"
               "  kommunebench serve --bundle addin-site --certfile dev.crt --keyfile dev.key")
    addin_build.add_argument("--out", type=Path, required=True, help="the folder to write (replaced as a whole)")
    addin_build.add_argument("--public-url", metavar="URL", help="the HTTPS address the folder is served at, written "
                                                                 "into manifest.xml (default: https://localhost:8765)")
    addin_build.add_argument("--cache", type=Path, metavar="DIR", help="where the downloaded inputs are kept "
                             "(default: $KOMMUNEBENCH_ADDIN_CACHE or ~/.cache/kommunebench/addin-inputs)")
    addin_build.set_defaults(handler=_cmd_addin_build)

    docs = commands.add_parser(
        "docs", help="regenerate the generated documentation", formatter_class=_formatter,
        description="Regenerate docs/issue-codes.md, the catalogue of every issue code.",
        epilog="example:\n  kommunebench docs --out docs/")
    docs.add_argument("--out", type=Path, default=Path("docs"), help="output directory (default: docs)")
    docs.add_argument("--lang", choices=("da", "en"), default="da", help="message language (default: da)")
    docs.set_defaults(handler=_cmd_docs)

    demo = commands.add_parser(
        "demo", help="run the whole flow on synthetic data", formatter_class=_formatter,
        description="Build the templates, fill sample workbooks (one with typical mistakes), validate them and "
                    "write annotated copies, all into one folder.",
        epilog="example:\n  kommunebench demo --out ./kommunebench-demo")
    demo.add_argument("--out", type=Path, default=Path("kommunebench-demo"),
                      help="output directory (default: ./kommunebench-demo)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed for the synthetic data (default: 2026)")
    demo.add_argument("--lang", choices=("da", "en"), default="da",
                      help="language of messages and reports (default: da)")
    demo.set_defaults(handler=_cmd_demo)
    return parser


def _round_arguments(parser: argparse.ArgumentParser, benchmark_help: str, default: str | None = "administration"
                     ) -> None:
    """--benchmark, --round and --db: which round of which benchmark in which database."""
    from engine.benchmarks import BENCHMARK_IDS  # only the ids; the packages are imported when used

    parser.add_argument("--benchmark", choices=BENCHMARK_IDS, default=default,
                        help=benchmark_help if default is None else f"{benchmark_help} (default: {default})")
    parser.add_argument("--round", dest="year", type=round_year, required=True, help=ROUND_HELP)
    parser.add_argument("--db", type=Path, required=True, help="the SQLite database file")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from engine.cli_guard import run_guarded

    def command() -> int:
        try:
            return args.handler(args)
        except UsageError as error:  # bilingual where the engine has the text
            from engine.cli_guard import closed_pipe
            from engine.cli_text import ERROR, message_language

            if closed_pipe(error):  # an OSError the command wrapped: the reader of our output went away
                raise

            lang = message_language(getattr(args, "lang", None))
            print(f"kommunebench: {ERROR(lang)}: {error.message(lang)}", file=sys.stderr)
            return EXIT_ERROR

    from engine.cli_text import message_language

    return run_guarded(command, lang=message_language(getattr(args, "lang", None)))


def _cmd_docs(args: argparse.Namespace) -> int:
    from engine.cli_text import wrote
    from engine.docs import write_docs

    for path in write_docs(args.out, build_parser()):
        print(wrote(path)(args.lang))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
