"""The ``kommunebench`` command: a thin layer over the engine.

Exit codes: 0 everything valid, 1 issues found, 2 usage or engine error.
Library modules are imported inside the command functions so ``--help`` is fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_ISSUES, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with how the command was called (exit code 2); the message may be bilingual text."""

    def message(self, lang: str) -> str:
        from engine.text import Text

        text = self.args[0] if self.args else ""
        return text(lang) if isinstance(text, Text) else str(text)


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
               "  kommunebench templates build --accounts konto5.csv --year 2026 --out udsendelse/\n"
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
    from engine.benchmarks import BENCHMARK_IDS, DOMAIN_IDS  # declarations are imported lazily; only the ids

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
    build.add_argument("--year", type=int, help="the year prefilled into the templates written with --accounts")
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
    validate.set_defaults(handler=_cmd_validate)

    ingest = commands.add_parser(
        "ingest", help="validate filled workbooks and store the valid ones in a round", formatter_class=_formatter,
        description="Validate filled workbooks and store each valid one in the round's database. A file with\n"
                    "errors is refused with its issues and changes nothing. A corrected resubmission replaces\n"
                    "the participant's earlier submission for the round; earlier rounds are kept.",
        epilog="examples:\n"
               "  kommunebench ingest indsendt/*.xlsx --round 2026 --db bench.sqlite\n"
               "  kommunebench ingest rettet/odense.xlsx --round 2026 --db bench.sqlite\n"
               "\nexit codes: 0 all stored, 1 some files refused, 2 error")
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE",
                        help="workbooks, or directories searched for .xlsx/.xlsm files")
    ingest.add_argument("--round", dest="year", type=int, required=True, help="the round (year), e.g. 2026")
    ingest.add_argument("--db", type=Path, required=True, help="the SQLite database file (created if missing)")
    ingest.add_argument("--lang", choices=("da", "en"), default="da", help="message language (default: da)")
    ingest.add_argument("--workers", type=int, default=0, help="processes for validation (default: all cores)")
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
                     help="jobcenter: the round's register file (overrides register_file in --config)")
    run.add_argument("--out", type=Path, required=True, help="output directory for the workbooks")
    run.add_argument("--lang", choices=("da", "en"), default="da", help="report language (default: da)")
    run.add_argument("--config", type=Path, help="round configuration (TOML) overriding method parameters")
    run.add_argument("--workers", type=int, default=0, help="processes for writing reports (default: all cores)")
    run.set_defaults(handler=_cmd_run)

    status = commands.add_parser(
        "status", help="show who has sent, been refused, replaced or is missing in a round",
        formatter_class=_formatter,
        description="Show the round's status per participant: received, replaced (a corrected resubmission),\n"
                    "refused (with the number of errors) or missing against the list of expected participants.\n"
                    "jobcenter: per municipality which templates are in, missing or refused (--submissions).",
        epilog="examples:\n"
               "  kommunebench status --round 2026 --db bench.sqlite --expected deltagere.csv\n"
               "  kommunebench status --benchmark botilbud --round 2026 --db bench.sqlite --json\n"
               "  kommunebench status --benchmark jobcenter --round 2026 --db bench.sqlite --submissions indsendt/ \\\n"
               "      --register register_2026.csv --xlsx status.xlsx\n"
               "\nThe expected participants come from the prefill CSV (--expected) or the round configuration:\n"
               "  [expected]\n"
               "  administration = [\"101\", \"751\"]\n"
               "\nexit codes: 0 everyone received, 1 someone refused or missing, 2 error")
    _round_arguments(status, "which benchmark (default: administration; jobcenter with --submissions or --register)",
                     default=None)
    status.add_argument("--expected", type=Path, metavar="CSV", help="the prefill CSV listing the participants")
    status.add_argument("--config", type=Path, help="round configuration (TOML) with an [expected] table")
    status.add_argument("--submissions", type=Path, nargs="*", default=[], metavar="DIR",
                        help="jobcenter: folders or files of received workbooks, to find the refused ones")
    status.add_argument("--register", type=Path, metavar="FILE", help="jobcenter: the register file to check")
    status.add_argument("--xlsx", type=Path, metavar="FILE", help="also write the status as a workbook")
    status.add_argument("--lang", choices=("da", "en"), default="da", help="message language (default: da)")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(handler=_cmd_status)

    serve = commands.add_parser(
        "serve", help="serve the Excel add-in (task pane, manifest and HTTP API)", formatter_class=_formatter,
        description="Serve the Excel add-in: the task pane, its manifest with this server's address, and an HTTP API\n"
                    "that validates uploaded workbooks, writes annotated copies and hands out templates. Needs the\n"
                    "add-in extra: pip install 'kommunebench[addin]'. Uploads are not kept.",
        epilog="examples:\n"
               "  kommunebench serve                                      # http://127.0.0.1:8765, in a browser\n"
               "  kommunebench serve --certfile dev.crt --keyfile dev.key  # https://127.0.0.1:8765, for Excel\n"
               "  KOMMUNEBENCH_TOKEN=... kommunebench serve --host 0.0.0.0 --public-url https://bench.example.dk \\\n"
               "      --certfile bench.crt --keyfile bench.key\n"
               "\nThe manifest to sideload is at <address>/manifest.xml (with ?token=... when a token is set).")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this PC only)")
    serve.add_argument("--port", type=int, default=8765, help="port (default: 8765)")
    serve.add_argument("--certfile", type=Path, help="TLS certificate (PEM); Office loads add-ins only over HTTPS")
    serve.add_argument("--keyfile", type=Path, help="TLS private key (PEM)")
    serve.add_argument("--public-url", metavar="URL", help="the address users reach, written into the manifest "
                                                           "(default: scheme://host:port)")
    serve.add_argument("--token", help="require this access token (default: $KOMMUNEBENCH_TOKEN; none if unset)")
    serve.add_argument("--max-upload-mb", type=int, default=20, help="largest accepted workbook (default: 20)")
    serve.add_argument("--workers", type=int, default=0, help="validation processes (default: all cores)")
    serve.add_argument("--keep-uploads", type=Path, metavar="DIR", help="keep a copy of every upload in DIR "
                                                                        "(default: nothing is kept)")
    serve.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                       help="another origin allowed to call the API (CORS); the server's own is always allowed")
    serve.set_defaults(handler=_cmd_serve)

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
    parser.add_argument("--round", dest="year", type=int, required=True, help="the round (year), e.g. 2026")
    parser.add_argument("--db", type=Path, required=True, help="the SQLite database file")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as error:
        from engine.cli_text import ERROR, message_language

        lang = message_language(getattr(args, "lang", None))
        print(f"kommunebench: {ERROR(lang)}: {error.message(lang)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR


def _cmd_templates_build(args: argparse.Namespace) -> int:
    from engine import cli_text
    from engine.benchmarks import DOMAIN_IDS, get_domain
    from engine.templates.prefill import PrefillError, write_prefilled
    from engine.templates.writer import template_filename, write_template

    say = cli_text.message_language(args.lang)
    languages = ("da", "en") if args.lang == "all" else (args.lang,)
    if args.staff_list or args.accounts:
        return _jobcenter_prefill(args, languages)
    args.domain = args.domain or "administration"
    if args.domain not in DOMAIN_IDS:
        raise UsageError(cli_text.unknown_domain(args.domain, ", ".join(DOMAIN_IDS)))
    domain = get_domain(args.domain)
    for lang in languages:
        if args.prefill:
            try:
                written = write_prefilled(domain, args.prefill, args.out, lang)
            except PrefillError as error:
                raise UsageError(error.text) from None
            print(cli_text.prefilled_written(len(written), lang, args.out)(say))
        else:
            path = write_template(domain, args.out / template_filename(domain, lang), lang)
            print(cli_text.wrote(path)(say))
    return EXIT_OK


def _jobcenter_prefill(args: argparse.Namespace, languages: tuple[str, ...]) -> int:
    from engine.benchmarks.jobcenter.prefill import write_department_templates, write_konto5_templates
    from engine.templates.prefill import PrefillError

    implied = "jobcenter_fte" if args.staff_list else "jobcenter_konto5"
    if args.prefill or (args.staff_list and args.accounts) or args.domain not in (None, implied):
        raise UsageError("--staff-list and --accounts each write one kind of jobcenter template; "
                         "use them one at a time, without --prefill or another --domain")
    if args.rows_per_employee < 1:
        raise UsageError("--rows-per-employee must be at least 1")
    for lang in languages:
        try:
            if args.staff_list:
                written = write_department_templates(args.staff_list, args.out, lang, args.rows_per_employee)
            else:
                written = write_konto5_templates(args.accounts, args.out, lang, args.year)
        except PrefillError as error:
            raise UsageError(str(error)) from None
        print(f"{len(written)} prefilled {implied} templates ({lang}) written to {args.out}/")
    return EXIT_OK


def _collect_files(paths: list[Path], exclude: Path | None = None) -> list[Path]:
    """Expand directories into the workbooks they hold; ``exclude`` is a folder whose files are skipped."""
    from engine.cli_text import no_workbooks_in

    skipped = exclude.resolve() if exclude else None
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Skip Excel lock files, and our own output folder when it sits inside the searched one.
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm")
                           and not p.name.startswith(("~$", "."))
                           and not (skipped and skipped in p.resolve().parents))
            if not found:
                raise UsageError(no_workbooks_in(path))
            files.extend(found)
        else:
            files.append(path)
    return files


