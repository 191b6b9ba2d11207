"""Known answers for the pure parts: the stratified sample, the audit tools' text, the QA figures."""

from __future__ import annotations

from datetime import date

import pytest

from continuum.assurance import figures, sampling, tools
from continuum.assurance.figures import AuditRow
from continuum.assurance.sampling import Candidate


def population() -> list[Candidate]:
    """Team 1: 10 CIN and 5 CP children; team 2: 5 looked after (child ids 1-20)."""
    return (
        [Candidate(1, "CIN", i) for i in range(1, 11)]
        + [Candidate(1, "CP", i) for i in range(11, 16)]
        + [Candidate(2, "CLA", i) for i in range(16, 21)]
    )


def test_quotas_are_proportional_with_the_largest_remainders() -> None:
    sizes = {(1, "CIN"): 10, (1, "CP"): 5, (2, "CLA"): 5}
    # 8 of 20: exact shares 4, 2, 2.
    assert sampling.quotas(sizes, 8) == {(1, "CIN"): 4, (1, "CP"): 2, (2, "CLA"): 2}
    # 7 of 20: shares 3.5, 1.75, 1.75 -> 3, 1, 1 and the two left go to the largest fractions (0.75).
    assert sampling.quotas(sizes, 7) == {(1, "CIN"): 3, (1, "CP"): 2, (2, "CLA"): 2}
    # More asked than there are: everyone.
    assert sampling.quotas(sizes, 40) == sizes
    assert sampling.quotas({}, 5) == {}


def test_the_sample_is_reproducible_from_its_seed_whatever_the_order() -> None:
    first = sampling.propose(population(), 8, seed=2024)
    assert sampling.propose(list(reversed(population())), 8, seed=2024) == first
    assert len(first) == 8
    assert [c.status for c in first].count("CIN") == 4
    assert [c.status for c in first].count("CLA") == 2
    assert sampling.propose(population(), 8, seed=2025) != first


def test_children_audited_recently_are_never_drawn() -> None:
    excluded = set(range(1, 9))  # eight of the ten CIN children
    drawn = sampling.propose(population(), 12, seed=7, exclude=excluded)
    assert not {c.child_id for c in drawn} & excluded
    # 12 eligible left (2 CIN, 5 CP, 5 CLA): all of them.
    assert len(drawn) == 12


def moderation_pool() -> list[sampling.Completed]:
    """Auditor 1: audits 101-112, of which 101 and 102 Inadequate; auditor 2: 201-203, 203 Inadequate."""
    return (
        [sampling.Completed(1, pk, "inadequate") for pk in (101, 102)]
        + [sampling.Completed(1, pk, "good") for pk in range(103, 113)]
        + [sampling.Completed(2, 201, "requires_improvement"), sampling.Completed(2, 202, "good")]
        + [sampling.Completed(2, 203, "inadequate")]
    )


def test_the_moderation_sample_takes_every_inadequate_and_a_share_of_each_auditor() -> None:
    picks = sampling.moderation_sample(moderation_pool(), share=10, seed=5)
    reasons = dict(picks)
    # Every Inadequate audit, whoever did it.
    assert sorted(k for k, why in reasons.items() if why == "inadequate") == [101, 102, 203]
    drawn = [k for k, why in reasons.items() if why == "share"]
    # 10% of auditor 1's 12 audits is 1.2, rounded up to 2; of auditor 2's 3, 0.3 rounded up to 1.
    assert len([k for k in drawn if k < 200]) == 2
    assert len([k for k in drawn if k > 200]) == 1
    assert set(drawn) <= set(range(103, 113)) | {201, 202}
    assert picks == sorted(picks)
    # Reproducible whatever the order given; another seed draws others.
    assert sampling.moderation_sample(list(reversed(moderation_pool())), 10, 5) == picks
    assert any(sampling.moderation_sample(moderation_pool(), 10, seed) != picks for seed in range(6, 12))
    # A third auditor joining does not change who is drawn from the first two.
    more = [*moderation_pool(), sampling.Completed(3, 301, "good")]
    assert [p for p in sampling.moderation_sample(more, 10, 5) if p[0] != 301] == picks
    # All of them at 100%; nothing from nothing.
    assert len(sampling.moderation_sample(moderation_pool(), 100, 5)) == 15
    assert sampling.moderation_sample([], 10, 5) == []


