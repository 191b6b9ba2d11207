"""The QA annual report: the financial year, the figures it states (the dashboard's), HTML and PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import override_settings

from continuum.assurance import report, services
from tests.assurance.test_services import qa_world  # noqa: F401 - the fixture, shared


def test_the_financial_year_is_april_to_march() -> None:
    assert report.financial_year("2024-25") == (date(2024, 4, 1), date(2025, 3, 31))
    assert report.financial_year("1999-00") == (date(1999, 4, 1), date(2000, 3, 31))
    for bad in ("2024-26", "2024", "24-25", ""):
        with pytest.raises(report.YearError):
            report.financial_year(bad)


def test_a_bad_year_is_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report.command("2024/25", tmp_path) == 2
    assert "financial year written like 2024-25" in capsys.readouterr().err


@pytest.mark.django_db
@override_settings(CONTINUUM_AS_OF="2024-06-20")
def test_the_report_states_the_years_figures_in_html_and_pdf(qa_world, tmp_path: Path) -> None:  # noqa: F811
    users = qa_world["users"]
    tool = services.current_tool("case-file")
    for child, grade in ((qa_world["child"], "good"), (qa_world["others"][0], "inadequate")):
        audit = services.start_audit(child=child, tool=tool, as_at=date(2024, 6, 3), by=users["qa"])
        services.complete_audit(
            audit,
            by=users["auditor"],
            immediate_harm=False,
            overall=grade,
            section_grades={s["key"]: grade for s in tool.sections},
            on=date(2024, 6, 10),
        )
    html = report.build("2024-25", date(2024, 6, 20), organisation="Demo Borough")
    assert "Quality Assurance Annual Report 2024-25" in html
    assert "In all, 2 audits were completed." in html
    assert "None of the cases audited found children to be at risk of immediate harm." in html
    assert "<td>50% (1 of 2)</td>" in html  # Good or better
    written = report.write(html, "2024-25", tmp_path)
    assert written.html.read_text(encoding="utf-8") == html
    assert written.pdf.read_bytes().startswith(b"%PDF")
    assert written.pages >= 1
