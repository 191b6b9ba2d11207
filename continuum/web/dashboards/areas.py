"""The dashboard areas and the indicators each shows, in the order of the monthly report.

The indicator library groups missing episodes with looked-after children; the
dashboards give adolescents a page of their own, missing episodes beside
exploitation, as the service manages them (the borough's Missing and Sexual
Exploitation panel and its vulnerable adolescents group, seed 001 L1696-L1703).
The health and education of children in care (PEPs, health
assessments, dental checks) sit with the other children-in-care figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from continuum.core import roles
from continuum.core.policy import has_any_role
from continuum.core.roles import Role


@dataclass(frozen=True)
class DashboardArea:
    slug: str
    title: str
    codes: tuple[str, ...]
    summary: str = ""
    #: Who sees the area, when not every dashboard reader does (empty: every one).
    roles: frozenset[Role] = frozenset()

    def shown_to(self, user: Any) -> bool:
        """Whether ``user`` sees this area (the dashboards' own policy rule still applies first)."""
        return not self.roles or has_any_role(user, self.roles)


DASHBOARD_AREAS: tuple[DashboardArea, ...] = (
    DashboardArea(
        "front-door",
        "Front door",
        (
            "contacts",
            "mash_decision_1wd",
            "brag_changes",
            "referrals",
            "referral_conversion",
            "rereferral_12m",
        ),
        "Contacts, MASH decisions and referrals.",
    ),
    DashboardArea(
        "early-help",
        "Early help",
        ("eh_opened", "eh_closed", "eh_open"),
        "Early help assessments started, episodes closed and episodes open.",
    ),
    DashboardArea(
        "assessment",
        "Assessment",
        (
            "assessments_completed",
            "assessments_45wd",
            "assessments_45wd_from_referral",
            "assessment_avg_days",
            "assessment_median_days",
            "s47_started",
            "s47_to_icpc",
            "icpc_held",
            "icpc_15wd",
            "assessment_factors",
        ),
        "Assessments and the factors they identify, section 47 enquiries and initial conferences. "
        "England's figures sit beside the DfE-comparable measure of assessments within 45 working "
        "days (counted from the assessment's start) only; practice's clock, from the referral, has "
        "no national figure.",
    ),
    DashboardArea(
        "child-protection",
        "Child protection",
        (
            "cp_open",
            "cp_rate",
            "cp_started",
            "cp_ended",
            "cp_by_category",
            "cp_repeat",
            "cp_repeat_2yr",
            "cp_ended_2yr",
            "cp_open_2yr",
            "cp_reviews_on_time",
            "cp_reviews_on_time_dfe",
            "cp_visits_on_time",
        ),
        "Child protection plans, reviews and visits.",
    ),
    DashboardArea(
        "children-in-need",
        "Children in need",
        ("cin_open", "cin_rate", "cin_visits_on_time"),
        "Children in need and their visits.",
    ),
    DashboardArea(
        "children-in-care",
        "Children in care",
        (
            "cla_open",
            "cla_rate",
            "cla_started",
            "cla_ceased",
            "cla_3plus_placements",
            "cla_long_term_stability",
            "cla_reviews_on_time",
            "cla_visits_on_time",
            "pep_up_to_date",
            "health_assessment_up_to_date",
            "dental_up_to_date",
        ),
        "Children looked after, placement stability, reviews, visits, education plans and health checks.",
    ),
    DashboardArea(
        "care-leavers",
        "Care leavers",
        ("care_leavers_in_touch_19_21", "care_leavers_suitable_accom_19_21", "care_leavers_eet_19_21"),
        "Care leavers in touch, in suitable accommodation and in education, employment or training.",
    ),
    DashboardArea(
        "adolescents",
        "Adolescents (missing and exploitation)",
        (
            "missing_episodes",
            "missing_from_care_episodes",
            "missing_from_home_episodes",
            "cla_went_missing",
            "cla_went_absent",
            "missing_episodes_per_child",
            "rhi_offered_72h",
            "rhi_held_72h",
            "missing_with_exploitation",
            "exploitation_assessments",
            "exploitation_by_factor",
        ),
        "Missing episodes, return home interviews and child exploitation identified at assessment.",
    ),
    DashboardArea(
        "workforce",
        "Workforce",
        (
            "caseload_avg",
            "agency_worker_share",
            "sw_changes",
            "caseload_per_fte",
            "agency_share_fte",
            "vacancy_rate_fte",
        ),
        "Caseloads, agency workers and changes of social worker; beside England's figures, the FTE "
        "measures at 30 September (managers included), as the DfE counts the workforce.",
    ),
    DashboardArea(
        "quality-assurance",
        "Quality assurance",
        ("case_audits_good_or_better", "case_audits_inadequate"),
        "Case audits judged Good or better, and Inadequate (the moderated grade where there is one).",
        # Those who act on audit findings; others read the QA pages' own figures, if at all.
        roles=frozenset({roles.QA_OFFICER, roles.TEAM_MANAGER, roles.PERFORMANCE_ANALYST}),
    ),
    DashboardArea(
        "send",
        "SEND",
        (
            "ehc_requests_received",
            "ehc_refused_to_assess",
            "ehc_plans_within_20_weeks",
            "ehc_plans_within_20_weeks_excl_exceptions",
            "ehc_plans_maintained",
            "ehc_plans_per_1000_5_15",
            "ehc_reviews_on_time",
            "ehc_transfers_on_time",
            "ehc_personal_budgets",
            "ehc_placed_mainstream",
            "ehc_placed_special",
            "ehc_placed_independent",
            "ehc_placed_out_of_borough",
        ),
        # The measures of success of the borough's SEND strategy 2017-2020 (seed 001 L2892-3135; each
        # indicator's definition page names its source).
        "EHC needs assessment requests, plans issued within 20 weeks, plans maintained and their rate, "
        "annual reviews on time, personal budgets and named settings: the measures of the SEND strategy.",
        # Those who manage or account for SEND; SEND caseworkers once the dashboards' rule admits them.
        roles=frozenset(
            {roles.TEAM_MANAGER, roles.PERFORMANCE_ANALYST, roles.BOARD_MEMBER, roles.SEND_CASEWORKER}
        ),
    ),
)

_BY_SLUG = {a.slug: a for a in DASHBOARD_AREAS}


def areas_for(user: Any) -> tuple[DashboardArea, ...]:
    """The areas ``user`` sees, in the report's order."""
    return tuple(a for a in DASHBOARD_AREAS if a.shown_to(user))


def area_or_404(slug: str, user: Any = None) -> DashboardArea:
    """The area named ``slug``: not found when there is none; refused (403, "You cannot open this
    page", as every other page refuses) when ``user`` is given and does not see it: "not found"
    for a page that exists left the reader unable to tell a mistyped address from a refusal."""
    area = _BY_SLUG.get(slug)
    if area is None:
        raise Http404("No such dashboard")
    if user is not None and not area.shown_to(user):
        raise PermissionDenied(f"performance.dashboard:{slug}")
    return area
