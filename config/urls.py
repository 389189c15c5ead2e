from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from agencies.accounts import LoginForm, two_factor
from portal import views as portal_views
from portal.api import api

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/two-factor/", two_factor, name="two_factor"),
    # One login form for everybody: the admin's own would skip the second step.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="login", query_string=True),
        name="admin_login_redirect",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password change (signed in) and reset by e-mail: Django's views, Thai templates in
    # templates/registration/.
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
            # How long the link works, written in the user's agency's digits by the template.
            extra_email_context={"valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400},
        ),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    # The read-only open-data API: /api/, /api/openapi.json, /api/docs (portal/api.py).
    path("api/", api.urls),
    path("", include("agencies.urls")),
    path("", include("plans.urls")),
    path("", include("measures.urls")),
    path("", include("reports.urls")),
    path("", include("portal.urls")),
    path("", include("core.urls")),
]

# Thai error pages in the site's layout: 403.html and 404.html are found by Django's own
# handlers; the server error is rendered without database-dependent context.
handler500 = "core.views.server_error"
