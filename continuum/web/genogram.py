"""A genogram of the people around a child, drawn from the recorded relationships (issue 18 point 5).

Drawn on the server as SVG (no script, so the page's Content Security Policy
stays strict) from :class:`~continuum.people.models.Relationship` rows, in
the usual conventions: a square for a male, a circle for a female, a diamond
where the sex is not known; the child at the centre with a double outline;
grandparents above parents, parents above the child and siblings; others
around the child (carers, friends) in a row of their own. Everyone who lives
with the child is shaded, and an ended relationship is drawn dashed. The same
people are given as a text list (:attr:`Genogram.text`), the alternative a
screen reader user reads, so the drawing is never the only way to know.

:func:`layout` is a pure function of the rows, tested without a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F

from continuum.people.models import Child, Relationship, RelationshipType

BOX = 44
GAP_X = 150
ROW_Y = {0: 40, 1: 170, 2: 300, 3: 430}
#: How far below a person's centre their two lines of label end: lines start below them.
LABEL_BELOW = 64
WIDTH_MIN = 640

#: Which generation row each relationship sits on: 0 grandparents, 1 parents, 2 the child's own, 3 others.
GENERATION = {
    RelationshipType.GRANDPARENT: 0,
    RelationshipType.MOTHER: 1,
    RelationshipType.FATHER: 1,
    RelationshipType.STEP_PARENT: 1,
    RelationshipType.PARENT_PARTNER: 1,
    RelationshipType.AUNT_UNCLE: 1,
    RelationshipType.SIBLING: 2,
    RelationshipType.HALF_SIBLING: 2,
}
ROW_NAMES = {0: "Grandparents", 1: "Parents and their generation", 2: "The child and siblings", 3: "Others"}


@dataclass(frozen=True)
class Person:
    """One person on the drawing: where, what shape, and the words said about them."""

    key: str
    name: str
    relation: str
    sex: str
    row: int
    x: int = 0
    lives_with: bool = False
    parental_responsibility: bool = False
    ended: bool = False
    is_subject: bool = False
    #: How far the drawing is moved up: rows above the first one used are not drawn as blank space.
    top: int = 0

    @property
    def y(self) -> int:
        return ROW_Y[self.row] - self.top

    @property
    def shape(self) -> str:
        return {"M": "square", "F": "circle"}.get(self.sex, "diamond")

    @property
    def words(self) -> str:
        """The text alternative's line for this person."""
        notes = []
        if self.parental_responsibility:
            notes.append("has parental responsibility")
        if self.lives_with:
            notes.append("lives with the child")
        if self.ended:
            notes.append("relationship ended")
        said = f"{self.name}: {self.relation.lower()}"
        return f"{said} ({', '.join(notes)})" if notes else said


@dataclass
class Genogram:
    width: int
    height: int
    people: list[Person] = field(default_factory=list)
    #: Lines from one generation to the next: (x1, y1, x2, y2).
    lines: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def text(self) -> list[tuple[str, list[str]]]:
        """The same people in words, row by row: the drawing's text alternative."""
        out = []
        for row, label in ROW_NAMES.items():
            lines = [p.words for p in self.people if p.row == row and not p.is_subject]
            if lines:
                out.append((label, lines))
        return out


def _person(rel: Relationship) -> Person:
    other = rel.family_member or rel.related_child
    name = f"{other.first_name} {other.last_name}".strip() if other is not None else ""
    return Person(
        key=f"r{rel.pk}",
        name=name or "Name not recorded",
        relation=rel.get_relationship_type_display(),
        sex=getattr(other, "sex", "U") or "U",
        row=GENERATION.get(rel.relationship_type, 3),  # type: ignore[call-overload]
        lives_with=rel.lives_with_child and rel.end_date is None,
        parental_responsibility=rel.parental_responsibility,
        ended=rel.end_date is not None,
    )


def layout(child: Child, relationships: Iterable[Relationship]) -> Genogram:
    """Place the child and everyone related: each row centred, lines from each generation to the next."""
    people = [_person(rel) for rel in relationships]
    subject = Person(
        key="child",
        name=child.display_name,
        relation="The child",
        sex=child.sex or "U",
        row=2,
        is_subject=True,
    )
    rows: dict[int, list[Person]] = {row: [] for row in ROW_Y}
    for person in people:
        rows[person.row].append(person)
    # The child in the middle of their own row, siblings either side.
    siblings = rows[2]
    half = len(siblings) // 2
    rows[2] = [*siblings[:half], subject, *siblings[half:]]
    widest = max(len(members) for members in rows.values())
    width = max(WIDTH_MIN, widest * GAP_X + 40)
    # Only the rows someone is on take height: a child with no grandparents or parents recorded
    # is drawn at the top, not under a blank band where those rows would be.
    used = [row for row, members in rows.items() if members]
    top = ROW_Y[used[0]] - ROW_Y[0]
    placed: list[Person] = []
    for members in rows.values():
        start = (width - (len(members) - 1) * GAP_X) // 2
        for index, person in enumerate(members):
            placed.append(_at(person, start + index * GAP_X, top))
    drawing = Genogram(width=width, height=ROW_Y[used[-1]] - top + 90, people=placed)
    by_row = {row: [p for p in placed if p.row == row] for row in ROW_Y}
    for upper, lower in ((0, 1), (1, 2)):
        if by_row[upper] and by_row[lower]:
            drawing.lines.extend(_descent(by_row[upper], by_row[lower]))
    return drawing


def _at(person: Person, x: int, top: int) -> Person:
    return Person(**{**person.__dict__, "x": x, "top": top})


def _descent(parents: list[Person], children: list[Person]) -> list[tuple[int, int, int, int]]:
    """A bar under a generation's labels, a line down from its middle, and a bar over the next one's heads."""
    top = parents[0].y + LABEL_BELOW
    bottom = children[0].y - BOX // 2
    middle = (top + bottom) // 2
    lines = [(p.x, top - 4, p.x, top) for p in parents]
    left, right = parents[0].x, parents[-1].x
    if left != right:
        lines.append((left, top, right, top))
    centre = (left + right) // 2
    lines.append((centre, top, centre, middle))
    low, high = min(c.x for c in children), max(c.x for c in children)
    lines.append((min(low, centre), middle, max(high, centre), middle))
    lines.extend((c.x, middle, c.x, bottom) for c in children)
    return lines


def for_child(child: Child) -> Genogram:
    """The genogram of a child's recorded relationships, current ones first."""
    relationships = child.relationships.select_related("family_member", "related_child").order_by(
        F("end_date").asc(nulls_first=True), "relationship_type", "pk"
    )
    return layout(child, relationships)
