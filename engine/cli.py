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
    """A problem with how the command was called (exit code 2)."""


def _formatter(prog: str) -> argparse.HelpFormatter:
    # A fixed width keeps the generated docs/cli.md identical on every machine.
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32, width=100)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kommunebench",
        formatter_class=_formatter,
        description="Benchmark Danish municipalities with Excel templates: build templates, validate filled "
                    "workbooks and (soon) compare participants.",
        epilog="examples:\n"
               "  kommunebench demo\n"
               "  kommunebench templates build --lang en\n"
               "  kommunebench validate indsendt/*.xlsx --annotate rettelser/\n"
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
               "  kommunebench templates build --prefill deltagere.csv --out udsendelse/\n"
               "\nThe prefill CSV has a header row naming front-sheet fields, e.g.\n"
               "  municipality,year,inhabitants,employees\n"
               "  101,2026,,\n"
               "  Aarhus,2026,,\n"
               "municipality takes the municipality code or name; empty cells stay blank.")
    build.add_argument("--domain", default="administration", help="benchmark domain (default: administration)")
    build.add_argument("--lang", choices=("da", "en", "all"), default="da", help="template language (default: da)")
    build.add_argument("--out", type=Path, default=Path("workbook_templates"),
                       help="output directory (default: workbook_templates)")
    build.add_argument("--prefill", type=Path, metavar="CSV",
                       help="write one prefilled template per CSV row instead of the blank template")
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

    docs = commands.add_parser(
        "docs", help="regenerate the generated documentation", formatter_class=_formatter,
        description="Regenerate docs/issue-codes.md, the catalogue of every issue code.",
        epilog="example:\n  kommunebench docs --out docs/")
    docs.add_argument("--out", type=Path, default=Path("docs"), help="output directory (default: docs)")
    docs.set_defaults(handler=_cmd_docs)

    demo = commands.add_parser(
        "demo", help="run the whole flow on synthetic data", formatter_class=_formatter,
        description="Build the templates, fill sample workbooks (one with typical mistakes), validate them and "
                    "write annotated copies, all into one folder.",
        epilog="example:\n  kommunebench demo --out ./kommunebench-demo")
    demo.add_argument("--out", type=Path, default=Path("kommunebench-demo"),
                      help="output directory (default: ./kommunebench-demo)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed for the synthetic data (default: 2026)")
    demo.set_defaults(handler=_cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except UsageError as error:
        print(f"kommunebench: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR


def _cmd_templates_build(args: argparse.Namespace) -> int:
    from engine.domains import DOMAIN_IDS, get_domain
    from engine.prefill import PrefillError, write_prefilled
    from engine.templates import template_filename, write_template

    if args.domain not in DOMAIN_IDS:
        raise UsageError(f"unknown domain {args.domain!r}; known: {', '.join(DOMAIN_IDS)}")
    domain = get_domain(args.domain)
    languages = ("da", "en") if args.lang == "all" else (args.lang,)
    for lang in languages:
        if args.prefill:
            try:
                written = write_prefilled(domain, args.prefill, args.out, lang)
            except PrefillError as error:
                raise UsageError(str(error)) from None
            print(f"{len(written)} prefilled templates ({lang}) written to {args.out}/")
        else:
            path = write_template(domain, args.out / template_filename(domain, lang), lang)
            print(f"wrote {path}")
    return EXIT_OK


def _collect_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Skip Excel lock files and our own annotated copies, which may sit inside the folder.
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm")
                           and not p.name.startswith(("~$", ".")) and not p.name.endswith(".annotated.xlsx"))
            if not found:
                raise UsageError(f"no .xlsx files in directory {path}")
            files.extend(found)
        else:
            files.append(path)
    return files


def _cmd_validate(args: argparse.Namespace) -> int:
    from engine.report_console import print_json, print_text
    from engine.validate import validate_files

    results = validate_files(_collect_files(args.files))
    annotated: dict[str, Path] = {}
    if args.annotate:
        from collections import Counter

        from engine.annotate import write_annotated

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


def _cmd_docs(args: argparse.Namespace) -> int:
    from engine.docs import write_docs

    for path in write_docs(args.out):
        print(f"wrote {path}")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from engine.demo import run_demo

    return run_demo(args.out, seed=args.seed)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
