"""Quality assurance pages under ``/assurance/`` (never plain "audit": ``/audit/`` is the access log).
Record numbers only in the paths."""

from django.urls import path

from continuum.web.assurance import views

urlpatterns = [
    path("assurance/", views.home, name="assurance-home"),
    path("assurance/programmes/new/", views.programme_new, name="assurance-programme-new"),
    path("assurance/programmes/<int:pk>/", views.programme, name="assurance-programme"),
    path("assurance/case-audits/<int:pk>/", views.audit, name="assurance-audit"),
    path("assurance/case-audits/<int:pk>/assign/", views.assign, name="assurance-audit-assign"),
    path("assurance/case-audits/<int:pk>/record/", views.audit_record, name="assurance-audit-record"),
    path("assurance/case-audits/<int:pk>/discussion/", views.discussion, name="assurance-audit-discussion"),
    path("assurance/case-audits/<int:pk>/feedback/", views.feedback, name="assurance-audit-feedback"),
    path("assurance/case-audits/<int:pk>/moderate/", views.moderate, name="assurance-audit-moderate"),
    path("assurance/case-audits/<int:pk>/follow-up/", views.follow_up, name="assurance-audit-follow-up"),
    path("assurance/moderation/", views.moderation, name="assurance-moderation"),
    path("assurance/moderation/<int:pk>/", views.moderation_sample, name="assurance-moderation-sample"),
    path("assurance/children/<int:pk>/", views.child_audits, name="assurance-child-audits"),
    path("assurance/action-plan/", views.action_plan, name="assurance-action-plan"),
    path("assurance/dashboard/", views.dashboard, name="assurance-dashboard"),
    path("assurance/dashboard/<str:key>/", views.drilldown, name="assurance-drilldown"),
    path("assurance/practice-reviews/", views.reviews, name="assurance-reviews"),
    path("assurance/practice-reviews/new/", views.review_new, name="assurance-review-new"),
    path("assurance/practice-reviews/<int:pk>/", views.review, name="assurance-review"),
    path("assurance/section-11/", views.section11, name="assurance-section11"),
    path("assurance/section-11/new/", views.campaign_new, name="assurance-campaign-new"),
    path("assurance/section-11/<int:pk>/", views.campaign, name="assurance-campaign"),
    path("assurance/section-11/returns/<int:pk>/", views.section11_return, name="assurance-section11-return"),
    path("assurance/themes/", views.themes, name="assurance-themes"),
    path("assurance/themes/<int:pk>/", views.theme, name="assurance-theme"),
    path("assurance/tools/", views.tools_list, name="assurance-tools"),
    path("assurance/tools/<slug:code>/edit/", views.tool_edit, name="assurance-tool-edit"),
]
