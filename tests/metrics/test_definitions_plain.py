"""Every indicator says what it means in words a councillor can read, and where it comes from.

The dashboards' "What this figure means", the breakdown and drill-down pages and
docs/indicators.md print an indicator's definition as it is; its title, numerator,
denominator and caveats are printed as labels and notes beside the figure. A code
of ours in that text ("cp_open per 10,000 ...", a timescale rule's `code`,
"IN_TOUCH = YES") is a word nobody outside the team can decode, so another figure
is named by its title and a timescale rule by the name the admin shows. A DfE
return field in brackets, as a citation (CPPstartDate, IN_TOUCH), may stay.
The source (docs/indicators.md's "Follows") and the note the engine adds when a
table is missing are read by the same people, so they are held to the same rule.
"""

from __future__ import annotations

import re

import pytest

from continuum.core.timescale_defaults import DEFAULT_RULES
from continuum.metrics.definitions import Indicator, all_indicators, get
from continuum.metrics.schema import TABLE_WORDS, TABLES
from tests.metrics.builders import engine

#: A snake_case word: our indicator codes, timescale rule codes, table and setting names.
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
#: A citation of the project's copy of a paper ("seed 001", "L542", "L2892-3135"), not of the paper.
SEED_LINE = re.compile(r"\bseeds? 0|\bL\d+")
#: A code used as an expression ("IN_TOUCH = YES", "MISSING = M"), where words would do.
CODE_EQUALS = re.compile(r"\b[A-Z][A-Z0-9_]*\s*=\s*[A-Z0-9]")
#: A quoted name in a definition: another figure's title or a timescale rule's name.
#: ("council's" inside a title is an apostrophe, not the closing quote.)
QUOTED = re.compile(r"(?<![A-Za-z])'([A-Z](?:[^']|'(?=s\b))*)'")
#: Abbreviations that must be spelled out once in any definition that uses them.
SPELLED_OUT = {
    "CP": re.compile(r"child protection", re.I),
    "CIN": re.compile(r"child(ren)? in need", re.I),
    "CLA": re.compile(r"looked[- ]after", re.I),
}

INDICATORS = all_indicators()


def _shown(ind: Indicator) -> dict[str, str]:
    """The text of an indicator that a page prints: its definition and the labels and notes beside it."""
    texts = {"title": ind.title, "definition": ind.definition, "numerator": ind.numerator}
    if ind.denominator:
        texts["denominator"] = ind.denominator
    texts.update({f"caveat {n + 1}": c for n, c in enumerate(ind.caveats)})
    return texts


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.code)
def test_no_internal_code_in_the_text_a_page_shows(ind: Indicator) -> None:
    codes = {i.code for i in INDICATORS if "_" in i.code}  # "contacts", "referrals" are plain words
    for part, text in _shown(ind).items():
        assert not SNAKE.findall(text), f"{ind.code} {part} uses a code: {SNAKE.findall(text)}"
        assert not [c for c in codes if re.search(rf"\b{c}\b", text)], f"{ind.code} {part} names a code"
        assert "`" not in text, f"{ind.code} {part} quotes a code in backticks"
        assert not CODE_EQUALS.findall(text), f"{ind.code} {part}: {CODE_EQUALS.findall(text)}"


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.code)
def test_no_internal_code_in_the_source(ind: Indicator) -> None:
    # A DfE field or file name (CPPstartDate, SWEpisodes, SW_REASON) is a citation and stays;
    # a table, column or timescale rule code of ours is not.
    assert not SNAKE.findall(ind.source), f"{ind.code} source uses a code: {SNAKE.findall(ind.source)}"
    assert "`" not in ind.source, f"{ind.code} source quotes a code in backticks"


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.code)
def test_the_source_names_a_paper_not_a_line_of_our_copy(ind: Indicator) -> None:
    # "seed 001 L542" is the line of the project's plain-text copy (docs/sources.md), which a reader
    # cannot follow: the borough's paper is named with its heading (the trace stays in a comment).
    assert not SEED_LINE.findall(ind.source), (
        f"{ind.code} source cites our copy: {SEED_LINE.findall(ind.source)}"
    )


