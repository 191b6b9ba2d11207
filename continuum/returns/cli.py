"""``./run returns validate FILE...``: validate statutory return files and report.

Prints a plain-text summary; with ``--out DIR`` also writes every failure as
CSV and XLSX. Exit status: 0 when no error-severity rule failed (queries are
allowed), 1 when any did, 2 when a file could not be read at all -- so a
script or CI job can tell "fix the data" from "fix the file".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from continuum.commands import command

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def _returns_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="<action>", required=True)
    v = sub.add_parser("validate", help="validate CIN census XML files against the DfE rules")
    v.add_argument(
        "files", nargs="+", metavar="FILE", help="CIN census XML file(s), or SSDA903 CSV files (one return)"
    )
    v.add_argument(
        "--previous",
        nargs="+",
        default=[],
        metavar="CSV",
        help="last year's SSDA903 CSV files, for the rules that compare years",
    )
    v.add_argument("--out", metavar="DIR", help="write validation_failures.csv, _summary.csv and .xlsx here")
    v.add_argument(
        "--year",
        help="collection year whose rules to apply, e.g. 2025-26 (default: from the file's ReferenceDate)",
    )


@command("returns", "statutory returns: validate CIN census files against the DfE rules", _returns_args)
def _returns(ns: argparse.Namespace) -> int:
    from continuum.returns.cin import validate_cin
    from continuum.returns.report import Report, ReturnFileError

    reports: list[Report] = []
    unreadable = False
    # SSDA903 comes as one CSV per table: all the CSV files given make one return.
    csv_files = [f for f in ns.files if f.lower().endswith(".csv")]
    if csv_files:
        from continuum.returns.ssda903 import validate_903

        try:
            reports.append(validate_903(csv_files, ns.year, previous=getattr(ns, "previous", [])))
        except ReturnFileError as err:
            print(f"Cannot read {err}", file=sys.stderr)
            unreadable = True
        except KeyError as err:  # unknown --year
            print(err.args[0], file=sys.stderr)
            return EXIT_UNREADABLE
    for name in (f for f in ns.files if not f.lower().endswith(".csv")):
        try:
            reports.append(validate_cin(name, ns.year))
        except ReturnFileError as err:
            print(f"Cannot read {err}", file=sys.stderr)
            unreadable = True
        except KeyError as err:  # unknown --year
            print(err.args[0], file=sys.stderr)
            return EXIT_UNREADABLE
    if reports:
        report = Report.merge(reports)
        print(report.summary_text())
        if ns.out:
            out = Path(ns.out)
            failures_csv, summary_csv = report.write_csv(out)
            xlsx = report.write_xlsx(out)
            print(f"\nWrote {failures_csv}, {summary_csv} and {xlsx}")
        if report.has_errors:
            return EXIT_ERRORS
    return EXIT_UNREADABLE if unreadable else EXIT_OK
