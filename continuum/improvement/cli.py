"""``./run improvement-import`` and ``./run improvement-export``, and the ``report improvement-plan`` step.

Why on the command line: a plan arrives once, as the spreadsheet the
committee already has; importing it is a set-up step for whoever runs the
service, like importing returns. The committee report is one of ``./run
report``'s reports (continuum/reports/cli.py hands over to :func:`report`).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from continuum.commands import command, with_database

__all__ = ["report", "report_arguments"]


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file", type=Path, help="the plan as an XLSX (sheets Plan, Leads and optionally Priorities)"
    )
    p.add_argument("--title", required=True, help="the plan's title")
    p.add_argument("--owner-body", required=True, help='the body that owns it, e.g. "Children\'s Services"')
    p.add_argument("--area", default="", help="the area it covers")
    p.add_argument("--owner", required=True, metavar="USERNAME", help="the person who keeps the plan")
    p.add_argument("--starts", type=_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--ends", type=_day, required=True, metavar="YYYY-MM-DD")
    p.add_argument("--key", default="", help="the RAG key's code (default: the seed's C/G/A/R key)")
    p.add_argument(
        "--rated-on", type=_day, default=None, metavar="YYYY-MM-DD", help="the day of the RAGs given"
    )


@command(
    "improvement-import",
    "import an improvement or action plan from an XLSX laid out as the seed's",
    _import_args,
)
def _import(ns: argparse.Namespace) -> int:
    with with_database():
        from django.contrib.auth.models import User

        from continuum.core import clock
        from continuum.improvement.keys import ensure_default_key
        from continuum.improvement.models import RagKey
        from continuum.improvement.workbook import ImportRefused, import_file

        owner = User.objects.filter(username=ns.owner, is_active=True).first()
        if owner is None:
            print(f"improvement-import: no user {ns.owner!r}", file=sys.stderr)
            return 2
        key = RagKey.objects.filter(code=ns.key).first() if ns.key else ensure_default_key()
        if key is None:
            print(f"improvement-import: no RAG key {ns.key!r}", file=sys.stderr)
            return 2
        if not ns.file.is_file():
            print(f"improvement-import: no file {ns.file}", file=sys.stderr)
            return 2
        try:
            plan = import_file(
                ns.file,
                title=ns.title,
                owner_body=ns.owner_body,
                area=ns.area,
                owner=owner,
                starts=ns.starts,
                ends=ns.ends,
                key=key,
                by=owner,
                rated_on=ns.rated_on or clock.today(),
            )
        except ImportRefused as exc:
            print(f"improvement-import: {exc}", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
            return 1
        actions, priorities = plan.plan_actions.count(), plan.priorities.count()
        print(f"imported plan {plan.pk}: {actions} actions in {priorities} priorities")
        return 0


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--plan", type=int, required=True, help="the plan's number")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="the XLSX to write")
    p.add_argument("--as-of", type=_day, default=None, metavar="YYYY-MM-DD", help="the plan as it stood then")


@command("improvement-export", "export a plan as an XLSX in the import's layout", _export_args)
def _export(ns: argparse.Namespace) -> int:
    with with_database():
        from continuum.core import clock
        from continuum.improvement.models import Plan
        from continuum.improvement.workbook import export_plan

        plan = Plan.objects.filter(pk=ns.plan).first()
        if plan is None:
            print(f"improvement-export: no plan {ns.plan}", file=sys.stderr)
            return 2
        ns.out.write_bytes(export_plan(plan, ns.as_of or clock.today()))
        print(f"wrote {ns.out}")
        return 0


def report_arguments(p: argparse.ArgumentParser) -> None:
    """The options ``./run report improvement-plan`` adds to the report command."""
    p.add_argument(
        "--plan", type=int, default=None, help="improvement-plan: the plan's number (default: the latest)"
    )
    p.add_argument(
        "--as-of", type=_day, default=None, metavar="YYYY-MM-DD", help="improvement-plan: the report's day"
    )
    p.add_argument(
        "--since",
        type=_day,
        default=None,
        metavar="YYYY-MM-DD",
        help="improvement-plan: changes since (default: the last report)",
    )


def report(ns: argparse.Namespace) -> int:
    """Write the committee report (PDF and DOCX) and record it, so the next report counts changes from it."""
    with with_database():
        from continuum.core import clock
        from continuum.improvement import services
        from continuum.improvement.models import Plan
        from continuum.improvement.report import build, write

        plans = Plan.objects.order_by("-pk")
        plan = plans.filter(pk=ns.plan).first() if ns.plan else plans.first()
        if plan is None:
            print(
                "report: no such improvement plan" if ns.plan else "report: there is no improvement plan yet",
                file=sys.stderr,
            )
            return 2
        as_of = ns.as_of or clock.today()
        content = build(plan, as_of, ns.since)
        try:
            written = write(content, ns.out)
        except RuntimeError as exc:
            print(f"report: {exc}", file=sys.stderr)
            return 1
        services.record_report(plan, as_of=as_of, since=content.since, by=None)
        print(f"wrote {written.pdf} ({written.pages} pages)")
        print(f"wrote {written.docx}")
        return 0