def test_the_vcfs_checklist_is_a_tool_whose_every_question_is_a_rated_standard_with_its_source() -> None:
    sections = tools.parse(tools.VCFS_TOOL.text)
    questions = [q for s in sections for q in s["questions"]]
    assert tools.question_count(sections) == 12
    assert {q["answer"] for q in questions} == {"red/amber/green"}
    assert all(q["checks"] for q in questions)
    # The seed's four themes have their questions (003 L233).
    cited = [q["key"] for q in questions if "Partnership report 2019-20" in q["checks"]]
    assert cited == ["s3q1", "s3q2", "s4q1", "s5q2"]
    assert tools.ANSWER_KINDS["red/amber/green"] == ("red", "amber", "green")


def test_tool_text_round_trips_and_every_default_cites_what_it_checks() -> None:
    for default in (*tools.DEFAULT_TOOLS, tools.VCFS_TOOL):
        sections = tools.parse(default.text)
        assert tools.parse(tools.as_text(sections)) == sections
        assert all(q["checks"] for s in sections for q in s["questions"])
    case_file = tools.parse(tools.CASE_FILE_TEXT)
    assert [s["title"] for s in case_file][:2] == ["Assessment and analysis", "Planning and review"]
    assert case_file[0]["questions"][0]["key"] == "s1q1"
    assert tools.question_count(case_file) == 16


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- A question | yes/no | WT2018", "Line 1: a question must come after a ## section title"),
        (
            "## A\n- No citation | yes/no",
            "Line 2: write a question as - question | answer kind | what it checks",
        ),
        (
            "## A\n- Q | maybe | WT2018",
            "Line 2: the answer kind must be one of yes/no/partly, yes/no, text, red/amber/green",
        ),
        ("## A\n## B\n- Q | yes/no | WT", "The section 'A' has no questions"),
        ("just words", "Line 1: start a section with ## or a question with -"),
    ],
)
def test_tool_text_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(tools.ToolTextError) as error:
        tools.parse(text)
    assert str(error.value) == message


def row(pk: int, grade: str, **more: object) -> AuditRow:
    values: dict[str, object] = {"kind": "case_file", "month": "2024-06", "team": "North", "theme": "Monthly"}
    values.update(more)
    return AuditRow(id=pk, grade=grade, immediate_harm=bool(values.pop("harm", False)), **values)  # type: ignore[arg-type]


ROWS = [
    row(1, "good", moderated_grade="good"),
    row(2, "requires_improvement", moderated_grade="inadequate"),
    row(3, "requires_improvement", moderated_grade="requires_improvement", team="South"),
    row(4, "outstanding", moderated_grade="outstanding", kind="thematic", month="2024-07"),
    row(
        5,
        "inadequate",
        harm=True,
        team="South",
        follow_up_due=date(2024, 7, 1),
        follow_up_done=date(2024, 6, 28),
        follow_up_grade="requires_improvement",
    ),
    row(6, "inadequate", follow_up_due=date(2024, 7, 1)),
    row(7, "good"),
    row(8, "requires_improvement"),
]


def test_each_qa_figure_has_its_known_answer_and_its_audits() -> None:
    got = {f.key: f for f in figures.compute(ROWS, today=date(2024, 7, 2))}
    assert (got["completed"].value, got["completed"].ids) == ("8", tuple(range(1, 9)))
    assert (got["kind-case_file"].value, got["kind-thematic"].value) == ("7", "1")
    assert (got["good-or-better"].value, got["good-or-better"].ids) == ("38% (3 of 8)", (1, 4, 7))
    assert got["grade-inadequate"].value == "25% (2 of 8)"
    assert got["grade-requires_improvement"].ids == (2, 3, 8)
    assert (got["immediate-harm"].value, got["immediate-harm"].ids) == ("1", (5,))
    # Moderated 1-4: the moderator agreed on 1, 3 and 4, not on 2.
    assert (got["moderation"].value, got["moderation"].ids) == ("75% (3 of 4)", (1, 2, 3, 4))
    # Audit 6's follow-up was due Mon 1 July and is not done on 2 July; audit 5's improved.
    assert (got["follow-up-overdue"].value, got["follow-up-overdue"].ids) == ("1", (6,))
    assert got["follow-up-improved"].value == "100% (1 of 1)"


def test_agreement_grades_by_team_and_by_month() -> None:
    assert figures.agreement(ROWS) == figures.Agreement(3, 4)
    assert figures.agreement([]).rate is None
    teams = {name: (counts, ids) for name, counts, ids in figures.by_group(ROWS, "team")}
    assert teams["South"] == ({"requires_improvement": 1, "inadequate": 1}, (3, 5))
    assert figures.by_type_and_month(ROWS)[("case_file", "2024-06")] == 7
    assert figures.percent(0, 0) == "No audits"
    assert figures.percent(1, 3) == "33% (1 of 3)"
    assert figures.percent(2, 3) == "67% (2 of 3)"
