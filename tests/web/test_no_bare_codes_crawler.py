"""No practitioner page shows a bare DfE code or an internal table name (issue 18 point 7).

A crawler signs in as each practitioner role, starts at the record of a child
with a referral, an assessment, a strategy discussion, a section 47 enquiry, a
conference, a child protection plan and core group, a period in care with a
move, a change of legal status, a review, a missing episode and a visit, and
opens every page of the child it can reach by following links. Each text on
each page is read as a person would: a DfE code (from the code lists with
labels in :mod:`continuum.core.codes`) is bare unless its meaning stands
beside it in the same text ("V2 Single period of accommodation under section
20" is fine, "V2" alone is not); an SSDA903 column name is bare unless in
brackets after words ("Date started (DECOM)"); a model's table name
(``cinepisode``) or a service's step name (``start_cp_plan``) is never shown.

Roles who may only open the record with a stated reason (break glass) state
one first, as they would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from continuum.core import codes, roles
from continuum.core.models import AccessLogEntry
from continuum.journey import services as s
from continuum.web.audit import words
from tests.web.test_chronology_words import build

pytestmark = pytest.mark.django_db

PRACTITIONERS = {
    "sw": roles.SOCIAL_WORKER,
    "tm": roles.TEAM_MANAGER,
    "iro": roles.IRO_CP_CHAIR,
    "qa": roles.QA_OFFICER,
    "mash": roles.MASH_PRACTITIONER,
    "complaints": roles.COMPLAINTS_OFFICER,
}
#: Downloads, not pages.
SKIP = ("/export/", "/print/")
#: Codes that are also everyday words or abbreviations a page may use as words.
EVERYDAY = {"YES", "NO", "CIN", "CP", "LA", "OTHER", "NONE"}
#: SSDA903 column names a page may show only in brackets after their meaning.
COLUMNS = {
    "DECOM",
    "DEC",
    "REC",
    "RNE",
    "LS",
    "PLACE",
    "PLACE_PROVIDER",
    "REASON_PLACE_CHANGE",
    "REVIEW_CODE",
    "IN_TOUCH",
    "ACCOM",
    "ACTIV",
    "MIS_START",
    "MIS_END",
}


def code_meanings() -> dict[str, set[str]]:
    """Every labelled DfE code of two or more characters and the meanings it may stand beside."""
    found: dict[str, set[str]] = {}
    for table in codes.LABELS.values():
        for code, label in table.items():
            if len(code) >= 2 and any(ch.isalpha() for ch in code) and code not in EVERYDAY:
                found.setdefault(code, set()).add(label.lower())
    return found


def table_names() -> set[str]:
    """Model names that are squashed words ("cinepisode", "section47"), not a word a page may use.

    A model named by one plain word ("child", "visit", "professional") is left
    out: its name is English, and any new model is judged the same way.
    """
    return {
        m._meta.model_name or ""
        for m in apps.get_models()
        if " " in str(m._meta.verbose_name).strip() or any(ch.isdigit() for ch in m._meta.model_name or "")
    }


class Texts(HTMLParser):
    """The texts of a page as shown: each text node, with scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


STEP_NAME = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
TOKEN = re.compile(r"(\(?)\b([A-Z][A-Z0-9_]{1,})\b(\)?)|\b([0-9][A-Z][A-Z0-9]*|[A-Z][0-9][A-Z0-9]*)\b")


def problems(text: str, meanings: dict[str, set[str]], tables: set[str]) -> list[str]:
    """What in one text a practitioner should not see: bare codes, column names, table or step names."""
    found = []
    lowered = text.lower()
    for match in TOKEN.finditer(text):
        opened, word, closed, other = match.groups()
        token = word or other
        if token in meanings and any(m in lowered for m in meanings[token]):
            continue  # the meaning stands beside it
        if token in COLUMNS:
            if not (opened and closed):
                found.append(f"column name {token}")
        elif token in meanings:
            found.append(f"bare code {token}")
    found += [f"table name {w}" for w in re.findall(r"\b[a-z0-9]+\b", text) if w in tables]
    found += [f"step name {w}" for w in STEP_NAME.findall(text)]
    return found


