"""URL map. Paths carry record numbers only, never names or other personal data."""

from django.contrib import admin
from django.urls import path

from continuum.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("admin/", admin.site.urls),
]

handler403 = "continuum.web.views.permission_denied"
handler404 = "continuum.web.views.page_not_found"
handler500 = "continuum.web.views.server_error"

# The front door (MASH). Added at the top level so the guard test walks these views too.
from continuum.web.mash.urls import urlpatterns as mash_urlpatterns  # noqa: E402

urlpatterns += mash_urlpatterns