def _cmd_validate(args: argparse.Namespace) -> int:
    from engine.validation.console import print_json, print_text
    from engine.validation.validate import validate_files

    results = validate_files(_collect_files(args.files, exclude=args.annotate))
    annotated: dict[str, Path] = {}
    if args.annotate:
        from collections import Counter

        from engine.validation.annotate import write_annotated

        stems = Counter(Path(result.path).stem for result in results)
        for result in results:
            source = Path(result.path)
            # Same-named files from different folders must not overwrite each other's copy.
            out_dir = args.annotate / source.parent.name if stems[source.stem] > 1 else args.annotate
            target = write_annotated(result, out_dir, args.lang)
            if target is not None:
                annotated[result.path] = target
    if args.json:
        print_json(results, args.lang, annotated)
    else:
        print_text(results, args.lang, annotated)
    failing = any(not r.valid or (args.strict and r.warning_count) for r in results)
    return EXIT_ISSUES if failing else EXIT_OK


def _cmd_ingest(args: argparse.Namespace) -> int:
    from engine import cli_text
    from engine.progress import Progress
    from engine.validation.console import issue_line
    from engine.run import default_workers, ingest_files
    from engine.store.database import StoreError

    lang = args.lang
    files = _collect_files(args.files)
    progress = Progress(len(files), cli_text.VALIDATING(lang), lang=lang)
    try:
        outcomes = ingest_files(files, args.db, args.year, args.workers or default_workers(), progress.advance)
    except StoreError as error:
        raise UsageError(str(error)) from None
    for outcome in outcomes:
        verb = (cli_text.REPLACED if outcome.replaced else cli_text.STORED) if outcome.stored else cli_text.REFUSED
        who = f"  ({outcome.participant})" if outcome.participant else ""
        print(f"{verb(lang):<9} {outcome.path}{who}")
        for issue in outcome.issues:
            if not outcome.stored or issue.severity == "warning":
                print(issue_line(issue, lang))
    stored = sum(1 for o in outcomes if o.stored)
    print(cli_text.stored_summary(stored, len(outcomes), args.db, args.year)(lang))
    return EXIT_OK if stored == len(outcomes) else EXIT_ISSUES


