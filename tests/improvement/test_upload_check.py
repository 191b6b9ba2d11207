"""The improvement plan's import and a partnership paper refuse the same bad files with the same words:
both go through the one upload check (continuum/core/uploads.py).

Found by review: the plan's import checked only the size (its own rule and words), so a file named
.xlsx holding anything else reached the spreadsheet reader.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from continuum.core import roles
from continuum.core.uploads import UploadRejected, check
from continuum.improvement.keys import ensure_default_key
from continuum.improvement.models import Plan
from continuum.improvement.workbook import ImportRefused, import_file
from continuum.partnership import services as partnership
from continuum.partnership.models import Body, Meeting
from continuum.partnership.services import PartnershipRuleError

pytestmark = pytest.mark.django_db

#: (file name, content, the refusal): the same for a plan and for a paper, bar what the file should be.
BAD = [
    ("plan.csv", b"ID,Objective\n", "must be "),
    ("plan.xlsx", b"ID,Objective\n", "The file is named .xlsx but is not an Excel (XLSX) file"),
    ("plan.xlsx", b"", "The file is empty"),
]


def _zip(part: str, size: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as package:
        package.writestr(part, "<x/>" + " " * size)
    return out.getvalue()


def _form(upload: SimpleUploadedFile) -> dict[str, object]:
    return {
        "title": "Imported plan", "owner_body": "Children's Services", "file": upload,
        "starts-day": "1", "starts-month": "9", "starts-year": "2017",
        "ends-day": "30", "ends-month": "9", "ends-year": "2018",
    }  # fmt: skip


def _plan_refusal(client: Client, name: str, content: bytes) -> list[str]:
    response = client.post("/improvement/import/", _form(SimpleUploadedFile(name, content)))
    assert response.status_code == 400
    return [message for anchor, message in response.context["errors"] if anchor == "id_file"]


def _paper_refusal(name: str, content: bytes, by) -> str:  # type: ignore[no-untyped-def]
    body = Body.objects.get_or_create(name="Upload board", kind="board", secretary=by)[0]
    meeting = Meeting.objects.get_or_create(body=body, starts_at="2026-06-10T14:00Z", place="Room 1")[0]
    item = meeting.items.first() or partnership.add_item(meeting, title="Papers")
    with pytest.raises(PartnershipRuleError) as refused:
        partnership.attach_file(item, title="x", filename=name, content=content, by=by)
    return refused.value.messages[0]


def test_both_imports_refuse_the_same_bad_files_in_the_same_words(make_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMPROVEMENT_MAX_PLAN_MB = 1
    settings.PARTNERSHIP_MAX_PAPER_MB = 1
    manager = make_user("manager", roles.TEAM_MANAGER)
    client = Client()
    client.force_login(manager)
    oversized = ("big.xlsx", _zip("xl/workbook.xml", size=1024 * 1024), "The file must be 1 MB or smaller")
    for name, content, words in [*BAD, oversized]:
        plan = _plan_refusal(client, name, content)
        paper = _paper_refusal(name, content, manager)
        assert len(plan) == 1, name
        assert words in plan[0], name
        assert words in paper, name
        if words != "must be ":
            assert plan[0] == paper, name
    # What each takes is said in the same shape.
    assert _plan_refusal(client, "plan.csv", b"x") == ["The plan must be an Excel (XLSX) file"]
    paper = _paper_refusal("plan.csv", b"x", manager)
    assert paper == "The paper must be a PDF, Word (DOCX) or Excel (XLSX) file"
    assert not Plan.objects.exists()


def test_the_command_line_import_is_checked_too(make_user, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    owner = make_user("owner", roles.TEAM_MANAGER)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"%PDF-1.7 not a workbook")
    with pytest.raises(ImportRefused) as refused:
        import_file(
            path, title="x", owner_body="x", owner=owner, starts=date(2017, 9, 1), ends=date(2018, 9, 30),
            key=ensure_default_key(), by=owner, rated_on=date(2017, 10, 31),
        )  # fmt: skip
    assert refused.value.problems == ["The file is named .xlsx but is not an Excel (XLSX) file"]


def test_the_shared_check_known_answers() -> None:
    workbook = _zip("xl/workbook.xml")
    assert check("Plan.XLSX", workbook, kinds=("xlsx",), max_mb=1, noun="plan") == "xlsx"
    assert check("a.pdf", b"%PDF-1.7", max_mb=1, noun="paper") == "pdf"
    refusals = [
        (("a.docx", workbook), {}, "The file is named .docx but is not a Word (DOCX) file"),
        (("a.xlsx", workbook), {"kinds": ("pdf", "docx")}, "The report must be a PDF or Word (DOCX) file"),
        (("a.pdf", b"%PDF-" + b"0" * (1024 * 1024)), {}, "The file must be 1 MB or smaller"),
    ]
    for args, kinds, words in refusals:
        with pytest.raises(UploadRejected) as refused:
            check(*args, max_mb=1, noun="report", **kinds)
        assert str(refused.value) == words
