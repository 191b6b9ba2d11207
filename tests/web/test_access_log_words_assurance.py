"""The access log names quality assurance's actions in words (found by review: the filter and the log
read "Assurance case audit discussion", "Assurance section11 return", the stored names spelled out)."""

from __future__ import annotations

import re
from pathlib import Path

from continuum.web.audit.words import ACTIONS, action_words

VIEWS = Path(__file__).resolve().parents[2] / "continuum" / "web" / "assurance" / "views.py"


def test_every_action_the_qa_pages_log_has_its_own_words() -> None:
    logged = set(re.findall(r'"(assurance\.[a-z0-9_.]+)"', VIEWS.read_text()))
    # The names the views pass to the log (not the policy's rule names, which are asked, not logged).
    named = {
        "assurance.case_audit.view",
        "assurance.case_audit.record",
        "assurance.case_audit.discussion",
        "assurance.case_audit.feedback",
        "assurance.case_audit.moderate",
        "assurance.case_audit.follow_up",
        "assurance.drilldown",
        "assurance.programme",
        "assurance.section11.return",
    }
    assert named <= logged
    for name in named:
        assert name in ACTIONS, name
    assert action_words("assurance.section11.return") == "Opened a Section 11 return"
    assert action_words("assurance.case_audit.discussion") == "Opened a case audit's reflective discussion"
