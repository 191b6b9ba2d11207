"""./run test lists the slowest tests, unless the caller chose a count of their own."""

from __future__ import annotations

from continuum.devtools.testrun import SLOWEST, pytest_command


def test_the_slowest_fifteen_are_listed_by_default() -> None:
    command = pytest_command(["-q", "tests/core"])
    assert command[1:] == ["-m", "pytest", "--durations=15", "-q", "tests/core"]
    assert SLOWEST == 15


def test_a_count_the_caller_gives_wins() -> None:
    assert "--durations=15" not in pytest_command(["--durations=3"])
    assert "--durations=15" not in pytest_command(["--durations", "0"])


def test_the_whole_suite_runs_on_parallel_workers_one_file_each(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CONTINUUM_TEST_WORKERS", "2")
    command = pytest_command(["-q"])
    assert command[command.index("-n") + 1] == "2"
    assert command[command.index("--dist") + 1] == "loadfile"


def test_named_files_and_a_chosen_worker_count_stay_as_asked(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CONTINUUM_TEST_WORKERS", "2")
    assert "-n" not in pytest_command(["tests/core"])
    assert pytest_command(["-n", "3"]).count("-n") == 1
    assert "--dist" not in pytest_command(["-p", "no:xdist"])
    monkeypatch.setenv("CONTINUUM_TEST_WORKERS", "0")
    assert "-n" not in pytest_command([])
