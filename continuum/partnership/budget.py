"""The partnership's budget: partners' contributions by year and organisation, what it is spent on,
and the simple budget statement the annual report prints (seed 001, Annex 1: "Budget 2016/17").

Why whole pounds in integers: the seeds' budgets are whole pounds, and a statement whose lines must add
up to its total is exact only in integers. Writes go through :func:`record_contribution` and
:func:`record_spending` (one transaction each); reads through :func:`statement`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from continuum.partnership.models import Body, Contribution, SpendingLine
from continuum.partnership.services import PartnershipRuleError

#: The earliest and latest years a budget line may be for (a typo like 20255 is refused in words).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_label(year: int) -> str:
    """2016 -> "2016/17", as the seeds name a financial year."""
    return f"{year}/{(year + 1) % 100:02d}"


def parse_amount(text: str) -> int:
    """Whole pounds from what a person types ("£12,500" or "12500"); words say what is wrong."""
    cleaned = text.strip().replace(",", "").replace("£", "").strip()
    if not cleaned:
        raise PartnershipRuleError("Enter the amount in pounds", "budget")
    if not cleaned.isdigit():
        raise PartnershipRuleError("Enter the amount in whole pounds, for example 12500", "budget")
    return int(cleaned)


def _checked(year: int, amount: int, text: str, what: str) -> str:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PartnershipRuleError(
            "Enter the financial year as the year it starts, for example 2025", "budget"
        )
    if amount <= 0:
        raise PartnershipRuleError("The amount must be more than £0", "budget")
    if amount > 100_000_000:
        raise PartnershipRuleError("The amount must be less than £100,000,000", "budget")
    text = text.strip()
    if not text:
        raise PartnershipRuleError(f"Enter the {what}", "budget")
    return text


@transaction.atomic
def record_contribution(body: Body, *, year: int, organisation: str, amount: int, by: User) -> Contribution:
    """A partner's contribution for the year; recording the same partner and year again corrects it."""
    organisation = _checked(year, amount, organisation, "contributing organisation")
    row, _ = Contribution.objects.update_or_create(
        body=body, year=year, organisation=organisation, defaults={"amount": amount, "recorded_by": by}
    )
    return row


@transaction.atomic
def record_spending(body: Body, *, year: int, line: str, amount: int, by: User) -> SpendingLine:
    """A line of spending for the year; recording the same line again corrects its amount."""
    line = _checked(year, amount, line, "spending line")
    row, _ = SpendingLine.objects.update_or_create(
        body=body, year=year, line=line, defaults={"amount": amount, "recorded_by": by}
    )
    return row


@dataclass(frozen=True)
class Statement:
    """A year's budget: income by partner, spending by line, and their totals and balance."""

    year: int
    contributions: list[tuple[str, int]]
    spending: list[tuple[str, int]]

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def income(self) -> int:
        return sum(amount for _, amount in self.contributions)

    @property
    def spent(self) -> int:
        return sum(amount for _, amount in self.spending)

    @property
    def balance(self) -> int:
        """Income less spending: positive is carried forward, negative is met from reserves."""
        return self.income - self.spent

    def rows(self) -> list[list[str]]:
        """The statement as table rows (label, pounds), for the page, the HTML/PDF and the DOCX."""
        out = [[org, pounds(amount)] for org, amount in self.contributions]
        out.append(["Total contributions", pounds(self.income)])
        out += [[line, pounds(amount)] for line, amount in self.spending]
        out.append(["Total spending", pounds(self.spent)])
        out.append(["Balance (contributions less spending)", pounds(self.balance)])
        return out

    def as_text(self) -> str:
        """The contributions as the seed's annex prints them: "Budget 2016/17", a line a partner with
        its amount, then the total (tab-separated)."""
        lines = [f"Budget {self.label}", ""]
        lines += [f"{org}\t{amount}" for org, amount in self.contributions]
        lines.append(f"\t{self.income:,}")
        return "\n".join(lines)


def pounds(amount: int) -> str:
    return f"-£{-amount:,}" if amount < 0 else f"£{amount:,}"


def statement(body: Body, year: int) -> Statement:
    """The year's statement, partners and lines in the order recorded."""
    return Statement(
        year,
        list(body.contributions.filter(year=year).values_list("organisation", "amount")),
        list(body.spending.filter(year=year).values_list("line", "amount")),
    )


def years(body: Body) -> list[int]:
    """The years with any budget line, newest first."""
    found = set(body.contributions.values_list("year", flat=True)) | set(
        body.spending.values_list("year", flat=True)
    )
    return sorted(found, reverse=True)