def _cmd_run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from engine import cli_text
    from engine.progress import Progress
    from engine.benchmarks import get_benchmark
    from engine.run import default_workers, load_parameters, run_round
    from engine.status.model import ExpectedListError, expected_from_config
    from engine.store.database import Store, StoreError

    if not args.db.exists():
        raise UsageError(cli_text.no_database(args.db))
    try:
        params = load_parameters(args.benchmark, args.config)
        expected = expected_from_config(args.config, args.benchmark) if args.config else None
        if args.register is not None:
            if args.benchmark != "jobcenter":
                raise UsageError("--register belongs to the jobcenter benchmark (--benchmark jobcenter)")
            params = replace(params, register_file=str(args.register))
        with Store(args.db) as store:
            count = len(store.current_submissions(get_benchmark(args.benchmark).domain, args.year))
    except (OSError, ValueError, StoreError, ExpectedListError) as error:
        raise UsageError(getattr(error, "text", str(error))) from None  # bilingual where the engine has it
    if not count:
        raise UsageError(cli_text.empty_round(args.year, args.benchmark, args.db))
    progress = Progress(count, cli_text.WRITING_REPORTS(args.lang), lang=args.lang)
    try:
        summary = run_round(args.db, args.year, args.out, args.lang, params, args.workers or default_workers(),
                            progress.advance, benchmark=args.benchmark, expected=expected)
    except (LookupError, ValueError) as error:  # the round cannot be computed from these inputs
        raise UsageError(getattr(error, "text", str(error))) from None
    print(cli_text.reports_written(len(summary.written), args.out, summary.overview)(args.lang))
    if summary.status is not None:  # who is received, refused or missing: also on the overview's sheet
        print(summary.status.summary(args.lang))
    for participant, error in summary.failed.items():
        print(f"{cli_text.FAILED(args.lang)} {participant}:\n{error}", file=sys.stderr)
    return EXIT_OK if not summary.failed else EXIT_ISSUES


