"""``./run returns validate|export|import|purge``: statutory return files from the command line.

``validate FILE...`` checks return files and reports; ``purge`` applies the
upload retention setting to the web app's uploaded files (for a nightly job).

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
from continuum.core.dates import day_words

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def _returns_args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="<action>", required=True)
    v = sub.add_parser("validate", help="validate CIN census XML files against the DfE rules")
    v.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="CIN census or SEN2 XML file(s), or SSDA903 CSV files (one return)",
    )
    v.add_argument(
        "--previous",
        nargs="+",
        default=[],
        metavar="CSV",
        help="last year's SSDA903 CSV files, for the rules that compare years",
    )
    v.add_argument(
        "--history",
        nargs="+",
        default=[],
        metavar="CSV",
        help="SSDA903 Episodes files of the years before last year, for the rules the DfE limits to "
        "the loaded years (199, 1000, 1001, 1002)",
    )
    v.add_argument(
        "--providers",
        metavar="CSV",
        help="provider-information CSV (one row per Ofsted URN) for SSDA903 rules 219-229; "
        "without it they are reported as not checked",
    )
    v.add_argument(
        "--postcodes",
        metavar="CSV",
        help="the ONS Postcode Directory (ONSPD) CSV, for the SSDA903 rules on the placement's LA, "
        "location and distance (164, 169, 179, 392a, 406, 411, 420, 452, 453, 454, 503G-J, 1015); "
        "without it they are reported as not checked",
    )
    v.add_argument(
        "--la", help="placing authority's 3-digit LA code for rule 229 (default: CONTINUUM_LA_CODE)"
    )
    v.add_argument("--out", metavar="DIR", help="write validation_failures.csv, _summary.csv and .xlsx here")
    v.add_argument(
        "--year",
        help="collection year whose rules to apply, e.g. 2025-26 (default: a CIN file's ReferenceDate; "
        "for SSDA903, the year of the files' latest event date)",
    )
    _export_import_args(sub)
    sub.add_parser(
        "purge",
        help="delete uploaded return files, reports and imported datasets older than "
        "CONTINUUM_RETURN_UPLOAD_RETENTION_DAYS",
    )


def _collection_year(text: str) -> int:
    """``--year 2026-27`` or ``--year 2027``: the year whose 31 March ends the collection."""
    from continuum.returns.export.source import parse_collection_year

    try:
        return parse_collection_year(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def _export_import_args(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser(
        "export", help="write a CIN census, SSDA903 or Annex A return from the analytical tables"
    )
    kinds = e.add_subparsers(dest="kind", metavar="<kind>", required=True)
    for kind, help_text, when, out in (
        ("cin", "CIN census XML", "--year", "FILE"),
        ("903", "SSDA903 CSV files", "--year", "DIR"),
        ("annex-a", "Ofsted Annex A lists 1-11 (XLSX)", "--date", "FILE"),
        (
            "sen2",
            "SEN2 person-level XML for the year's January census, from the SEND records",
            "--year",
            "FILE",
        ),
    ):
        k = kinds.add_parser(kind, help=help_text)
        if when == "--year":
            k.add_argument(
                "--year",
                type=_collection_year,
                required=True,
                help="collection year, e.g. 2026-27 or 2027 (ending 31 March 2027); the current year "
                "gives a year-to-date return, records up to today"
                if kind != "sen2"
                else "collection year, e.g. 2026-27 or 2027: the census of January 2027 (the third "
                "Thursday), records as they stood that day",
            )
        else:
            k.add_argument("--date", required=True, help="the inspection date, YYYY-MM-DD")
            k.add_argument("--months", type=int, choices=(6, 12), default=12, help="months before the date")
        k.add_argument("--out", required=True, metavar=out, help=f"output {out.lower()}")
        if kind == "903":
            k.add_argument(
                "--history-years",
                type=int,
                default=0,
                metavar="N",
                help="also write DIR/history/Episodes_<YEAR>.csv for the N years before last year "
                "(for validate --history)",
            )
        if kind != "sen2":  # SEN2 is written from the SEND records, which the analytical tables do not hold
            k.add_argument(
                "--parquet", metavar="DIR", help="read the analytical tables from Parquet, not the live DB"
            )
        k.add_argument("--la", help="LA number, when the tables hold several authorities")
    i = sub.add_parser(
        "import", help="load CIN census and SEN2 XML and SSDA903 CSV returns into the analytical tables"
    )
    i.add_argument(
        "files", nargs="+", metavar="FILE", help="CIN XML files; SSDA903 CSVs, one folder per year"
    )
    i.add_argument("--parquet-out", required=True, metavar="DIR", help="write DIR/<table>.parquet")
    i.add_argument("--la", help="LA number for SSDA903 rows (default: the CIN files' LEA)")


def _load_tables(ns: argparse.Namespace) -> dict:
    from continuum.returns.export.source import live_tables, load_parquet

    if ns.parquet:
        return load_parquet(ns.parquet)
    from continuum.commands import with_database

    with with_database():
        return live_tables()


def _export(ns: argparse.Namespace) -> int:
    from datetime import date

    if ns.kind == "sen2":
        return _export_sen2(ns)
    try:
        tables = _load_tables(ns)
        if ns.kind == "cin":
            from continuum.returns.export.cin import export_cin

            r = export_cin(tables, ns.out, ns.year, la_code=ns.la)
            print(f"Wrote {r.path}: {r.children:,} children, {r.episodes:,} CIN episodes (LA {r.la_code})")
        elif ns.kind == "903":
            from continuum.returns.export.ssda903 import export_903, export_903_history

            written = export_903(tables, ns.out, ns.year, la_code=ns.la)
            older = export_903_history(tables, ns.out, ns.year, ns.history_years, la_code=ns.la)
            print("Wrote " + ", ".join(str(p) for p in [*written.values(), *older]))
        else:
            from continuum.returns.export.annex_a import export_annex_a

            path, _ = export_annex_a(
                tables, ns.out, date.fromisoformat(ns.date), months=ns.months, la_code=ns.la
            )
            print(f"Wrote {path}")
    except (ValueError, FileNotFoundError) as err:
        print(f"Cannot export: {err}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


def _export_sen2(ns: argparse.Namespace) -> int:
    """SEN2 from the live records (``--year 2026-27``: the census of 21 January 2027)."""
    from continuum.commands import with_database
    from continuum.returns.sen2.export import export_sen2

    year = f"{ns.year - 1}-{ns.year % 100:02d}"
    try:
        with with_database():
            r = export_sen2(ns.out, year, ns.la or _placing_la(ns))
    except KeyError as err:  # no SEN2 layout for the year
        print(f"Cannot export: {err.args[0]}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(
        f"Wrote {r.path}: {r.persons:,} persons, {r.requests:,} requests, {r.active_plans:,} active plans "
        f"(census date {day_words(r.census_date, long=True)})"
    )
    return EXIT_OK


def _placing_la(ns: argparse.Namespace) -> str:
    """``--la``, else the CONTINUUM_LA_CODE setting (the authority this install serves)."""
    if ns.la:
        return ns.la
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "continuum.settings")
    from django.conf import settings

    return settings.CONTINUUM_LA_CODE


def _purge() -> int:
    """Apply the retention setting to the web app's uploads (needs the database)."""
    from continuum.commands import with_database

    with with_database():
        from continuum.returns.services import purge_expired

        purged = purge_expired()
    print(
        f"Deleted {purged.uploads:,} upload(s) ({purged.datasets:,} with an imported dataset) "
        f"and {purged.stray_folders:,} stray folder(s)"
    )
    return EXIT_OK


