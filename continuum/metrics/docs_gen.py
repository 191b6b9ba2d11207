"""Generate ``docs/indicators.md`` from the indicator definitions.

Why generated: the definitions are the single source of truth. A test checks
the committed page equals :func:`render`, so the documentation cannot drift
from the SQL. Regenerate with ``python -m continuum.metrics.docs_gen``.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from continuum.metrics.definitions import BREAKDOWNS, Indicator, all_indicators

__all__ = ["DOC_PATH", "render", "write"]

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"

_INTRO = """\
# Indicator definitions

Generated from `continuum/metrics/indicators/` by `python -m continuum.metrics.docs_gen`;
do not edit by hand (a test checks this page is up to date).

Every indicator is one definition: a stable code, its meaning, the DfE definition or the
borough's paper (by its title and heading) it follows, and SQL over the analytical schema
(`continuum/metrics/schema.py`) run by DuckDB. The SQL returns one row per child-level record,
so every figure can be traced to the children behind it.

Compute them with `./run kpi --period 2024-25 --format json` (any period below): the tables
are extracted from the database `DATABASE_URL` names (or the embedded one), or read from
`<table>.parquet` files with `--parquet DIR`. Each JSON entry has `code`, `title`, `value`,
`numerator`, `denominator`, `unit`, `target`, `rag`, `status`, `notes` and `comparators`.

Conventions used by all indicators:

- **Periods.** A month (`2024-07`), a financial quarter (`Q1-2024` = April-June 2024),
  a financial year (`2024-25`) or a rolling 12 months (`R12-2024-07` = August 2023 to
  July 2024). `$start` and `$end` are the period's first and last days, inclusive.
- **Open at the period end** means started on or before the last day and not ended on
  or before it: a plan that ends on 31 March is not open at 31 March.
- **Working days** exclude weekends and bank holidays of England (plus local closure
  days). "Within N working days of X" means on or before the N-th working day after X;
  the due day itself is on time.
- **Rates** are per 10,000 children aged 0-17, from an optional population table; with
  no population figures the rate is null and says so.
- **Rounding** happens only for display, half-up; RAG is decided on the displayed figure.
- **Trend arrows** (↑ ↓ ↔): ↔ is a change under 1 percentage point for percentages, or
  under 2% of the earlier value otherwise (settings `trend_threshold_points`,
  `trend_threshold_relative`).
- **Timescales.** An indicator of the council's own standard counts with the council's
  timescale rules (`docs/timescales.md`): its **Settings** line names the rule step, read
  when the figures are computed, so an edit in the admin moves the work tray and the
  figure together, and settings cannot override it. An indicator that mirrors a DfE
  statistic keeps the statutory number and says so in its definition.
- **Provisional years.** A financial year is provisional while its figures can still move: cut
  short by the data date, or finished but not marked `submitted` or `published` in the settings
  (`{"years": {"2024-25": "submitted"}}`); a year not marked becomes final when the data reaches
  the usual publication day of England's figures (`national_publication`, default `11-30`).
  See `continuum/metrics/provisional.py`.
- **Targets and RAG thresholds** are defaults; a council overrides them in settings
  (`{"indicators": {code: {"target": ..., "green": ..., "amber": ...}}}`).
