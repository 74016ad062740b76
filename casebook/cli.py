"""The ``casebook`` command: ``casebook check [PATHS]`` and ``casebook list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import CasebookError
from .loader import check


def _cmd_check(args: argparse.Namespace) -> int:
    report = check([Path(p) for p in args.paths])
    for problem in report.problems:
        print(problem)
    if report.problems:
        print(f"{len(report.problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(report.summary())
    if args.coverage:
        print("\n".join(report.coverage().lines()))
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    report = check([])
    for problem in report.problems:
        print(problem)
    for case in report.cases:
        types = sorted({q.type for q in case.quizzes})
        print(
            f"{case.order:>2}  {case.id:<28} {len(case.quizzes):>3} items  "
            f"{'/'.join(case.jurisdictions):<6} {case.title.en}  [{', '.join(types)}]"
        )
    return 1 if report.problems else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="casebook", description="Check and list the Data Rights Casebook.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "check", help="validate the registries and cases; print every problem as path:line: field: problem"
    )
    p.add_argument("paths", nargs="*", help="case files or folders (default: casebook/cases/)")
    p.add_argument(
        "--coverage",
        action="store_true",
        help="also report which case uses each seed, the law each seed cites, and historic citations",
    )
    p.set_defaults(func=_cmd_check)
    p = sub.add_parser("list", help="list the cases in teaching order")
    p.set_defaults(func=_cmd_list)
    args = ap.parse_args(argv)
    try:
        return int(args.func(args))
    except CasebookError as exc:  # content problems raised outside a per-file check
        print(exc)
        return 1
    except Exception as exc:  # a bug, never the content's fault: say so without a traceback
        print(
            f"casebook: internal error ({type(exc).__name__}: {exc}); please report it with the file that caused it",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