def crawl(client: Client, start: str, prefix: str) -> Iterator[tuple[str, str]]:
    """Every page under ``prefix`` reachable from ``start`` by links: (url, html)."""
    seen: set[str] = set()
    queue = [start]
    while queue:
        url = queue.pop(0).split("#", 1)[0]
        if url in seen or any(part in url for part in SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        body = response.content.decode()
        yield url, body
        parser = Texts()
        parser.feed(body)
        queue += [h for h in parser.links if h.startswith(prefix) and h not in seen]


@pytest.fixture
def world(make_user) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    world = build(make_user)
    child = world["child"]
    s.record_cla_review(child=child, review=date(2024, 6, 10), review_code="PN7", by=None)
    start = timezone.make_aware(datetime(2024, 7, 1, 18, 0))
    s.record_missing_episode(
        child=child,
        mis_start=start,
        mis_end=timezone.make_aware(datetime(2024, 7, 2, 9, 0)),
        missing="M",
        where_from="placement_in_borough",
        by=None,
    )
    s.record_visit(child=child, kind="cla", visit_date=date(2024, 7, 5), seen=True, seen_alone=True, by=None)
    for name, role in PRACTITIONERS.items():
        if name not in world["users"]:
            world["users"][name] = make_user(name, role)
    return world


@pytest.mark.parametrize("name", sorted(PRACTITIONERS))
def test_no_practitioner_page_of_the_child_shows_a_bare_code(world, name: str) -> None:
    child = world["child"]
    client = Client()
    client.force_login(world["users"][name])
    prefix = f"/children/{child.pk}/"
    if client.get(prefix).status_code == 302:  # may open it with a reason
        client.post(f"{prefix}break-glass/", {"reason": "Checking the record for a crawler test."})
    meanings, tables = code_meanings(), table_names()
    pages = 0
    failures = []
    for url, body in crawl(client, prefix, prefix):
        pages += 1
        parser = Texts()
        parser.feed(body)
        for text in parser.texts:
            failures += [f"{url}: {p} in {text!r}" for p in problems(text, meanings, tables)]
    assert pages >= 3, f"{name} reached only {pages} pages"
    assert not failures, "\n".join(failures)


def test_the_checker_finds_what_it_should() -> None:
    meanings, tables = code_meanings(), table_names()
    assert problems("V2", meanings, tables) == ["bare code V2"]
    assert problems("V2 Single period of accommodation under section 20", meanings, tables) == []
    assert problems("Started (DECOM)", meanings, tables) == []
    assert problems("DECOM", meanings, tables) == ["column name DECOM"]
    assert problems("cinepisode 4", meanings, tables) == ["table name cinepisode"]
    assert problems("open_referral", meanings, tables) == ["step name open_referral"]
    assert problems("Child in need visit", meanings, tables) == []


def test_access_log_names_actions_in_words(world) -> None:
    """The QA officer reads who did what in words; the filter offers the same words."""
    child = world["child"]
    sw = Client()
    sw.force_login(world["users"]["sw"])
    sw.get(f"/children/{child.pk}/")
    sw.get(f"/children/{child.pk}/looked-after/reviews/new/")
    qa = Client()
    qa.force_login(world["users"]["qa"])
    body = qa.get("/audit/").content.decode()
    assert "Opened a child&#x27;s record" in body
    assert f"Child record {child.pk}" in body
    if AccessLogEntry.objects.filter(action="child.cla_review.new").exists():
        assert "Recorded a looked-after review" in body
    parser = Texts()
    parser.feed(body)
    dotted = [t for t in parser.texts if re.search(r"\b[a-z_]+\.[a-z_.]+\b", t)]
    assert dotted == []
    assert words.action_words("child.cla_review.new") == "Recorded a looked-after review"
    assert words.action_words("child.plan.action.new") == "Recorded a plan action"
    assert words.action_words("something.new_here") == "Something new here"