- **Comparable with national figures** says, for each indicator, whether it follows a DfE
  statistic's definition (and which), so that it can be set beside England's figure, or is a
  local measure. Where practice and the statistic count differently there are two indicators
  (`assessments_45wd`, from the assessment's start as the DfE counts, and
  `assessments_45wd_from_referral`, practice's clock).
- **Comparators** (England, London, statistical neighbours) come from a versioned CSV,
  `continuum/metrics/data/comparators.csv` (columns code, year, comparator, value, source,
  version), replaced by the setting `CONTINUUM_COMPARATORS_CSV`. A period shows each
  comparator's latest figure for its financial year or earlier, with that year; a blank is
  "no figure held", never zero. The shipped figures are listed under each indicator.

Breakdowns: {breakdowns}.
"""


def _fmt(x: float | None) -> str:
    if x is None:
        return "none (set locally)"
    return f"{x:g}"


def _section(ind: Indicator) -> str:
    lines = [
        f"### `{ind.code}`: {ind.title}",
        "",
        ind.definition,
        "",
        f"- **Follows:** {ind.source}",
        f"- **Comparable with national figures:** {_comparable(ind)}",
        f"- **Unit:** {ind.unit}; **polarity:** {ind.polarity}; **measure:** {ind.measure}",
        f"- **Numerator:** {ind.numerator}",
    ]
    if ind.denominator:
        lines.append(f"- **Denominator:** {ind.denominator}")
    rag = f"green {_fmt(ind.rag.green)}, amber {_fmt(ind.rag.amber)}" if ind.rag else "none"
    lines.append(f"- **Default target:** {_fmt(ind.target)}; **RAG:** {rag}")
    lines.append(f"- **Tables:** {', '.join(ind.tables)}")
    lines.append(f"- **Breakdowns:** {', '.join(ind.breakdowns)}")
    if ind.parameters:
        params = ", ".join(f"`{k}` = {v}" for k, v in ind.parameters.items())
        lines.append(f"- **Settings:** {params}")
    lines.extend(f"- **Caveat:** {c}" for c in ind.caveats)
    lines.extend(_comparator_lines(ind.code))
    sql = textwrap.dedent(ind.sql).strip("\n")
    lines += ["", "```sql", sql, "```", ""]
    return "\n".join(lines)


def _comparable(ind: Indicator) -> str:
    """Yes with the national statistic it follows, or no: a local measure, not to set beside England."""
    if ind.comparable:
        return f"yes: {ind.national}"
    return "no: a local measure (its definition differs from any DfE statistic, or none is published)"


def _comparator_lines(code: str) -> list[str]:
    """The shipped comparators file's rows for one indicator (a council's own file may differ)."""
    from continuum.metrics.comparators import COMPARATORS, SHIPPED_CSV, load_comparators

    rows = load_comparators(SHIPPED_CSV).figures(code)
    if not rows:
        return []
    known = [
        f"{f.comparator} {f.year}: {f.value:g} [{f.source}{'; ' + f.address if f.address else ''}]"
        for f in rows
        if f.value is not None
    ]
    valued = {f.comparator for f in rows if f.value is not None}
    blank = [c for c in COMPARATORS if c not in valued and any(f.comparator == c for f in rows)]
    known.extend(_no_figure(blank))
    return [f"- **Comparators (shipped file):** {'; '.join(known)}"]


def _no_figure(blank: list[str]) -> list[str]:
    """What a reader is told of a comparator the shipped file holds no figure for.

    Why in these words: the page is read by analysts and councillors, who need to know that no
    published England or London figure is held for the measure (none is published, or none was
    found to ship), and that statistical neighbours are each council's own to add; how the file
    was put together is the team's business, not theirs.
    """
    national = [c for c in blank if c != "Statistical neighbours"]
    words = []
    if national:
        words.append(f"no published figure held for {' or '.join(national)}")
    if "Statistical neighbours" in blank:
        words.append("statistical neighbours: none shipped, as each council adds its own neighbours' figures")
    return words


def render() -> str:
    """The full Markdown page for the registered indicators, grouped by area."""
    breakdowns = "; ".join(f"`{k}` ({v})" for k, v in BREAKDOWNS.items())
    parts = [_INTRO.replace("{breakdowns}", breakdowns)]
    area = None
    for ind in all_indicators():
        if ind.area != area:
            area = ind.area
            parts.append(f"## {area}\n")
        parts.append(_section(ind))
    return "\n".join(parts).rstrip("\n") + "\n"


def write(path: Path = DOC_PATH) -> Path:
    path.write_text(render(), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.stdout.write(f"wrote {write()}\n")
