"""The ``kommunebench`` commands behind the parser of :mod:`engine.cli`.

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
    from engine import cli_text
    from engine.benchmarks.jobcenter.prefill import write_department_templates, write_konto5_templates
    from engine.templates.prefill import PrefillError
    from engine.text import Text

    say = cli_text.message_language(args.lang)
    implied = "jobcenter_fte" if args.staff_list else "jobcenter_konto5"
    if args.prefill or (args.staff_list and args.accounts) or args.domain not in (None, implied):
        raise UsageError(Text("--staff-list og --accounts skriver hver én slags jobcenterskabelon; brug dem én ad "
                              "gangen, uden --prefill eller et andet --domain",
                              "--staff-list and --accounts each write one kind of jobcenter template; "
                              "use them one at a time, without --prefill or another --domain"))
    if args.rows_per_employee < 1:
        raise UsageError(Text("--rows-per-employee skal være mindst 1", "--rows-per-employee must be at least 1"))
    if args.db is not None and not (args.accounts and args.year):
        raise UsageError(Text("--db gemmer de givne beløb fra --accounts-skabeloner for en runde: angiv også --year",
                              "--db records the given amounts of --accounts templates for a round: give --year too"))
    store = None
    if args.db is not None:
        from engine.store.database import Store, StoreError

        try:
            store = Store(args.db)
        except StoreError as error:
            raise UsageError(str(error)) from None
    try:
        for lang in languages:
            try:
                if args.staff_list:
                    written = write_department_templates(args.staff_list, args.out, lang, args.rows_per_employee)
                else:
                    written = write_konto5_templates(args.accounts, args.out, lang, args.year, store)
            except PrefillError as error:
                raise UsageError(error.text) from None
            print(cli_text.prefilled_written(len(written), lang, args.out)(say))
    finally:
        if store is not None:
            store.close()
    if store is not None:
        print(Text(f"givne beløb gemt i {args.db} (runde {args.year}): ingest kontrollerer de returnerede projektmapper",
                   f"given amounts recorded in {args.db} (round {args.year}): ingest checks the returned workbooks")(say))
    return EXIT_OK


def _collect_files(paths: list[Path], lang: str, exclude: Path | None = None) -> list[Path]:
    """Expand directories into the workbooks they hold; ``exclude`` is a folder whose files are skipped."""
    from engine.cli_text import skipped_folder

    skipped = exclude.resolve() if exclude else None
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Skip Excel lock files, and our own output folder when it sits inside the searched one.
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm")
                           and not p.name.startswith(("~$", "."))
                           and not (skipped and skipped in p.resolve().parents))
            if not found:  # one empty folder does not stop the others
                print(f"kommunebench: {skipped_folder(path)(lang)}", file=sys.stderr)
            files.extend(found)
        else:
            files.append(path)
    if not files:
        raise UsageError("no workbooks to process")
    return files


def _cmd_validate(args: argparse.Namespace) -> int:
    from engine.validation.console import print_json, print_text
    from engine.validation.validate import validate_files

    files = _collect_files(args.files, args.lang, exclude=args.annotate)
    with _executor(args) as executor:
        results = validate_files(files, executor=executor)
    annotated: dict[str, Path] = {}
    if args.annotate:
        from collections import Counter

        from engine.validation.annotate_batch import write_annotations

        stems = Counter(Path(result.path).stem for result in results)
        # A copy only where there is something to correct; same-named files from different folders
        # must not overwrite each other's copy.
        flagged = [r for r in results if r.to_correct]
        out_dirs = [args.annotate / Path(r.path).parent.name if stems[Path(r.path).stem] > 1 else args.annotate
                    for r in flagged]
        annotated, unwritable = write_annotations(flagged, out_dirs, args.lang)
    if args.json:
        print_json(results, args.lang, annotated)
    else:
        print_text(results, args.lang, annotated)
    if args.annotate and unwritable:  # the findings above are printed all the same
        raise UsageError(f"no annotated copies written: {unwritable}")
    failing = any(not r.valid or (args.strict and r.warning_count) for r in results)
    return EXIT_ISSUES if failing else EXIT_OK


def _cmd_ingest(args: argparse.Namespace) -> int:
    from engine import cli_text
    from engine.progress import Progress
    from engine.run import ingest_files
    from engine.store.database import IngestInterrupted, StoreError

    lang = args.lang
    files = _collect_files(args.files, lang)
    progress = Progress(len(files), cli_text.VALIDATING(lang), lang=lang)
    try:
        with _executor(args) as executor:
            outcomes = ingest_files(files, args.db, args.year, progress=progress.advance, executor=executor,
                                    make_current=args.make_current)
    except IngestInterrupted as fault:  # say exactly what was stored before the fault
        _print_ingested(fault.outcomes, len(files), args)
        raise UsageError(str(fault)) from None
    except StoreError as error:
        raise UsageError(str(error)) from None
    stored = _print_ingested(outcomes, len(files), args)
    unchanged = sum(1 for o in outcomes if o.unchanged)  # an identical or older file is no failure
    return EXIT_OK if stored + unchanged == len(outcomes) else EXIT_ISSUES


def _print_ingested(outcomes, total: int, args: argparse.Namespace) -> int:
    from engine import cli_text
    from engine.validation.console import issue_line

    lang = args.lang
    for outcome in outcomes:
        verb = (cli_text.REPLACED if outcome.replaced else cli_text.STORED) if outcome.stored else \
            cli_text.UNCHANGED if outcome.unchanged else cli_text.REFUSED
        who = f"  ({outcome.participant})" if outcome.participant else ""
        why = (": " + cli_text.WHY_UNCHANGED[outcome.unchanged](lang).format(current=outcome.current_file)
               if outcome.unchanged else "")
        print(f"{verb(lang):<9} {outcome.path}{who}{why}")
        for issue in outcome.issues:
            if not outcome.stored or issue.severity == "warning":
                print(issue_line(issue, lang))
    stored = sum(1 for o in outcomes if o.stored)
    print(cli_text.stored_summary(stored, total, args.db, args.year)(lang))
    return stored


def _cmd_run(args: argparse.Namespace) -> int:
    import tempfile

    # an input file the round kept is written here for the run, and removed with it
    with tempfile.TemporaryDirectory(prefix="kommunebench-inputs-") as folder:
        return _run(args, Path(folder))


def _run(args: argparse.Namespace, kept_files: Path) -> int:
    from dataclasses import replace

    from engine import cli_text
    from engine.cli_run_inputs import input_file_labels, round_input_files
    from engine.progress import Progress
    from engine.benchmarks import get_benchmark
    from engine.run import load_parameters, run_round
    from engine.status.expected import ExpectedListError, expected_from_config
    from engine.store.database import Store, StoreError
    from engine.workbook.output_paths import prepare_out_dir

    if not args.db.exists():
        raise UsageError(cli_text.no_database(args.db))
    try:
        params = load_parameters(args.benchmark, args.config)
        expected = expected_from_config(args.config, args.benchmark) if args.config else None
        if args.register is not None:
            if args.benchmark != "jobcenter":
                raise UsageError("--register belongs to the jobcenter benchmark (--benchmark jobcenter)")
            params = replace(params, register_file=str(args.register))
        spec, said = get_benchmark(args.benchmark), []
        with Store(args.db, create=False) as store:
            count = len(store.current_submissions(spec.domain, args.year))
            if count:  # the register a run of the round kept, when none is given
                params, said = round_input_files(store.db, args.benchmark, spec.domain, args.year, params,
                                                 kept_files, input_file_labels(spec))
    except (OSError, ValueError, StoreError, ExpectedListError) as error:
        raise UsageError(getattr(error, "text", str(error))) from None  # bilingual where the engine has it
    if not count:
        raise UsageError(cli_text.empty_round(args.year, args.benchmark, args.db))
    for line in said:
        print(line(args.lang))
    prepare_out_dir(args.out)
    progress = Progress(count, cli_text.WRITING_REPORTS(args.lang), lang=args.lang)
    try:
        with _executor(args) as executor:
            summary = run_round(args.db, args.year, args.out, args.lang, params, progress=progress.advance,
                                benchmark=args.benchmark, executor=executor, expected=expected)
    except (LookupError, ValueError) as error:  # the round cannot be computed from these inputs
        raise UsageError(getattr(error, "text", str(error))) from None
    if summary.disk_full:  # every report after the first is refused alike: one line, not one per participant
        raise UsageError(f"{summary.disk_full} ({len(summary.written)} of {count} reports written)")
    print(cli_text.reports_written(len(summary.written), args.out, summary.overview)(args.lang))
    if summary.status is not None:  # who is received, refused or missing: also on the overview's sheet
        print(summary.status.summary(args.lang))
    for participant, error in summary.failed.items():
        print(f"{cli_text.FAILED(args.lang)} {participant}: {error}", file=sys.stderr)
    if args.pdf and not _write_pdfs([*summary.written, summary.overview], args.lang):
        return EXIT_ISSUES
    return EXIT_OK if not summary.failed else EXIT_ISSUES


def _cmd_serve(args: argparse.Namespace) -> int:
    try:  # the web framework is an optional extra and never imported by the engine itself
        from addin.server import ServerConfig, TokenError, read_token, serve
    except ImportError as error:
        raise UsageError(f"kommunebench serve needs the add-in extra ({error.name} is missing): "
                         "pip install 'kommunebench[addin]'") from None
    from engine.run import default_workers

    if args.token is not None:
        raise UsageError("--token is no longer accepted: every user of this machine can read it in the process list. "
                         "Put the token in a file (--token-file FILE) or in KOMMUNEBENCH_TOKEN")
    if bool(args.certfile) != bool(args.keyfile):
        raise UsageError("--certfile and --keyfile go together")
    for path in (args.certfile, args.keyfile):
        if path and not path.is_file():
            raise UsageError(f"no such file: {path}")
    if args.max_upload_mb < 1:
        raise UsageError("--max-upload-mb must be at least 1")
    if not (0 < args.timeout <= 86400 and 0 < args.read_timeout <= 86400):  # NaN fails both
        raise UsageError("--timeout and --read-timeout take seconds, more than 0 and at most 86400")
    if args.host in ("0.0.0.0", "::", "") and not args.public_url:
        raise UsageError(f"--host {args.host or '(all)'} listens on every address: say which one users reach with "
                         "--public-url (it goes into the add-in's manifest)")
    try:
        token = read_token(args.token_file)
    except TokenError as error:
        raise UsageError(str(error)) from None
    config = ServerConfig(host=args.host, port=args.port, certfile=args.certfile, keyfile=args.keyfile,
                          public_url=args.public_url, token=token, max_upload_bytes=args.max_upload_mb * 2**20,
                          workers=args.workers or default_workers(), timeout=args.timeout,
                          read_timeout=args.read_timeout, keep_dir=args.keep_uploads, allow_origins=args.allow_origin,
                          bundle=args.bundle)
    if args.bundle and not (args.bundle / "bundle-lock.json").is_file():
        raise UsageError(f"{args.bundle} is not a folder from 'kommunebench addin build' (no bundle-lock.json)")
    print(f"kommunebench serves the add-in at {config.base_url}/taskpane.html; manifest: {config.base_url}/manifest.xml"
          + (" (?token=...)" if config.token else ""), flush=True)
    if not config.certfile:
        print("note: plain HTTP; Excel loads add-ins only over HTTPS (use --certfile/--keyfile)", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1") and not config.token:
        print("warning: listening beyond this PC without an access token (use --token-file or KOMMUNEBENCH_TOKEN)",
              flush=True)
    serve(config)
    return EXIT_OK


def _cmd_addin_build(args: argparse.Namespace) -> int:
    from addin.bundle import BundleError, build_bundle

    if args.public_url and not args.public_url.startswith("https://"):
        print("note: Excel loads add-ins only over HTTPS; the manifest's address is not https://", flush=True)
    try:
        lock = build_bundle(args.out, args.public_url, args.cache)
    except BundleError as error:
        raise UsageError(str(error)) from None
    size = sum(path.stat().st_size for path in args.out.rglob("*") if path.is_file())
    wheels = ", ".join(f"{w['name']} {w['version']}" for w in lock["wheels"])
    print(f"wrote {args.out} ({size / 2**20:.1f} MB): Pyodide {lock['pyodide']['version']}, {wheels}; "
          f"manifest for {lock['public_url']}", flush=True)
    return EXIT_OK


def _cmd_status(args: argparse.Namespace) -> int:
    from engine.cli_text import no_database
    from engine.status.console import status_command
    from engine.status.expected import ExpectedListError
    from engine.store.database import StoreError

    if not args.db.exists():
        raise UsageError(no_database(args.db))
    benchmark = args.benchmark or ("jobcenter" if args.register else "administration")
    if args.register is not None and benchmark != "jobcenter":
        raise UsageError("--register belongs to the jobcenter benchmark (--benchmark jobcenter)")
    try:
        return status_command(args.db, benchmark, args.year, args.expected, args.config, args.xlsx, args.lang,
                              args.json, args.register)
    except (OSError, ExpectedListError, StoreError) as error:
        raise UsageError(getattr(error, "text", str(error))) from None


def _write_pdfs(workbooks: list[Path], lang: str) -> bool:
    """PDFs beside the workbooks; False (and a message saying why) when none could be written."""
    from engine.report.pdf import PdfUnavailable, export_pdfs
    from engine.text import Text

    try:
        pdfs = export_pdfs(workbooks, lang)
    except PdfUnavailable:
        print(Text("Ingen PDF: LibreOffice er ikke installeret (soffice findes ikke). Arbejdsbøgerne er skrevet; "
                   "installér LibreOffice og kør igen med --pdf.",
                   "No PDF: LibreOffice is not installed (no soffice found). The workbooks are written; install "
                   "LibreOffice and run again with --pdf.")(lang), file=sys.stderr)
        return False
    except RuntimeError as error:
        print(Text(f"Ingen PDF: {error}", f"No PDF: {error}")(lang), file=sys.stderr)
        return False
    print(Text(f"{len(pdfs)} PDF-filer skrevet ved siden af arbejdsbøgerne.",
               f"{len(pdfs)} PDF files written beside the workbooks.")(lang))
    return True


def _executor(args: argparse.Namespace):
    """Local worker processes (``--workers``), or the Dask cluster at ``--scheduler``."""
    from engine.executors import ExecutorError, make_executor

    try:
        return make_executor(args.workers, args.scheduler)
    except ExecutorError as error:
        raise UsageError(str(error)) from None


def _cmd_demo(args: argparse.Namespace) -> int:
    from engine.demo import run_demo

    return run_demo(args.out, seed=args.seed, lang=args.lang)
