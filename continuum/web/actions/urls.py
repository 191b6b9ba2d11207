"""Actions and plan pages. Paths carry record numbers only."""

from django.urls import path

from continuum.web.actions import views
from continuum.web.children import plans

urlpatterns = [
    path("actions/", views.my_actions, name="my-actions"),
    path("actions/<int:action_pk>/", views.action_page, name="action"),
    path("children/<int:pk>/plans/<str:kind>/<int:plan_pk>/", plans.plan_page, name="child-plan"),
    path(
        "children/<int:pk>/plans/<str:kind>/<int:plan_pk>/outcomes/new/",
        plans.outcome_new,
        name="child-plan-outcome-new",
    ),
    path(
        "children/<int:pk>/plans/<str:kind>/<int:plan_pk>/actions/new/",
        plans.action_new,
        name="child-plan-action-new",
    ),
]
