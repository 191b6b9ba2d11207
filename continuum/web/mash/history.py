"""What the front door sees of a child's history before any decision (issue 18 point 8).

Why: a MASH practitioner deciding on a contact must know that the child
already has an open referral, a child protection plan, is looked after, or
had three contacts this month, and whether a brother or sister is known; the
clash should be seen at intake, not met as an error after triage. One query
per part, for the contact, triage, decision and oversight pages alike.

What the contact itself led to (the referral its decision opened, an early
help episode started from it) is not "already known": on the contact's own
pages it would tell the practitioner the child already has the referral they
have just made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from continuum.core import clock
from continuum.journey import selectors
from continuum.journey.models import CINEpisode, Contact, EarlyHelpEpisode
from continuum.people.models import Child

#: How far back the front door looks for earlier contacts and referrals.
LOOK_BACK = timedelta(days=365)


def child_status(child: Child, *, contact: Contact | None = None) -> list[str]:
    """The child's open involvement in words: looked after, on a plan, in need, early help.

    A referral or early help opened from ``contact`` is left out (see the module's note).
    """
    referrals = CINEpisode.objects.filter(child=child, cin_closure_date__isnull=True)
    early_help = EarlyHelpEpisode.objects.filter(child=child, eha_end_date__isnull=True)
    if contact is not None:
        referrals = referrals.exclude(contact=contact)
        early_help = early_help.exclude(contact=contact)
    status = []
    if selectors.open_cla_episode(child) is not None:
        status.append("Looked after")
    if selectors.open_cp_plan(child) is not None:
        status.append("Child protection plan")
    if referrals.exists():
        status.append("Open referral")
    if early_help.exists():
        status.append("Early help")
    return status


@dataclass
class History:
    """The child's history as the front door shows it."""

    status: list[str]
    contacts: list[Contact]
    referrals: list[CINEpisode]
    open_contacts: list[Contact]
    siblings: list[tuple[Child, list[str]]] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return bool(self.status or self.contacts or self.referrals or self.open_contacts)


def history(child: Child, *, contact: Contact | None = None) -> History:
    """The child's open episodes and status, last 12 months' contacts and referrals, other open contacts.

    With ``contact``, that contact and the referral its decision opened are not counted as known.
    """
    since = clock.now() - LOOK_BACK
    others = Contact.objects.filter(child=child)
    referrals = CINEpisode.objects.filter(child=child, cin_referral_date__gte=since.date())
    if contact is not None:
        others = others.exclude(pk=contact.pk)
        referrals = referrals.exclude(contact=contact)
    siblings = [
        rel.related_child
        for rel in child.relationships.filter(related_child__isnull=False).select_related("related_child")
    ]
    return History(
        status=child_status(child, contact=contact),
        contacts=list(others.filter(received_at__gte=since).order_by("-received_at")),
        referrals=list(referrals.order_by("-cin_referral_date")),
        open_contacts=list(others.filter(decision_at__isnull=True).order_by("received_at")),
        siblings=[(sib, child_status(sib)) for sib in siblings],
    )
