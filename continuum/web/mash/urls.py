"""Front-door URLs. Paths carry internal record numbers only, never names or dates of birth."""

from django.urls import path

from continuum.web.mash import contact_access, decision, views

urlpatterns = [
    path("mash/", views.queue, name="mash-queue"),
    path("mash/contacts/new/", views.contact_new, name="mash-contact-new"),
    path("mash/my-contacts/", views.my_contacts, name="mash-my-contacts"),
    path("mash/contacts/<int:pk>/", views.contact_outcome, name="mash-contact-outcome"),
    path("mash/contacts/<int:pk>/triage/", decision.contact_triage, name="mash-contact-triage"),
    path(
        "mash/contacts/<int:pk>/partner-checks/new/",
        decision.partner_check_new,
        name="mash-partner-check-new",
    ),
    path("mash/contacts/<int:pk>/decision/", decision.contact_decide, name="mash-contact-decide"),
    path("mash/contacts/<int:pk>/move/", views.contact_move, name="mash-contact-move"),
    path("mash/contacts/<int:pk>/oversight/", decision.contact_oversee, name="mash-contact-oversee"),
    path(
        "mash/contacts/<int:pk>/break-glass/",
        contact_access.contact_break_glass,
        name="mash-contact-break-glass",
    ),
]
