"""A service's refusal: a sentence for the person who asked, and the form field it is about.

Why one class: the services behind the newer pages (complaints, the improvement plan, the IOM and
MARAC records) each refuse a write with a sentence and the name of the box it concerns, so the page
can put the sentence beside that box (:func:`continuum.web.govuk.forms.add_refusal`). Each area
subclasses this for its own name; nothing is written when one is raised.
"""

from __future__ import annotations

__all__ = ["Refused"]


class Refused(ValueError):
    """A rule refused the write; ``field`` names the form field it is about ("" for the whole form)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field
