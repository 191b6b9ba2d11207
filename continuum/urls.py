"""URL map. Paths carry record numbers only, never names or other personal data.

Each area's patterns are added at the top level. The test that every view asks
the permissions policy (tests/web/test_home_and_policy.py) walks include()d and
unnamed patterns too; the one include() is Django's admin, whose site asks the
policy for ``admin.use`` (continuum/core/admin.py).
"""

from django.contrib import admin
from django.urls import path

from continuum.api.urls import urlpatterns as api_urlpatterns
from continuum.web import two_factor, views
from continuum.web.access_admin.urls import urlpatterns as access_admin_urlpatterns
from continuum.web.actions.urls import urlpatterns as actions_urlpatterns
from continuum.web.assurance.urls import urlpatterns as assurance_urlpatterns
from continuum.web.audit.urls import urlpatterns as audit_urlpatterns
from continuum.web.children.urls import urlpatterns as children_urlpatterns
from continuum.web.community_safety.urls import urlpatterns as community_safety_urlpatterns
from continuum.web.complaints.urls import urlpatterns as complaints_urlpatterns
from continuum.web.dashboards.urls import urlpatterns as dashboard_urlpatterns
from continuum.web.improvement.urls import urlpatterns as improvement_urlpatterns
from continuum.web.mash.urls import urlpatterns as mash_urlpatterns
from continuum.web.oversight.urls import urlpatterns as oversight_urlpatterns
from continuum.web.partnership.urls import urlpatterns as partnership_urlpatterns
from continuum.web.reports_app.urls import urlpatterns as reports_urlpatterns
from continuum.web.returns.urls import urlpatterns as returns_urlpatterns
from continuum.web.send.urls import urlpatterns as send_urlpatterns
from continuum.web.signoff.urls import urlpatterns as signoff_urlpatterns
from continuum.web.supervision.urls import urlpatterns as supervision_urlpatterns
from continuum.web.workforce.urls import urlpatterns as workforce_urlpatterns
from continuum.web.worktray.urls import urlpatterns as worktray_urlpatterns

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("two-factor/", two_factor.verify, name="two-factor"),
    path("two-factor/set-up/", two_factor.set_up, name="two-factor-set-up"),
    path("admin/", admin.site.urls),
    *mash_urlpatterns,
    *children_urlpatterns,
    *actions_urlpatterns,
    *audit_urlpatterns,
    *assurance_urlpatterns,
    *dashboard_urlpatterns,
    *worktray_urlpatterns,
    *oversight_urlpatterns,
    *signoff_urlpatterns,
    *supervision_urlpatterns,
    *access_admin_urlpatterns,
    *returns_urlpatterns,
    *reports_urlpatterns,
    *community_safety_urlpatterns,
    *improvement_urlpatterns,
    *complaints_urlpatterns,
    *send_urlpatterns,
    *partnership_urlpatterns,
    *workforce_urlpatterns,
    *api_urlpatterns,
]

handler400 = "continuum.web.views.bad_request"
handler403 = "continuum.web.views.permission_denied"
handler404 = "continuum.web.views.page_not_found"
handler500 = "continuum.web.views.server_error"
