"""Front-door URLs. Paths carry internal record numbers only, never names or dates of birth."""

from django.urls import path

from continuum.web.mash import views

urlpatterns = [
    path("mash/", views.queue, name="mash-queue"),
    path("mash/contacts/new/", views.contact_new, name="mash-contact-new"),
    path("mash/my-contacts/", views.my_contacts, name="mash-my-contacts"),
    path("mash/contacts/<int:pk>/", views.contact_outcome, name="mash-contact-outcome"),
    path("mash/contacts/<int:pk>/decision/", views.contact_decide, name="mash-contact-decide"),
    path("mash/contacts/<int:pk>/oversight/", views.contact_oversee, name="mash-contact-oversee"),
]
