"""The journey models, one module per stage, still make one app: every model re-exported, no migration due."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

import continuum.journey.models as journey_models


def _stage_modules() -> list[str]:
    return [info.name for info in pkgutil.iter_modules(journey_models.__path__)]


def test_every_model_and_choice_of_a_stage_is_re_exported_by_the_package() -> None:
    """``from continuum.journey.models import X`` keeps working for anything a stage module defines."""
    defined = set()
    for name in _stage_modules():
        module = importlib.import_module(f"continuum.journey.models.{name}")
        for attr, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == module.__name__:
                defined.add(attr)
    # known answer: 28 models, their choices (PreProceedingsOutcome since 2026-27), the chronology's helpers
    assert len(defined) == 49
    assert "CPPlan" in defined
    assert defined == set(journey_models.__all__)
    assert all(
        getattr(journey_models, name).__module__.startswith("continuum.journey.models.") for name in defined
    )


def test_django_finds_every_journey_model_in_the_stage_modules() -> None:
    found = {m.__name__ for m in apps.get_app_config("journey").get_models()}
    exported = {
        name
        for name in journey_models.__all__
        if issubclass(cls := getattr(journey_models, name), models.Model) and not cls._meta.abstract
    }
    assert len(found) == 28  # known answer: the journey app's tables
    assert found == exported


@pytest.mark.django_db
def test_the_models_need_no_new_migration() -> None:
    """Moving a model between modules must not change its table: makemigrations sees nothing to do."""
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=StringIO())
    assert "No changes detected" in out.getvalue()
