from django.apps import AppConfig


class CommunitySafetyConfig(AppConfig):
    name = "continuum.community_safety"
    label = "community_safety"
    verbose_name = "Community safety"