def test_the_timescale_rule_a_local_standard_follows_is_named_as_the_admin_shows_it() -> None:
    assert get("assessments_local_standard").source.startswith(
        "The council's timescale rule 'Single assessment completed' (docs/timescales.md)"
    )
    assert get("icpc_local_standard").source.startswith(
        "The council's timescale rule 'Initial child protection conference held' (docs/timescales.md)"
    )
    # Any other source citing a timescale rule names one the admin lists (a renamed rule cannot dangle).
    rules = {r.name for r in DEFAULT_RULES}
    cited = {ind.code: QUOTED.findall(ind.source)[:1] for ind in INDICATORS if "timescale rule" in ind.source}
    assert {code: names for code, names in cited.items() if not set(names) & rules} == {}


def test_every_table_has_words_for_the_pages() -> None:
    assert set(TABLE_WORDS) == {*TABLES, "population"}
    assert not [w for w in TABLE_WORDS.values() if SNAKE.search(w)]


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.code)
def test_the_missing_data_note_names_the_tables_in_words(ind: Indicator) -> None:
    if not ind.tables:  # nothing to be missing
        return
    result = engine({}).run_one(ind.code, "2024-07")
    expected = "no data supplied for: " + ", ".join(TABLE_WORDS[t] for t in ind.tables)
    assert result.status == "no_data"
    assert expected in result.notes
    assert not [n for n in result.notes if SNAKE.findall(n)], result.notes


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.code)
def test_no_developer_remark_in_the_text_a_page_shows(ind: Indicator) -> None:
    """Notes are for the reader: what is assumed and why, not how the team worked it out."""
    remark = re.compile(r"\b(searched|TODO|FIXME|seeds?|seed's|we|our|I)\b|documentation search")
    for part, text in _shown(ind).items():
        assert not remark.findall(text), f"{ind.code} {part}: {remark.findall(text)}"


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.code)
def test_definition_is_a_sentence_that_spells_out_its_abbreviations(ind: Indicator) -> None:
    assert ind.definition.endswith("."), f"{ind.code}: the definition does not end with a full stop"
    assert ind.definition[0].isupper(), f"{ind.code}: the definition does not start a sentence"
    for short, words in SPELLED_OUT.items():
        if re.search(rf"\b{short}\b", ind.definition):
            assert words.search(ind.definition), f"{ind.code}: {short} is not spelled out"


@pytest.mark.parametrize("ind", INDICATORS, ids=lambda i: i.code)
def test_every_indicator_cites_its_source(ind: Indicator) -> None:
    # The source is the citation (a DfE statistic or guide, statute, or the borough's paper):
    # at least a few words, not a placeholder.
    assert len(ind.source.split()) >= 3, f"{ind.code}: source {ind.source!r} cites nothing"


def test_a_quoted_name_is_a_real_figure_or_timescale_rule() -> None:
    """A title or rule name quoted in a definition must exist, so renaming one cannot leave it dangling."""
    names = {i.title for i in INDICATORS} | {r.name for r in DEFAULT_RULES}
    dangling = {
        (ind.code, name) for ind in INDICATORS for name in QUOTED.findall(ind.definition) if name not in names
    }
    assert dangling == set()


def test_a_rate_names_the_figure_it_is_built_on() -> None:
    # The child protection rate is cp_open's count over the 0-17 population: the definition
    # says so by cp_open's title, and says which population estimate it divides by.
    rate, count = get("cp_rate"), get("cp_open")
    assert count.title == "Children on a child protection plan at the period end"
    assert rate.definition == (
        "The number of children on a child protection plan (see 'Children on a child protection plan "
        "at the period end') per 10,000 children aged 0 to 17 in the ONS mid-year population estimate "
        "for the last 30 June on or before the period end."
    )
    assert QUOTED.findall(get("cla_rate").definition) == [get("cla_open").title]
    assert QUOTED.findall(get("cin_rate").definition) == [get("cin_open").title]
    # A local standard names the admin's timescale rule, not its code.
    assert QUOTED.findall(get("mash_decision_1wd").definition) == ["MASH decision on a contact"]
    assert QUOTED.findall(get("icpc_local_standard").definition) == [
        "Initial child protection conference held",
        "Initial conferences held within 15 working days",
    ]
