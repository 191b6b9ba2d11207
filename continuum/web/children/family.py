"""The family page's casework: add a family member (a person, with their relationship), and change
or end a relationship (issue 18 point 5).

Both are casework (``child.record``, whoever may edit the child's record):
the child is opened through the policy and the view logged
(:func:`~continuum.web.children.pages.recording`). The writes are the journey
services', so each lands in the chronology and a change made against a newer
version is refused, saying what the other person changed.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from continuum.journey import services as s
from continuum.people.models import Child, Relationship, RelationshipType
from continuum.web.children.family_forms import ChangeRelationshipForm, FamilyMemberForm
from continuum.web.children.pages import Data, Page, edit_form, posted, record_form, recording, reread


def _to_family_page(response: HttpResponse, child: Child) -> HttpResponse:
    """Once saved (a redirect to the record), back to the family page the user came from instead."""
    if response.status_code == 302:
        return redirect("child-family", pk=child.pk)
    return response


def _named(rel: Relationship) -> str:
    other = rel.family_member or rel.related_child
    name = f"{other.first_name} {other.last_name}".strip() if other is not None else ""
    return name or "the family member"


@recording("child.family_member.new")
def family_member_new(request: HttpRequest, child: Child) -> HttpResponse:
    """Add a parent, carer, sibling or other person in the child's life, as a person record."""
    form = FamilyMemberForm(posted(request))
    page: Page = {"title": "Add a family member", "template": "children/family_member_form.html"}

    def write(data: Data) -> object:
        return s.add_family_member(
            child=child,
            relationship_type=data["relationship_type"],
            first_name=data["first_name"].strip(),
            last_name=(data.get("last_name") or "").strip(),
            birth_date=data.get("birth_date"),
            sex=data["sex"],
            start_date=data.get("start_date"),
            by=request.user,  # type: ignore[arg-type]
            **form.flags(),
        )

    def done(data: Data) -> str:
        return f"{RelationshipType(data['relationship_type']).label} added."

    return _to_family_page(record_form(request, child, form, page, write, done), child)


@recording("child.relationship.change")
def relationship_change(request: HttpRequest, child: Child, relationship_pk: int) -> HttpResponse:
    """Change how someone is related to the child (parental responsibility, living together), or end it."""
    rel = (
        Relationship.objects.filter(child=child, pk=relationship_pk)
        .select_related("family_member", "related_child")
        .first()
    )
    if rel is None:
        raise Http404
    page: Page = {
        "title": f"Change or end the relationship with {_named(rel)}",
        "template": "children/family_relationship_form.html",
        "extra": {"relationship": rel},
    }
    form = edit_form(request, ChangeRelationshipForm, rel)

    def write(data: Data) -> object:
        return s.change_relationship(
            relationship=rel,
            expected_version=data["version"],
            relationship_type=data["relationship_type"],
            end_date=data.get("end_date") or rel.end_date,
            by=request.user,  # type: ignore[arg-type]
            **form.flags(),
        )

    def done(data: Data) -> str:
        return (
            "Relationship ended."
            if data.get("end_date") and rel.end_date is None
            else "Relationship changed."
        )

    return _to_family_page(record_form(request, child, form, page, write, done, current=reread(rel)), child)
