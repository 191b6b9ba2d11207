"""Who may do what in quality assurance (registered with the one policy, continuum/core/policy.py).

Why these rules:

* QA officers run the programme, the tools, moderation, practice reviews and Section 11 campaigns.
* A case audit is a view of the child's record: its auditor (a manager from another team, QA, or a
  partner's auditor on a multi-agency audit) reads the record *because of the audit*, read-only and
  logged; anyone else sees an audit only if they could open the child (``child.view``).
* Team managers (and heads of service, who act as them) see the QA figures and their teams' audits.
* Partner members (another organisation) see no case record: only their own organisation's Section 11
  returns, and the multi-agency audits they audit on.
* Performance analysts see the QA figures (the dashboard, the action plan, the themes), so the QA
  front page opens for them too, listing only those pages: a page that lists its own pages must not
  refuse someone it would send there.
* A child's case audits are a page of the child's record ("Case audits"): offered to, and opened by,
  those who may see case audits at all and may open that child; each view is logged as a child view.
* QA officers do not open the workforce pages (``workforce.view``, continuum/people/rules.py): those
  record contracted hours and establishment, which no QA task needs. What QA does need of the
  workforce, which team a manager works in so that an auditor comes from another team, is shown
  beside each name where an audit is given to an auditor.
"""

from __future__ import annotations

from typing import Any

from continuum.core import roles as r
from continuum.core.policy import ChildAccess, has_any_role, may, roles_of, rule

_QA = frozenset({r.QA_OFFICER})
_MANAGERS = frozenset({r.QA_OFFICER, r.TEAM_MANAGER})
_FIGURES = frozenset({r.QA_OFFICER, r.TEAM_MANAGER, r.PERFORMANCE_ANALYST})


def is_partner_member(user: Any) -> bool:
    return r.PARTNER_MEMBER in roles_of(user)


def _split(obj: Any) -> tuple[Any, ChildAccess | None]:
    """``obj`` is an audit, or (audit, ChildAccess) when the view knows this session's break glass."""
    if isinstance(obj, tuple):
        return obj[0], obj[1]
    return obj, None


@rule("assurance.home")
def _home(user: Any, obj: Any) -> bool:
    """The QA pages' front: QA officers, managers, analysts (the figures), partner members (returns)."""
    return has_any_role(user, _FIGURES) or is_partner_member(user)


@rule("assurance.manage")
def _manage(user: Any, obj: Any) -> bool:
    """Run the programme, edit audit tools, moderate, keep the review register and Section 11: QA."""
    return has_any_role(user, _QA)


@rule("assurance.case_audit")
def _case_audit(user: Any, obj: Any) -> bool:
    """See a case audit (and through it the child's record as at the audit date, read-only).

    QA officers and the audit's own auditor always (the audit is their reason to read); those the
    audit alerted to immediate harm, or gave an action to, this audit (an alert or action that
    links to a page its owner cannot open is an alert nobody can act on); anyone else only if they
    may open the child. Without an audit: may the user see case audits at all?
    """
    audit, access = _split(obj)
    if audit is None:  # case holders read their children's audits too
        return has_any_role(user, _MANAGERS | {r.SOCIAL_WORKER}) or is_partner_member(user)
    if has_any_role(user, _QA) or (audit.auditor_id is not None and audit.auditor_id == user.pk):
        return True
    if is_partner_member(user):
        return False
    if _reached_by(user, audit):
        return True
    return may(user, "child.view", access or ChildAccess(audit.child_id))


def _reached_by(user: Any, audit: Any) -> bool:
    """Was ``user`` alerted to immediate harm by this audit, or given one of its actions?

    This audit only, never every audit of the child. A restricted record stays with its named users:
    restriction gives way to nothing (continuum/core/policy.py), not even an alert."""
    from django.contrib.contenttypes.models import ContentType

    from continuum.actions.models import Action
    from continuum.assurance.models import HarmAlert
    from continuum.core.policy import is_restricted

    if is_restricted(audit.child_id):
        return False
    if HarmAlert.objects.filter(audit_id=audit.pk, to_id=user.pk).exists():
        return True
    return Action.objects.filter(
        source_type=ContentType.objects.get_for_model(type(audit)), source_id=audit.pk, owner_id=user.pk
    ).exists()


@rule("assurance.child_audits")
def _child_audits(user: Any, obj: Any) -> bool:
    """The "Case audits" page of a child's record: those who see case audits (QA, managers, case
    holders; never a partner member) and may open this child. ``obj`` is the child's ChildAccess."""
    if not has_any_role(user, _MANAGERS | {r.SOCIAL_WORKER}):
        return False
    return obj is None or may(user, "child.view", obj)


@rule("assurance.case_audit.record")
def _record(user: Any, obj: Any) -> bool:
    """Answer, grade and complete an audit: its auditor, or a QA officer; never a completed one."""
    audit, _access = _split(obj)
    if audit is None:
        return has_any_role(user, _MANAGERS) or is_partner_member(user)
    if audit.status == "completed":
        return False
    return has_any_role(user, _QA) or (audit.auditor_id is not None and audit.auditor_id == user.pk)


@rule("assurance.case_audit.discuss")
def _discuss(user: Any, obj: Any) -> bool:
    """Record the reflective discussion and the family's feedback: the auditor, QA, or the case holder."""
    audit, _access = _split(obj)
    if audit is None:
        return has_any_role(user, _MANAGERS | {r.SOCIAL_WORKER})
    if has_any_role(user, _QA) or audit.auditor_id == user.pk:
        return True
    worker = audit.case_holder
    return worker is not None and worker.user_id == user.pk


@rule("assurance.case_audit.moderate")
def _moderate(user: Any, obj: Any) -> bool:
    """Moderate a completed audit: a QA officer who did not do the audit."""
    audit, _access = _split(obj)
    if not has_any_role(user, _QA):
        return False
    return audit is None or (audit.status == "completed" and audit.auditor_id != user.pk)


@rule("assurance.follow_up")
def _follow_up(user: Any, obj: Any) -> bool:
    """Record the follow-up review of an Inadequate audit: QA officers and team managers who see it."""
    if not has_any_role(user, _MANAGERS):
        return False
    return obj is None or may(user, "assurance.case_audit", obj.audit)


@rule("assurance.figures")
def _figures(user: Any, obj: Any) -> bool:
    """The QA dashboard (aggregate figures; the drill-down lists are checked audit by audit)."""
    return has_any_role(user, _FIGURES)


@rule("assurance.reviews")
def _reviews(user: Any, obj: Any) -> bool:
    """The practice reviews register (no names): QA officers and managers."""
    return has_any_role(user, _MANAGERS)


@rule("assurance.section11")
def _section11(user: Any, obj: Any) -> bool:
    """A Section 11 return: QA for every return; a partner member for their own organisation's only."""
    if has_any_role(user, _QA):
        return True
    if not is_partner_member(user):
        return False
    return obj is None or obj.organisation.members.filter(pk=user.pk).exists()
