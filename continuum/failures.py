"""What a user is told when something fails, and what the log keeps: one sentence, never a value.

Why this module: the case record holds personal data, and the messages of
the libraries underneath quote it (Arrow: ``invalid value 'Jane Smith'``;
DuckDB: ``Could not convert string '...'``; PostgreSQL: ``invalid input
syntax ... "..."``). So a failure is shown as one sentence naming *what*
failed (a table, a column, a record id, an indicator), and logged as that
sentence plus where in the code it happened (the frames and the exception
types), with the library's message withheld unless its type is known to
speak only of names (a SQL binder error, Continuum's own :class:`Failure`).

Set ``CONTINUUM_DEBUG=1`` (or pass ``--traceback`` to ``./run``) to see the
whole traceback, messages included, on a developer's own synthetic data.
"""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

__all__ = [
    "Failure",
    "OneLineFailures",
    "command_log",
    "database_unreachable",
    "debug",
    "describe",
    "log_failure",
    "message_is_safe",
    "safe_detail",
    "safe_traceback",
]


class Failure(Exception):
    """An expected failure whose message is one sentence, safe to show to staff and to log.

    Raise a subclass with a message that names the table, column, record id
    or indicator, never a value from the record.
    """


def debug() -> bool:
    """Whether developers asked for whole tracebacks (``CONTINUUM_DEBUG=1``)."""
    return os.environ.get("CONTINUUM_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def _safe_types() -> tuple[type[BaseException], ...]:
    """Exception types whose messages name code and structure (columns, rules, files), not data."""
    safe: list[type[BaseException]] = [Failure]
    try:
        import duckdb

        safe += [duckdb.BinderException, duckdb.CatalogException, duckdb.ParserException]
    except ImportError:  # pragma: no cover - duckdb is a hard dependency
        pass
    # Their messages are written by Continuum for the person running a command: a
    # period label, a comparators-file line, a return file's line, a synthetic rule.
    from continuum.metrics.comparators import ComparatorError
    from continuum.metrics.periods import PeriodError
    from continuum.returns.report import ReturnFileError

    safe += [PeriodError, ComparatorError, ReturnFileError]
    return tuple(safe)


def message_is_safe(exc: BaseException) -> bool:
    """Whether ``exc``'s own message may be shown and logged (it cannot quote a record's value)."""
    return isinstance(exc, _safe_types())


def safe_detail(exc: BaseException) -> str:
    """The exception's type, and its message when that is safe (see :func:`message_is_safe`)."""
    name = type(exc).__name__
    return f"{name}: {exc}" if message_is_safe(exc) and str(exc) else f"{name} (message withheld)"


def describe(exc: BaseException, what: str) -> str:
    """One sentence for the user: what failed (``what``, e.g. "The kpi command") and, if known, why."""
    if message_is_safe(exc):
        return _sentence(str(exc))
    if isinstance(exc, FileNotFoundError):
        return f"{what} failed: no such file or folder {exc.filename or ''}".rstrip() + "."
    if isinstance(exc, PermissionError):
        return f"{what} failed: permission was refused for {exc.filename or 'a file'}."
    if _is_database_unreachable(exc):
        return f"{what} failed: the database could not be reached."
    name = type(exc).__name__
    return f"{what} failed unexpectedly ({name}); the cause is in the log."


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def database_unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` (or anything in its chain) says the database could not be reached or went away."""
    return any(_is_database_unreachable(e) for e in _chain(exc))


def _is_database_unreachable(exc: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return False
    from django.db.utils import InterfaceError as DjangoInterfaceError
    from django.db.utils import OperationalError as DjangoOperationalError

    from continuum.devtools.pg import EmbeddedPostgresError

    return isinstance(
        exc,
        psycopg.OperationalError
        | psycopg.InterfaceError
        | DjangoOperationalError
        | DjangoInterfaceError
        | EmbeddedPostgresError,
    )


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and its causes, earliest first (as Python prints them)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return list(reversed(seen))


def safe_traceback(exc: BaseException) -> str:
    """The traceback with every frame but without unsafe messages: where it failed, not on what."""
    parts: list[str] = []
    for e in _chain(exc):
        parts.append("Traceback (most recent call last):\n")
        parts += traceback.format_list(traceback.extract_tb(e.__traceback__))
        parts.append(f"{type(e).__module__}.{type(e).__qualname__}")
        parts.append(f": {e}\n" if message_is_safe(e) else " (message withheld: it may quote a value)\n")
    return "".join(parts).rstrip("\n")


def log_failure(logger: logging.Logger, sentence: str, exc: BaseException) -> None:
    """Log ``sentence`` and where the failure happened; the full traceback only when debugging.

    Not ``logger.exception``: that would write the library's message, which
    may quote personal data, into a log kept far longer than any page.
    """
    if debug():
        logger.error(sentence, exc_info=exc)
    else:
        logger.error("%s\n%s", sentence, safe_traceback(exc))


def one_line(exc: BaseException) -> str:
    """A failure in one line: its first cause, what that led to, and where in Continuum it surfaced.

    For the web server's log, where one request failing (say every request
    while the database restarts) must not write pages of chained tracebacks,
    nor a library's message that may quote a value.
    """
    chain = _chain(exc)
    cause = "the database could not be reached" if database_unreachable(exc) else safe_detail(chain[0])
    frames = [f for e in chain for f in traceback.extract_tb(e.__traceback__)]
    ours = [f for f in frames if "/continuum/" in f.filename.replace("\\", "/")]
    where = (ours or frames)[-1] if (ours or frames) else None
    at = f" at {Path(where.filename).name}:{where.lineno} ({where.name})" if where else ""
    led_to = f" -> {type(exc).__name__}" if len(chain) > 1 else ""
    return f"{cause}{led_to}{at}"


class OneLineFailures(logging.Filter):
    """Logging filter: a record carrying a traceback is written as one line (see :func:`one_line`).

    Set on the console handler in ``settings.LOGGING``; with ``CONTINUUM_DEBUG=1``
    the whole traceback is kept for developers on synthetic data.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None and not debug():
            record.msg = f"{record.getMessage()}: {one_line(record.exc_info[1])}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def command_log() -> logging.Logger:
    """The log a failed command writes to: ``CONTINUUM_LOG_FILE``, else ``var/log/continuum.log``.

    A file, not the console: the console is where the user reads the one
    sentence, and the log keeps the frames a developer needs.
    """
    log = logging.getLogger("continuum.cli")
    log.propagate = False
    var_dir = Path(os.environ.get("CONTINUUM_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    path = Path(os.environ.get("CONTINUUM_LOG_FILE") or var_dir / "log" / "continuum.log").resolve()
    if any(getattr(h, "baseFilename", None) == str(path) for h in log.handlers):
        return log
    for old in list(log.handlers):  # the setting changed (tests do): log to the new file
        log.removeHandler(old)
        old.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    except OSError:  # a read-only checkout: the sentence on stderr still says what failed
        handler = logging.NullHandler()
    log.addHandler(handler)
    return log
