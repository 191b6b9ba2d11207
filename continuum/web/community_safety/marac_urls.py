"""URLs of the MARAC coordinator's recording pages (a referral by the database id only, never a name)."""

from django.urls import URLPattern, path

from continuum.web.community_safety import marac_records

urlpatterns: list[URLPattern] = [
    path(
        "community-safety/marac/referrals/new/",
        marac_records.record_referral_page,
        name="marac-referral-new",
    ),
    path("community-safety/marac/referrals/<int:pk>/", marac_records.referral_page, name="marac-referral"),
    path(
        "community-safety/marac/referrals/<int:pk>/actions/new/",
        marac_records.agree_action_page,
        name="marac-action-new",
    ),
    path(
        "community-safety/marac/referrals/<int:pk>/withdraw/",
        marac_records.withdraw_page,
        name="marac-referral-withdraw",
    ),
    path("community-safety/marac/meetings/<int:pk>/", marac_records.meeting_page, name="marac-meeting"),
]
