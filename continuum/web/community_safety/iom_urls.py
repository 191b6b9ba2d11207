"""URLs of the IOM team's recording pages (an offender by the database id only, never a name)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
