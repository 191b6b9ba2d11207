"""A table that cannot be extracted: one sentence naming table, column and record id, never the value.

The failure is made on real parts: the records go in through the journey
services, the contacts query is changed so its timestamp column carries the
child's name (what a model change that the schema missed would do), and
PostgreSQL's COPY and Arrow's reader then fail as they would in production.
The name looks like personal data, so it must appear in no message and no log.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from continuum.cli import main
from continuum.journey import services as s
from continuum.metrics import extract
from continuum.metrics.extract import ExtractionError, extract_tables

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NAME = "Siobhan O'Neill-Nakamura"
RECEIVED = "(x.received_at AT TIME ZONE 'Europe/London')"


def _contact(la_child_id: str, first_name: str, day: int) -> int:
    child = s.register_child(
        la_child_id=la_child_id,
        first_name=first_name,
        last_name="Example",
        person_birth_date=date(2015, 5, 1),
        sex="F",
        ethnicity="WBRI",
        by=None,
    )
    contact = s.record_contact(
        child=child,
        received_at=datetime(2024, 6, day, 10, tzinfo=LONDON),
        referral_source="5A",
        consent="obtained",
        by=None,
    )
    return contact.id


@pytest.fixture
def unreadable_contact(monkeypatch: pytest.MonkeyPatch) -> int:
    """Three contacts; the second's contact_datetime arrives as its child's name. Returns its id."""
    _contact("ERR-A", "2024-06-03 10:00:00", 3)  # a first name that happens to be a valid moment
    bad = _contact("ERR-B", NAME, 4)
    _contact("ERR-C", "2024-06-05 10:00:00", 5)
    query = extract.QUERIES["contacts"]
    assert query.count(RECEIVED) == 1
    monkeypatch.setitem(extract.QUERIES, "contacts", query.replace(RECEIVED, "c.first_name"))
    return bad


def test_the_message_names_table_column_and_record_never_the_value(unreadable_contact: int) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_tables()
    assert str(caught.value) == (
        f"Could not read the analytical table 'contacts', column 'contact_datetime', "
        f"record id {unreadable_contact}: the value is not a valid date and time."
    )
    assert "Siobhan" not in str(caught.value)


@pytest.mark.parametrize(
    "argv",
    [
        ["kpi", "--period", "2024-25"],
        ["report", "performance-matters", "--month", "2024-06", "--no-pdf", "--no-charts"],
    ],
    ids=["kpi", "report"],
)
def test_a_command_fails_in_one_sentence_logs_it_and_exits_non_zero(
    unreadable_contact: int,
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    log_file = tmp_path / "continuum.log"
    monkeypatch.setenv("CONTINUUM_LOG_FILE", str(log_file))
    monkeypatch.setenv("CONTINUUM_DEBUG", "")  # restored after the test, whatever main() sets
    if argv[0] == "report":
        argv = [*argv, "--out", str(tmp_path / "out")]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    sentence = (
        f"Could not read the analytical table 'contacts', column 'contact_datetime', "
        f"record id {unreadable_contact}: the value is not a valid date and time."
    )
    assert out == ""
    assert err == f"{argv[0]}: {sentence} (Logged in {log_file}.)\n"
    logged = log_file.read_text(encoding="utf-8")
    assert f"{argv[0]}: {sentence}" in logged
    assert "extract.py" in logged  # where it failed, for a developer
    assert "pyarrow.lib.ArrowInvalid (message withheld" in logged  # on what, withheld
    assert "Siobhan" not in err + logged
    logging.getLogger("continuum.cli").handlers.clear()  # the next test logs elsewhere


def test_an_unexpected_failure_is_one_sentence_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any command raising anything: no traceback, non-zero; ``--traceback`` shows it for developers."""
    from continuum.commands import COMMANDS

    def boom(ns: object) -> int:
        raise ZeroDivisionError(f"cannot divide {NAME}")

    monkeypatch.setitem(COMMANDS, "boom-for-test", ("fails on purpose", lambda p: None, boom))
    monkeypatch.setenv("CONTINUUM_LOG_FILE", str(tmp_path / "c.log"))
    monkeypatch.setenv("CONTINUUM_DEBUG", "")  # restored after the test, whatever main() sets
    assert main(["boom-for-test"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "boom-for-test: The boom-for-test command failed unexpectedly (ZeroDivisionError); "
        "the cause is in the log."
    )
    assert "Traceback" not in err
    assert "Siobhan" not in err
    assert main(["--traceback", "boom-for-test"]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err
    logging.getLogger("continuum.cli").handlers.clear()
