"""Child record URLs: internal record numbers only, never names, dates of birth or LAchildIDs."""

from django.urls import path

from continuum.web.children import (
    care_leavers,
    child_protection,
    family,
    looked_after,
    outcomes,
    proceedings,
    record,
    referral,
)

urlpatterns = [
    path("children/search/", record.search, name="child-search"),
    path("children/<int:pk>/", record.record, name="child-record"),
    path("children/<int:pk>/chronology/", record.chronology, name="child-chronology"),
    path("children/<int:pk>/chronology/export/", record.chronology_export, name="child-chronology-export"),
    path("children/<int:pk>/chronology/print/", record.chronology_print, name="child-chronology-print"),
    path("children/<int:pk>/family/", record.family, name="child-family"),
    path("children/<int:pk>/family/members/new/", family.family_member_new, name="child-family-member-new"),
    path(
        "children/<int:pk>/family/relationships/<int:relationship_pk>/",
        family.relationship_change,
        name="child-relationship-change",
    ),
    path("children/<int:pk>/break-glass/", record.break_glass, name="child-break-glass"),
    path("children/<int:pk>/visits/new/", record.visit_new, name="child-visit-new"),
    path(
        "children/<int:pk>/assessments/<int:assessment_pk>/complete/",
        referral.assessment_complete,
        name="child-assessment-complete",
    ),
    path(
        "children/<int:pk>/strategy-discussions/new/",
        child_protection.strategy_new,
        name="child-strategy-new",
    ),
    path("children/<int:pk>/section-47/new/", child_protection.s47_new, name="child-s47-new"),
    path("children/<int:pk>/icpc/new/", child_protection.icpc_new, name="child-icpc-new"),
    path("children/<int:pk>/cp-plans/new/", child_protection.cp_plan_new, name="child-cp-plan-new"),
    path(
        "children/<int:pk>/pre-proceedings/new/",
        proceedings.pre_proceedings_new,
        name="child-pre-proceedings-new",
    ),
    path(
        "children/<int:pk>/pre-proceedings/<int:pp_pk>/",
        proceedings.pre_proceedings_edit,
        name="child-pre-proceedings-edit",
    ),
    path("children/<int:pk>/allocations/new/", referral.allocate, name="child-allocate"),
    path(
        "children/<int:pk>/allocations/<int:allocation_pk>/end/",
        referral.allocation_end,
        name="child-allocation-end",
    ),
    path("children/<int:pk>/assessments/new/", referral.assessment_new, name="child-assessment-new"),
    path(
        "children/<int:pk>/referrals/<int:episode_pk>/close/",
        referral.referral_close,
        name="child-referral-close",
    ),
    path(
        "children/<int:pk>/referrals/<int:episode_pk>/primary-need/",
        referral.referral_need,
        name="child-referral-need",
    ),
    path("children/<int:pk>/cin-plans/new/", referral.cin_plan_new, name="child-cin-plan-new"),
    path("children/<int:pk>/cin-plans/<int:plan_pk>/end/", referral.cin_plan_end, name="child-cin-plan-end"),
    path(
        "children/<int:pk>/cp-plans/<int:plan_pk>/core-groups/new/",
        child_protection.core_group_new,
        name="child-core-group-new",
    ),
    path(
        "children/<int:pk>/cp-plans/<int:plan_pk>/reviews/new/",
        child_protection.cp_review_new,
        name="child-cp-review-new",
    ),
    path(
        "children/<int:pk>/cp-plans/<int:plan_pk>/end/",
        child_protection.cp_plan_end,
        name="child-cp-plan-end",
    ),
    path("children/<int:pk>/looked-after/new/", looked_after.cla_start, name="child-cla-new"),
    path(
        "children/<int:pk>/looked-after/<int:episode_pk>/placement/",
        looked_after.placement_change,
        name="child-placement-change",
    ),
    path("children/<int:pk>/looked-after/<int:episode_pk>/end/", looked_after.cla_end, name="child-cla-end"),
    path(
        "children/<int:pk>/looked-after/reviews/new/",
        looked_after.cla_review_new,
        name="child-cla-review-new",
    ),
    path(
        "children/<int:pk>/looked-after/reviews/<int:review_pk>/",
        looked_after.cla_review_page,
        name="child-cla-review",
    ),
    path("children/<int:pk>/missing/new/", looked_after.missing_new, name="child-missing-new"),
    path(
        "children/<int:pk>/missing/<int:missing_pk>/return/",
        looked_after.missing_return,
        name="child-missing-return",
    ),
    path(
        "children/<int:pk>/care-leaver/contacts/new/",
        care_leavers.care_leaver_contact_new,
        name="child-care-leaver-contact-new",
    ),
    path(
        "children/<int:pk>/section-47/<int:s47_pk>/complete/",
        child_protection.s47_complete,
        name="child-s47-complete",
    ),
    path(
        "children/<int:pk>/looked-after/<int:episode_pk>/legal-status/",
        looked_after.legal_status_change,
        name="child-legal-status-change",
    ),
    path("children/<int:pk>/care-leaver/new/", care_leavers.care_leaver_new, name="child-care-leaver-new"),
    path("children/<int:pk>/adoption/new/", looked_after.adoption_decision, name="child-adoption-new"),
    path("children/<int:pk>/adoption/<int:plan_pk>/", looked_after.adoption_plan, name="child-adoption-plan"),
    path(
        "children/<int:pk>/previous-permanence/new/",
        looked_after.previous_permanence_new,
        name="child-previous-permanence-new",
    ),
    path("children/<int:pk>/motherhood/new/", looked_after.motherhood_new, name="child-motherhood-new"),
    path("children/<int:pk>/peps/new/", looked_after.pep_new, name="child-pep-new"),
    path(
        "children/<int:pk>/health-assessments/new/",
        looked_after.health_assessment_new,
        name="child-health-assessment-new",
    ),
    path(
        "children/<int:pk>/dental-checks/new/", looked_after.dental_check_new, name="child-dental-check-new"
    ),
    path("children/<int:pk>/outcomes/", outcomes.annual_outcomes, name="child-annual-outcomes"),
    path("children/<int:pk>/sdqs/new/", outcomes.sdq_new, name="child-sdq-new"),
    path(
        "children/<int:pk>/care-leaver/pathway-reviews/new/",
        care_leavers.pathway_review_new,
        name="child-pathway-review-new",
    ),
]
