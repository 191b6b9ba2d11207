"""The supervision form's errors say which child's row is wrong (found by review: three rows with an
impossible date each gave "Action due by must be a real date" three times, naming no row)."""

from __future__ import annotations

from continuum.web.supervision.forms import SupervisionForm


def test_each_rows_error_names_its_child() -> None:
    data = {"held_on-day": "1", "held_on-month": "12", "held_on-year": "2026", "reflection": "Synthetic."}
    for n in (1, 2):
        data.update({f"action_{n}": "Ring the school", f"action_due_{n}-day": "31"})
        data.update({f"action_due_{n}-month": "2", f"action_due_{n}-year": "2026"})
    form = SupervisionForm(data, children=[(1, "Ada"), (2, "Ben")])
    assert not form.is_valid()
    assert form.errors["action_due_1"] == [
        "Action on child 1 due by must be a real date: February 2026 has 28 days"
    ]
    assert form.errors["action_due_2"] == [
        "Action on child 2 due by must be a real date: February 2026 has 28 days"
    ]
    long = SupervisionForm({**data, "discussion_2": "x" * 20_001}, children=[(1, "Ada"), (2, "Ben")])
    assert long.errors["discussion_2"] == [
        "What was discussed about child 2 must be 20,000 characters or fewer"
    ]
