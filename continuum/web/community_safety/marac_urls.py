"""URLs of the MARAC coordinator's recording pages (a referral by the database id only, never a name)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
