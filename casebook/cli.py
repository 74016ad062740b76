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
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    if report.notes and args.require_seeds:
        print("casebook: --require-seeds: the seed checks must run here", file=sys.stderr)
        return 1
    if report.problems:
        print(f"{len(report.problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(report.summary())
    if args.coverage:
        print("\n".join(report.coverage().lines()))
        missing = ", ".join(report.missing_translations) or "none"
        print(f"Translations declared in `languages` but not written yet: {missing}")
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


def _cmd_workshop(args: argparse.Namespace) -> int:
    from . import report, workshop
    from .store import Store, default_path

    store = Store(args.store) if args.store else Store(default_path())
    if args.action == "new":
        ws, key = workshop.create(store, args.title or "Workshop")
        print(f"Workshop: {ws.title}")
        print(f"Join code (show it to the room): {ws.code}")
        print(f"Trainer key (keep it to yourself; it is not shown again): {key}")
        print(f"Store: {store.path}")
        print("Serve it with `make workshop`; trainees open the start page and join with the code;")
        print(f"you open trainer/dashboard.ipynb?workshop={ws.code} and type the key.")
        return 0
    if args.action == "list":
        for ws in workshop.all_workshops(store):
            n = len(workshop.members(store, ws.code))
            state = "" if ws.is_open else "  (ended)"
            print(f"{ws.code}  {ws.created[:16].replace('T', ' ')}  {n:>3} trainee(s)  {ws.title}{state}")
        return 0
    if not args.code or workshop.get(store, args.code) is None:
        print(f"casebook: no workshop {args.code!r} in {store.path}", file=sys.stderr)
        return 1
    if args.action in ("end", "reopen"):
        workshop.close(store, args.code, closed=args.action == "end")
        if args.action == "end":
            print(f"Workshop {workshop.normalise_code(args.code)} ended: nobody can join it, and its trainees'")
            print("pages are solo practice from their next page on. Its answers are kept for export.")
        else:
            print(f"Workshop {workshop.normalise_code(args.code)} is open again.")
        return 0
    # export
    csv_path, html_path = args.csv, args.html
    if not csv_path and not html_path:  # neither asked for: both, named after the code, in this folder
        code = workshop.normalise_code(args.code)
        csv_path, html_path = f"workshop-{code}.csv", f"workshop-{code}.html"
    if csv_path:
        out = Path(csv_path)
        out.write_text(report.export_csv(store, args.code, anonymous=args.anonymous), "utf-8", newline="")
        print(f"wrote the CSV of every attempt to {out.resolve()}")
    if html_path:
        out = Path(html_path)
        out.write_text(report.report_html(store, args.code), "utf-8")
        print(f"wrote the printable report to {out.resolve()}")
    return 0


def _cmd_notebook(args: argparse.Namespace) -> int:
    from .loader import load
    from .notebook import write_case_notebook

    path = write_case_notebook(load(args.slug))
    print(f"wrote {path}; now run `make notebooks` to execute it")
    return 0


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
    p.add_argument(
        "--require-seeds",
        action="store_true",
        help="fail when the seed files are not found, instead of noting that their checks did not run (CI)",
    )
    p.set_defaults(func=_cmd_check)
    p = sub.add_parser("list", help="list the cases in teaching order")
    p.set_defaults(func=_cmd_list)
    p = sub.add_parser("notebook", help="write the notebook of a case (then run `make notebooks`)")
    p.add_argument("slug", help="the case id, e.g. dealership-insider")
    p.set_defaults(func=_cmd_notebook)
    p = sub.add_parser("workshop", help="create, list, export, end or reopen workshops (in the shared attempts store)")
    p.add_argument("action", choices=("new", "list", "export", "end", "reopen"))
    p.add_argument("title_or_code", nargs="?", default="", help="new: the title; export, end, reopen: the join code")
    p.add_argument("--store", help="the attempts store (default: $CASEBOOK_STORE or the per-user store)")
    p.add_argument(
        "--csv", help="export: write every attempt as CSV to this file (neither --csv nor --html: write both)"
    )
    p.add_argument(
        "--html",
        help="export: write the printable report to this file (neither: workshop-CODE.csv and .html in this folder)",
    )
    p.add_argument("--anonymous", action="store_true", help="export: trainees as 'Trainee N', not nicknames")
    p.set_defaults(func=_cmd_workshop)
    args = ap.parse_args(argv)
    if args.command == "workshop":
        args.title = args.code = args.title_or_code
    from .store import SaveError, StoreError

    try:
        return int(args.func(args))
    except CasebookError as exc:  # content problems raised outside a per-file check
        print(exc)
        return 1
    except SaveError as exc:  # the store refused a write: a read-only or full disk, a busy file
        print(f"casebook: the attempts store was not changed: {exc.why} ({exc})", file=sys.stderr)
        return 1
    except StoreError as exc:  # the store cannot be opened (damaged, newer, not a store)
        print(f"casebook: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a path given on the command line: a folder that does not exist, no permission
        where = f" {exc.filename}" if exc.filename else ""
        print(f"casebook: cannot write or read{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug, never the content's fault: say so without a traceback
        print(
            f"casebook: internal error ({type(exc).__name__}: {exc}); please report it with the file that caused it",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