def _import(ns: argparse.Namespace) -> int:
    from continuum.returns.importer import import_files
    from continuum.returns.report import ReturnFileError

    try:
        result = import_files(ns.files, la_code=ns.la, validate=True)
    except ReturnFileError as err:
        print(f"Cannot read {err}; nothing was imported", file=sys.stderr)
        return EXIT_UNREADABLE
    result.write_parquet(ns.parquet_out)
    rows = ", ".join(f"{k} {v.num_rows:,}" for k, v in result.tables.items() if v.num_rows)
    print(f"Wrote {ns.parquet_out}: {rows}")
    for read in result.returns:  # each year's return: its layout, and validated or "read, not validated"
        print(f"  {read.line}")
    for line in result.unmapped:
        print(f"  not mapped: {line}")
    return EXIT_OK


@command(
    "returns",
    "statutory returns: validate, export and import CIN census / SSDA903 / SEN2 files",
    _returns_args,
)
def _returns(ns: argparse.Namespace) -> int:
    if ns.action == "export":
        return _export(ns)
    if ns.action == "import":
        return _import(ns)
    if ns.action == "purge":
        return _purge()
    from continuum.returns.report import ReturnFileError
    from continuum.returns.validate import validate_files

    # Each CIN file is a return; the CSV files are SSDA903 returns (one per folder, or per year
    # in their names), each checked with its own year's rules or said to be "read, not validated".
    try:
        report = validate_files(
            ns.files,
            year=ns.year,
            previous=getattr(ns, "previous", []),
            history=getattr(ns, "history", []),
            providers=ns.providers,
            postcodes=getattr(ns, "postcodes", None),
            la_code=_placing_la(ns) if any(f.lower().endswith(".csv") for f in ns.files) else None,
        )
    except ReturnFileError as err:
        print(f"Cannot read {err}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyError as err:  # unknown --year
        print(err.args[0], file=sys.stderr)
        return EXIT_UNREADABLE
    print(report.summary_text())
    if ns.out:
        out = Path(ns.out)
        failures_csv, summary_csv = report.write_csv(out)
        xlsx = report.write_xlsx(out)
        print(f"\nWrote {failures_csv}, {summary_csv} and {xlsx}")
    return EXIT_ERRORS if report.has_errors else EXIT_OK