def _cmd_serve(args: argparse.Namespace) -> int:
    try:  # the web framework is an optional extra and never imported by the engine itself
        from addin.server import ServerConfig, serve, token_from_environment
    except ImportError as error:
        raise UsageError(f"kommunebench serve needs the add-in extra ({error.name} is missing): "
                         "pip install 'kommunebench[addin]'") from None
    from engine.run import default_workers

    if bool(args.certfile) != bool(args.keyfile):
        raise UsageError("--certfile and --keyfile go together")
    for path in (args.certfile, args.keyfile):
        if path and not path.is_file():
            raise UsageError(f"no such file: {path}")
    if args.max_upload_mb < 1:
        raise UsageError("--max-upload-mb must be at least 1")
    config = ServerConfig(host=args.host, port=args.port, certfile=args.certfile, keyfile=args.keyfile,
                          public_url=args.public_url, token=args.token or token_from_environment(),
                          max_upload_bytes=args.max_upload_mb * 2**20, workers=args.workers or default_workers(),
                          keep_dir=args.keep_uploads, allow_origins=args.allow_origin)
    print(f"kommunebench serves the add-in at {config.origin}/taskpane.html; manifest: {config.origin}/manifest.xml"
          + (" (?token=...)" if config.token else ""), flush=True)
    if not config.certfile:
        print("note: plain HTTP; Excel loads add-ins only over HTTPS (use --certfile/--keyfile)", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1") and not config.token:
        print("warning: listening beyond this PC without an access token (set KOMMUNEBENCH_TOKEN)", flush=True)
    serve(config)
    return EXIT_OK
def _cmd_status(args: argparse.Namespace) -> int:
    from engine.cli_text import no_database
    from engine.status.console import status_command
    from engine.status.model import ExpectedListError
    from engine.store.database import StoreError

    if not args.db.exists():
        raise UsageError(no_database(args.db))
    benchmark = args.benchmark or ("jobcenter" if args.submissions or args.register else "administration")
    try:
        if benchmark == "jobcenter":  # several templates per municipality, refusals found in --submissions too
            from engine.benchmarks.jobcenter.status import run_status_command

            return run_status_command(args.db, args.year, args.submissions, args.register, args.xlsx, args.lang)
        if args.submissions or args.register:
            raise UsageError("--submissions and --register belong to the jobcenter benchmark")
        return status_command(args.db, benchmark, args.year, args.expected, args.config, args.xlsx, args.lang,
                              args.json)
    except (OSError, ExpectedListError, StoreError) as error:
        raise UsageError(getattr(error, "text", str(error))) from None


def _cmd_docs(args: argparse.Namespace) -> int:
    from engine.cli_text import wrote
    from engine.docs import write_docs

    for path in write_docs(args.out, build_parser()):
        print(wrote(path)(args.lang))
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from engine.demo import run_demo

    return run_demo(args.out, seed=args.seed, lang=args.lang)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
