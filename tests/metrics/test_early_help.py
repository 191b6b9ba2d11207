"""Known answers for early help: assessments started, episodes closed and open (seed 001 L533, 003 L132)."""

from __future__ import annotations

from tests.metrics.builders import engine, ids, run, table

EARLY_HELP = table(
    "early_help",
    # Started on the financial year's first day, closed on its last: in both counts, not open at the end.
    {
        "early_help_id": "eh1",
        "la_child_id": "a",
        "eha_start_date": "2024-04-01",
        "eha_end_date": "2025-03-31",
    },
    # Started the day before the year: not started in it; closed in it.
    {
        "early_help_id": "eh2",
        "la_child_id": "b",
        "eha_start_date": "2024-03-31",
        "eha_end_date": "2024-06-30",
    },
    # Started on the year's last day and still open.
    {"early_help_id": "eh3", "la_child_id": "c", "eha_start_date": "2025-03-31"},
    # An unborn child's pre-birth assessment (the children table has no birth date): counted.
    {"early_help_id": "eh4", "la_child_id": "unborn", "eha_start_date": "2024-12-27"},
    # Stepped up to social care on 1 April 2025: open at 31 March 2025, closed in the next year.
    {
        "early_help_id": "eh5",
        "la_child_id": "d",
        "eha_start_date": "2023-09-01",
        "eha_end_date": "2025-04-01",
        "stepped_up_to": "r9",
    },
)
TABLES = {"early_help": EARLY_HELP}


def test_assessments_started_in_the_year() -> None:
    r = run(TABLES, "eh_opened", "2024-25")
    assert ids(r) == ["eh1", "eh3", "eh4"]
    assert r.value == 3


def test_episodes_closed_in_the_year() -> None:
    assert ids(run(TABLES, "eh_closed", "2024-25")) == ["eh1", "eh2"]
    assert ids(run(TABLES, "eh_closed", "2025-04")) == ["eh5"]


def test_episodes_open_at_the_period_end() -> None:
    # eh1 closed on the last day: not open. eh2 closed. eh3, eh4, eh5 open.
    assert ids(run(TABLES, "eh_open", "2024-25")) == ["eh3", "eh4", "eh5"]
    # At the end of December 2024 (a bank holiday week): eh1, eh4 (started 27 Dec), eh5.
    assert ids(run(TABLES, "eh_open", "2024-12")) == ["eh1", "eh4", "eh5"]


def test_no_early_help_data_is_no_data_not_zero() -> None:
    result = engine({}).run_one("eh_opened", "2024-25")
    assert result.status == "no_data"
    assert result.value is None
    assert "no data supplied for: early help episodes" in result.notes


def test_an_empty_table_supplied_is_a_true_zero() -> None:
    assert run({"early_help": table("early_help")}, "eh_opened", "2024-25").value == 0


def test_imported_returns_leave_early_help_out_rather_than_empty() -> None:
    # No statutory return carries early help or PEP/health/dental dates: an import must not
    # supply those tables empty, or the dashboards would show a silent zero.
    from continuum.returns.importer import NOT_IN_RETURNS, _Builder

    assert {"early_help", "peps", "health_assessments", "dental_checks"} <= NOT_IN_RETURNS
    assert not NOT_IN_RETURNS & set(_Builder().tables())
