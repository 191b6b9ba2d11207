"""``./run report``: Performance Matters (monthly) and the board's annual indicator table.

Why one command with a report name: both reports share the data source
options (a Parquet folder or the live database) and the output folder, and
later reports (dashboard exports) join as further names.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from continuum.commands import command

__all__: list[str] = []


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "report",
        choices=["performance-matters", "board-annual", "improvement-plan", "qa-annual", "complaints-annual"],
        help="which report",
    )
    p.add_argument("--year", help='qa-annual, complaints-annual: the financial year, e.g. "2024-25"')
    p.add_argument("--month", help='performance-matters: the month, e.g. "2020-07"')
    p.add_argument("--years", type=int, default=5, help="board-annual: financial years to show (default 5)")
    p.add_argument(
        "--parquet", type=Path, metavar="DIR", help="folder of <table>.parquet files (default: database)"
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the report to")
    p.add_argument(
        "--data-up-to",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the date the data runs to (default: the latest recorded event)",
    )
    p.add_argument("--organisation", default="", help="name shown at the top of the report")
    p.add_argument("--no-pdf", action="store_true", help="performance-matters: HTML only")
    p.add_argument("--no-charts", action="store_true", help="performance-matters: leave out the charts")
    from continuum.improvement.cli import report_arguments

    report_arguments(p)


def _check_reportable(ns: argparse.Namespace, month: object) -> None:
    """Refuse, before the tables are read, a month or a ``--data-up-to`` year that has not started.

    Why here as well as in the report's build: reading the tables takes a while, and the rule
    (:mod:`continuum.reports.reportable`) is the page's and the draft job's too.
    """
    from continuum.core import clock
    from continuum.metrics.periods import PeriodKind, period_of

    from .reportable import check_month, check_year

    today = clock.today()
    if ns.report == "performance-matters" and month is not None:
        check_month(month, today)  # type: ignore[arg-type]
    if ns.report == "board-annual" and ns.data_up_to is not None:
        check_year(period_of(ns.data_up_to, PeriodKind.FINANCIAL_YEAR), today)


@command("report", "build Performance Matters (HTML, PDF) or the board's annual indicator table", _args)
def _report(ns: argparse.Namespace) -> int:
    from continuum.metrics.periods import PeriodError, parse_period

    from .sources import SourceError, latest_event_date, load_tables

    if ns.report == "qa-annual":  # the QA annual report, from the case audits (continuum/assurance/)
        from continuum.assurance.report import command as qa_annual

        return qa_annual(ns.year, ns.out, ns.organisation)
    if ns.report == "complaints-annual":  # the complaints annual report's tables (continuum/complaints/)
        from continuum.commands import with_database

        with with_database():  # its module reads the complaint models, so Django first
            from continuum.complaints.report import command as complaints_annual

            return complaints_annual(ns.year, ns.out, ns.organisation)
    if ns.report == "improvement-plan":  # the committee report on a plan: no indicator tables needed
        from continuum.improvement.cli import report

        return report(ns)
    if ns.report == "performance-matters" and not ns.month:
        print("report: performance-matters needs --month, e.g. --month 2020-07", file=sys.stderr)
        return 2
    if ns.years < 1:
        print("report: --years must be at least 1", file=sys.stderr)
        return 2
    try:
        month = parse_period(ns.month) if ns.month else None
        _check_reportable(ns, month)
    except PeriodError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    try:
        tables, source = load_tables(ns.parquet)
    except SourceError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    data_up_to = ns.data_up_to or latest_event_date(tables)
    if ns.report == "performance-matters":
        from . import performance_matters as pm

        try:
            report = pm.build(
                tables,
                month,  # type: ignore[arg-type]
                source=source,
                data_up_to=data_up_to,
                charts=() if ns.no_charts else pm.CHARTS,
                organisation=ns.organisation,
            )
        except ValueError as exc:
            print(f"report: {exc}", file=sys.stderr)
            return 2
        from continuum.failures import command_log, log_failure

        for sentence, cause in report.failures:  # shown as notes below; the causes go to the log
            log_failure(command_log(), f"report: {sentence}", cause)
        written = pm.write(report, ns.out, pdf=not ns.no_pdf)
        print(f"wrote {written.html}")
        if written.pdf:
            print(f"wrote {written.pdf} ({written.pages} pages)")
        for note in dict.fromkeys(report.notes):
            print(f"report: note: {note}", file=sys.stderr)
        return 0
    from . import board

    if data_up_to is None:
        print("report: the tables hold no dated events; give --data-up-to", file=sys.stderr)
        return 2
    from continuum.metrics.provisional import council_settings

    # The council's indicator settings: targets, and which years are marked submitted or published.
    council = council_settings()
    result = board.build(tables, years=ns.years, data_up_to=data_up_to, source=source, settings=council)
    for path in board.write(result, ns.out, organisation=ns.organisation):
        print(f"wrote {path}")
    return 0
