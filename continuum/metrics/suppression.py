"""Small-number suppression: which figures of a table by group are withheld, and how they read.

Why: figures by team, ward, ethnicity or age are seen by board members, and a
group of two children in one ward is close to naming them. This module is the
one statement of the rule; the dashboards' breakdowns and disproportionality
view use it, and so should any report that shows figures by small groups.

The rule (known answers in ``tests/metrics/test_suppression.py``):

* **Primary suppression.** A count of 1 to 4 (below :data:`THRESHOLD`) is
  shown as "fewer than 5" and the group's value, share and ratio are withheld.
* **Zero is shown.** It identifies nobody; so is a missing count (shown "–").
* **Secondary suppression.** If exactly one group in a table is suppressed,
  the next smallest non-zero group is withheld too, so the small one cannot be
  found by subtracting the others from the total. Two or more small groups
  need nothing more (their sum, the only thing a total reveals, does not say
  which child is in which). When every other group is zero or missing there
  is no second group to withhold, and none is.
* **Which count is tested** (:func:`count_tested`): the records counted, or,
  for a percentage, the records measured as well ("0 of 3" identifies three
  children as surely as "3 of 3"), and for days and averages the records
  measured.

Whose convention: the shape follows the Department for Education's published
children's social care statistics, which replace a small figure with "c" "to
protect confidentiality", note that "secondary suppression may be required",
and show zero only where zero was submitted (DfE policy statement on
confidentiality, with the Government Statistical Service symbols; stated in
the methodology of *Children looked after in England: a focus on placement
location*, https://explore-education-statistics.service.gov.uk/methodology/children-looked-after-a-focus-on-placement-location).
That methodology sets no single threshold; 5 (hiding 1 to 4) is this
system's choice, as the dashboards have always applied it. Words replace the
GSS symbol ("fewer than 5", "withheld") because the readers are board
members, not statisticians.
"""

from __future__ import annotations

from collections.abc import Sequence

from continuum.metrics.definitions import Unit
from continuum.metrics.engine import format_value

__all__ = [
    "FEWER_THAN",
    "THRESHOLD",
    "WITHHELD",
    "count_tested",
    "is_small",
    "shown",
    "suppress",
]

#: The smallest count shown as itself; 1 to THRESHOLD - 1 are "fewer than THRESHOLD".
THRESHOLD = 5
FEWER_THAN = f"fewer than {THRESHOLD}"
#: How a figure withheld by secondary suppression (or a small group's value) reads.
WITHHELD = "withheld"

Count = int | float | None


def is_small(count: Count) -> bool:
    """A count of 1 to 4: suppressed, shown as "fewer than 5". Zero and None are not small."""
    return count is not None and 0 < count < THRESHOLD


def suppress(counts: Sequence[Count]) -> list[bool]:
    """Which groups of one table to withhold: every small count, plus the next smallest if only one is.

    The next smallest is the smallest non-zero count not already withheld
    (the first of equals, in the order given); with no such count nothing
    more is withheld.
    """
    hidden = [is_small(c) for c in counts]
    if sum(hidden) == 1 and len(counts) > 1:
        others = [(c, i) for i, c in enumerate(counts) if not hidden[i] and c]
        if others:
            hidden[min(others)[1]] = True
    return hidden


def count_tested(unit: str, numerator: int | float, denominator: Count) -> Count:
    """The count that identifies children in a group: records counted, or records measured."""
    if unit in (Unit.DAYS, Unit.AVERAGE):
        return denominator
    if unit == Unit.PERCENT and not is_small(numerator):
        return denominator  # "0 of 3" identifies three children as surely as "3 of 3"
    return numerator


def shown(count: Count, hidden: bool) -> str:
    """A count as a table shows it: "fewer than 5" if small and hidden, "withheld" if hidden by another."""
    if count is None:
        return "–"
    if hidden and is_small(count):
        return FEWER_THAN
    if hidden:
        return WITHHELD
    return f"{count:,}" if isinstance(count, int) else format_value(count, Unit.AVERAGE)
