"""The documentation names the borough's papers, never a line of the project's copy of them.

Why: a reader of docs/ (an analyst, a councillor, a council adopting Continuum) finds a figure in
the paper the council published, by its title, who it went to and when, and the heading it sits
under. "seed 001 L542" is a line of the project's plain-text copy (shared/seeds, outside the
repository), which a reader does not have. docs/sources.md alone explains that notation, for the
code comments that keep it as the team's trace.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: "seed 001 L542", "(002 L244)", "001 L1531, L534", "000 L1716-1748", "seed 004's ... (lines 296-319)".
LINE_CITATION = re.compile(r"\b(?:seed\s+)?00[0-4](?:'s)?\s+L\d+|\bseed\s+00[0-4]\b[^.\n]*\blines?\s+\d+")
#: The one page that explains the notation to the team.
NOTATION = ROOT / "docs" / "sources.md"


def _line_citations(text: str) -> list[str]:
    return [m.group(0) for m in LINE_CITATION.finditer(text)]


def test_the_pattern_finds_the_old_citations_and_nothing_else() -> None:
    # Worked by hand from the lines this test replaced.
    assert _line_citations("Barnet's measures count visits (seed 001 L538–539).") == ["seed 001 L538"]
    assert _line_citations("| Contacts | 15,146 | 001 L1505 | 15,403 |") == ["001 L1505"]
    assert _line_citations("standard, seed 002 L244) as overdue") == ["seed 002 L244"]
    assert _line_citations("loads seed 004's 2012 figures (lines 296-319) as") == [
        "seed 004's 2012 figures (lines 296"
    ]
    # DfE codes, rule numbers and random seeds are not citations.
    assert _line_citations("Legal status: L0 single; L11 married; rules 514-524") == []
    assert _line_citations("./run synth --years 5 --seed 1; seeds 3 and 7; Sex line 24") == []


def test_no_doc_cites_a_line_of_the_copy() -> None:
    pages = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
    found = {
        str(page.relative_to(ROOT)): hits
        for page in pages
        if page != NOTATION and (hits := _line_citations(page.read_text(encoding="utf-8")))
    }
    assert found == {}
