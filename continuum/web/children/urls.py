"""Child record URLs: internal record numbers only, never names, dates of birth or LAchildIDs."""

from django.urls import path

from continuum.web.children import casework_more as more
from continuum.web.children import casework_outcomes as outcomes
from continuum.web.children import casework_views as cw
from continuum.web.children import cla_views as cla
from continuum.web.children import views

urlpatterns = [
    path("children/search/", views.search, name="child-search"),
    path("children/<int:pk>/", views.record, name="child-record"),
    path("children/<int:pk>/chronology/", views.chronology, name="child-chronology"),
    path("children/<int:pk>/chronology/export/", views.chronology_export, name="child-chronology-export"),
    path("children/<int:pk>/family/", views.family, name="child-family"),
    path("children/<int:pk>/break-glass/", views.break_glass, name="child-break-glass"),
    path("children/<int:pk>/visits/new/", views.visit_new, name="child-visit-new"),
    path(
        "children/<int:pk>/assessments/<int:assessment_pk>/complete/",
        views.assessment_complete,
        name="child-assessment-complete",
    ),
    path("children/<int:pk>/strategy-discussions/new/", views.strategy_new, name="child-strategy-new"),
    path("children/<int:pk>/section-47/new/", views.s47_new, name="child-s47-new"),
    path("children/<int:pk>/icpc/new/", views.icpc_new, name="child-icpc-new"),
    path("children/<int:pk>/cp-plans/new/", views.cp_plan_new, name="child-cp-plan-new"),
    # Casework forms for the rest of the journey (casework_views.py, cla_views.py).
    path("children/<int:pk>/allocations/new/", cw.allocate, name="child-allocate"),
    path(
        "children/<int:pk>/allocations/<int:allocation_pk>/end/",
        cw.allocation_end,
        name="child-allocation-end",
    ),
    path("children/<int:pk>/assessments/new/", cw.assessment_new, name="child-assessment-new"),
    path(
        "children/<int:pk>/referrals/<int:episode_pk>/close/",
        cw.referral_close,
        name="child-referral-close",
    ),
    path(
        "children/<int:pk>/referrals/<int:episode_pk>/primary-need/",
        cw.referral_need,
        name="child-referral-need",
    ),
    path("children/<int:pk>/cin-plans/new/", cw.cin_plan_new, name="child-cin-plan-new"),
    path("children/<int:pk>/cin-plans/<int:plan_pk>/end/", cw.cin_plan_end, name="child-cin-plan-end"),
    path(
        "children/<int:pk>/cp-plans/<int:plan_pk>/core-groups/new/",
        cw.core_group_new,
        name="child-core-group-new",
    ),
    path(
        "children/<int:pk>/cp-plans/<int:plan_pk>/reviews/new/",
        cw.cp_review_new,
        name="child-cp-review-new",
    ),
    path("children/<int:pk>/cp-plans/<int:plan_pk>/end/", cw.cp_plan_end, name="child-cp-plan-end"),
    path("children/<int:pk>/looked-after/new/", cla.cla_start, name="child-cla-new"),
    path(
        "children/<int:pk>/looked-after/<int:episode_pk>/placement/",
        cla.placement_change,
        name="child-placement-change",
    ),
    path("children/<int:pk>/looked-after/<int:episode_pk>/end/", cla.cla_end, name="child-cla-end"),
    path("children/<int:pk>/looked-after/reviews/new/", cla.cla_review_new, name="child-cla-review-new"),
    path("children/<int:pk>/missing/new/", cla.missing_new, name="child-missing-new"),
    path(
        "children/<int:pk>/missing/<int:missing_pk>/return/",
        cla.missing_return,
        name="child-missing-return",
    ),
    path(
        "children/<int:pk>/care-leaver/contacts/new/",
        cla.care_leaver_contact_new,
        name="child-care-leaver-contact-new",
    ),
    # The remaining casework forms (casework_more.py).
    path(
        "children/<int:pk>/section-47/<int:s47_pk>/complete/",
        more.s47_complete,
        name="child-s47-complete",
    ),
    path(
        "children/<int:pk>/looked-after/<int:episode_pk>/legal-status/",
        more.legal_status_change,
        name="child-legal-status-change",
    ),
    path("children/<int:pk>/care-leaver/new/", more.care_leaver_new, name="child-care-leaver-new"),
    path("children/<int:pk>/adoption/new/", more.adoption_decision, name="child-adoption-new"),
    path("children/<int:pk>/adoption/<int:plan_pk>/", more.adoption_plan, name="child-adoption-plan"),
    path(
        "children/<int:pk>/previous-permanence/new/",
        more.previous_permanence_new,
        name="child-previous-permanence-new",
    ),
    path("children/<int:pk>/motherhood/new/", more.motherhood_new, name="child-motherhood-new"),
    path("children/<int:pk>/peps/new/", more.pep_new, name="child-pep-new"),
    path(
        "children/<int:pk>/health-assessments/new/",
        more.health_assessment_new,
        name="child-health-assessment-new",
    ),
    path("children/<int:pk>/dental-checks/new/", more.dental_check_new, name="child-dental-check-new"),
    # Yearly outcomes (OC2), SDQs and pathway plan reviews (casework_outcomes.py).
    path("children/<int:pk>/outcomes/", outcomes.annual_outcomes, name="child-annual-outcomes"),
    path("children/<int:pk>/sdqs/new/", outcomes.sdq_new, name="child-sdq-new"),
    path(
        "children/<int:pk>/care-leaver/pathway-reviews/new/",
        outcomes.pathway_review_new,
        name="child-pathway-review-new",
    ),
]
