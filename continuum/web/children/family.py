"""The family page's casework: add a family member (a person, with their relationship), and change
or end a relationship (issue 18 point 5).

Adding a family member first offers the people already recorded around the
child -- the family of its siblings (either way round) and of the children
living at its current address, and adults recorded at that address -- so a
mother of two siblings is one person linked to both. Another child's family is
read only when the user may open that child's record, and each such read is
in the access log (``child.family.people_around``). A person may also be found
by their person record number, under the same rule; a name is never put in a
URL (the search is posted).

Both are casework (``child.record``, whoever may edit the child's record):
the child is opened through the policy and the view logged
(:func:`~continuum.web.children.pages.recording`). The writes are the journey
services', so each lands in the chronology and a change made against a newer
version is refused, saying what the other person changed.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from continuum.core.dates import day_words
from continuum.core.policy import may
from continuum.journey import services as s
from continuum.people.models import Child, ChildAddress, FamilyMember, Relationship, RelationshipType
from continuum.web.children.access import access_for, log
from continuum.web.children.family_forms import ChangeRelationshipForm, FamilyMemberForm, Offered
from continuum.web.children.pages import (
    Data,
    Page,
    edit_form,
    form_page,
    posted,
    record_form,
    recording,
    reread,
)


def _to_family_page(response: HttpResponse, child: Child) -> HttpResponse:
    """Once saved (a redirect to the record), back to the family page the user came from instead."""
    if response.status_code == 302:
        return redirect("child-family", pk=child.pk)
    return response


def _named(rel: Relationship) -> str:
    other = rel.family_member or rel.related_child
    name = f"{other.first_name} {other.last_name}".strip() if other is not None else ""
    return name or "the family member"


class _Around:
    """Who is recorded around ``child`` that this user may see, read once per request.

    ``children``: the other children whose records the user may open (siblings either way round,
    children living at the child's current address); their family members are offered, each read
    logged. ``in_family``: the people already related to this child.
    """

    def __init__(self, request: HttpRequest, child: Child) -> None:
        self.request = request
        self.child = child
        self.homes = list(
            ChildAddress.objects.filter(child=child, end_date__isnull=True).values_list(
                "address_id", flat=True
            )
        )
        near = set(
            Relationship.objects.filter(child=child, related_child__isnull=False).values_list(
                "related_child_id", flat=True
            )
        )
        near |= set(Relationship.objects.filter(related_child=child).values_list("child_id", flat=True))
        near |= set(
            ChildAddress.objects.filter(address_id__in=self.homes, end_date__isnull=True).values_list(
                "child_id", flat=True
            )
        )
        near.discard(child.pk)
        self.children = sorted(pk for pk in near if self._may_open(pk))
        self.in_family = frozenset(
            Relationship.objects.filter(child=child, family_member__isnull=False).values_list(
                "family_member_id", flat=True
            )
        )
        self._logged: set[int] = set()

    def _may_open(self, child_id: int) -> bool:
        return may(self.request.user, "child.view", access_for(self.request, child_id))  # type: ignore[arg-type]

    def _read(self, child_ids: set[int]) -> None:
        """Log each other child whose family is read for this page (once each)."""
        for pk in sorted(child_ids - self._logged):
            log(self.request.user, "child.family.people_around", record_id=pk)  # type: ignore[arg-type]
        self._logged |= child_ids

    def _offered(self, relationships: Q, members: Q | None = None) -> list[Offered]:
        """The people matching, named with how they are related to the children the user may open."""
        rows = list(
            Relationship.objects.filter(
                relationships, child_id__in=self.children, family_member__isnull=False
            )
            .exclude(family_member_id__in=self.in_family)
            .select_related("family_member", "child")
            .order_by("family_member__last_name", "family_member__first_name", "family_member_id", "pk")
        )
        self._read({r.child_id for r in rows})
        ties: dict[int, list[str]] = {}
        people: dict[int, FamilyMember] = {}
        for r in rows:
            people[r.family_member_id] = r.family_member  # type: ignore[index,assignment]
            ties.setdefault(r.family_member_id, []).append(  # type: ignore[arg-type]
                f"{r.get_relationship_type_display().lower()} of {r.child.display_name}"
            )
        if members is not None and self.homes:
            for m in FamilyMember.objects.filter(members, address_id__in=self.homes).exclude(
                pk__in=self.in_family
            ):
                people.setdefault(m.pk, m)
                ties.setdefault(m.pk, []).append("lives at the child's address")
        return [(m, _described(m, ties[pk])) for pk, m in people.items()]

    def people(self, find: str = "") -> list[Offered]:
        """Everyone around the child; with ``find``, those whose name holds it, or the person with
        that record number (anywhere, if related to a child the user may open)."""
        find = find.strip()
        if find.isdigit():
            return self._by_record(int(find))
        words = Q()
        for word in find.split():
            words &= Q(family_member__first_name__icontains=word) | Q(
                family_member__last_name__icontains=word
            )
        members = Q()
        for word in find.split():
            members &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        return self._offered(words, members)

    def _by_record(self, pk: int) -> list[Offered]:
        related = set(Relationship.objects.filter(family_member_id=pk).values_list("child_id", flat=True))
        allowed = {c for c in related - {self.child.pk} if self._may_open(c)}
        if not allowed or pk in self.in_family:
            return []
        self.children = sorted(set(self.children) | allowed)
        return self._offered(Q(family_member_id=pk))

    def same_as(self, first: str, last: str, born: date) -> list[Offered]:
        """People already recorded with this name and date of birth that the user may see: around the
        child, related to it already, or related to any child whose record the user may open."""
        same = Q(first_name__iexact=first, last_name__iexact=last, birth_date=born)
        found = list(FamilyMember.objects.filter(same).prefetch_related("relationships"))
        mine = [
            (m, _described(m, ["already in the child's family"])) for m in found if m.pk in self.in_family
        ]
        if mine:
            return mine
        related = {r.child_id for m in found for r in m.relationships.all()} - {self.child.pk}
        self.children = sorted(set(self.children) | {c for c in related if self._may_open(c)})
        return self._offered(Q(family_member__in=found))


def _described(member: FamilyMember, ties: list[str]) -> str:
    name = f"{member.first_name} {member.last_name}".strip() or "Name not recorded"
    born = f", born {day_words(member.birth_date, long=True)}" if member.birth_date else ""
    return f"{name}{born} (person record {member.pk}): {'; '.join(ties)}"


@recording("child.family_member.new")
def family_member_new(request: HttpRequest, child: Child) -> HttpResponse:
    """Add a parent, carer, sibling or other person in the child's life: someone already recorded
    around the child, or a new person record."""
    around = _Around(request, child)
    find = request.POST.get("find", "") if request.method == "POST" else ""
    searching = "search" in request.POST
    offered = around.people(find)
    # A search shows the list again with what was typed kept, and no "missing" errors yet.
    typed = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "search")}
    form = FamilyMemberForm(
        None if searching else posted(request),
        initial=typed if searching else None,
        offered=offered,
        same_as=around.same_as,
        in_family=around.in_family,
    )
    page: Page = {
        "title": "Add a family member",
        "template": "children/family_member_form.html",
        "extra": {
            "searched": searching or bool(find.strip()),
            "find": find.strip(),
            # Nobody left to offer is not nobody recorded: the people around a child already in
            # its family are not offered again, so the page says so rather than "No one ... yet".
            "has_family": Relationship.objects.filter(child=child).exists(),
        },
    }

    def write(data: Data) -> object:
        member = data.get("member")
        if member is not None:
            flags = form.flags()
            return s.add_relationship(
                child=child,
                relationship_type=data["relationship_type"],
                family_member=member,
                parental_responsibility=flags["parental_responsibility"],
                is_main_carer=flags["is_main_carer"],
                lives_with_child=flags["lives_with_child"],
                start_date=data.get("start_date"),
                by=request.user,  # type: ignore[arg-type]
            )
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

    if searching:
        return form_page(request, child, form, errors=[], **page)
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
