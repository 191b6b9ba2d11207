"""The borough's own papers that indicators cite, by the names a reader can look them up by.

Why: an indicator's source is printed for analysts and councillors (docs/indicators.md's
"Follows"), who find a figure in the paper the council published, by the paper's own name and
the heading or paragraph it sits under. The line number of the project's plain-text copy of a
paper (docs/sources.md's "seed 001 L542") means nothing to them, so it is kept out of the text:
each paper carries the copy it was read from in :attr:`Paper.seed`, and each citation keeps the
copy's line in a comment beside it, for the team to check against.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CITED", "PAPERS", "Paper"]


@dataclass(frozen=True)
class Paper:
    """One published paper: its own title, and who it was put before (or who published it) and when."""

    title: str
    published: str
    #: The project's copy (a file of shared/seeds, see docs/sources.md): a trace, never printed.
    seed: str

    def __str__(self) -> str:
        return f"{self.title} ({self.published})"

    def at(self, place: str, what: str = "") -> str:
        """A citation: the paper, where in it (its heading in quotes, or a paragraph), and what it says.

        The headings are the paper's own words, so a reader can search the published paper for them.
        """
        CITED.append((self, place, what))
        cited = f"{self}, {place}"
        return f"{cited} ({what})" if what else cited


#: Every citation made by the indicator modules, so a test can check each heading against the paper.
CITED: list[tuple[Paper, str, str]] = []

_COMMITTEE_NOV_2017 = "Barnet's Children, Education, Libraries and Safeguarding Committee, 15 Nov 2017"

#: seed 001 L322-646 (agenda item 8 of the committee's pack).
PROGRESS_REPORT_2017 = Paper(
    "Update report on progress of Barnet Children's Services Improvement Action Plan",
    _COMMITTEE_NOV_2017,
    "001",
)
#: seed 001 L650-1260 (appendix 1 of agenda item 8), with its own appendix 3, the data dashboard (L1194-1245).
IMPROVEMENT_PLAN_2017 = Paper(
    "Barnet Children's Services Improvement Action Plan September 2017-September 2018",
    f"appendix 1 to the update report to {_COMMITTEE_NOV_2017}",
    "001",
)
#: seed 001 L1333-2150 (appendix 3 of agenda item 8).
BOARD_REPORT_2016_17 = Paper(
    "Barnet Safeguarding Children Board Annual Report 2016/17",
    f"appendix 3 to the update report to {_COMMITTEE_NOV_2017}",
    "001",
)
#: seed 001 L82-245 (the minutes of the meeting before, agenda item 1 of the pack).
COMMITTEE_DECISIONS_SEP_2017 = Paper(
    "Decisions of the Children, Education, Libraries & Safeguarding Committee",
    "minutes of Barnet's meeting of 18 Sep 2017",
    "001",
)
#: seed 001 L2888-3395 (agenda item 12: the covering report and, as its appendix A, the strategy).
SEND_STRATEGY_2017 = Paper(
    "Special Educational Needs and Disabilities Strategy 2017-2020", _COMMITTEE_NOV_2017, "001"
)
#: seed 002 L3-340 (no meeting named; figures to June 2015, 1 Sep 2015 still to come).
SAFEGUARDING_PAPER_2015 = Paper(
    "Safeguarding Children and Young People in Barnet", "Barnet Family Services, summer 2015", "002"
)
#: seed 002 L342-585 (appendix 2 of that paper, written June 2015).
QA_REPORT_2015 = Paper(
    "Family Services Quality Assurance Annual Report January 2014 - March 2015",
    "Barnet Family Services, June 2015, appendix 2 to 'Safeguarding Children and Young People in Barnet'",
    "002",
)
#: seed 003 (the whole file); Family Services' own update is L412-490.
PARTNERSHIP_REPORT_2020 = Paper(
    "Barnet Safeguarding Children Partnership Annual report September 2019-September 2020",
    "Barnet Safeguarding Children Partnership, 2020",
    "003",
)
#: seed 004 L1347-2545 (agenda item 10 of the Safer Communities Partnership Board's pack); the same
#: report is seed 000 L533-1790 (agenda item 7 of the Children's Trust Board's pack of 13 Sep 2012).
BOARD_REPORT_2011_12 = Paper(
    "Barnet Safeguarding Children Board Annual Report 2011-12",
    "Barnet Children's Trust Board, 13 Sep 2012, and Safer Communities Partnership Board, 16 Oct 2012",
    "004",
)

#: The 2011-12 annual report's table of outturns (seed 004 L2474-2486, seed 000 L1713-1725).
BOARD_TABLE_2011_12 = "'Appendix 1: Indicators for Safeguarding Childrens Board'"
#: Family Services' update in the partnership's 2019-20 report (seed 003 L412).
FAMILY_SERVICES_UPDATE_2020 = "the update from 'Family Services, London Borough of Barnet'"

PAPERS: tuple[Paper, ...] = (
    PROGRESS_REPORT_2017,
    IMPROVEMENT_PLAN_2017,
    BOARD_REPORT_2016_17,
    COMMITTEE_DECISIONS_SEP_2017,
    SEND_STRATEGY_2017,
    SAFEGUARDING_PAPER_2015,
    QA_REPORT_2015,
    PARTNERSHIP_REPORT_2020,
    BOARD_REPORT_2011_12,
)
