from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic.base import RedirectView

from portal import views as portal_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("agencies.urls")),
    path("", include("plans.urls")),
    path("", include("measures.urls")),
    path("", include("reports.urls")),
    path("", include("portal.urls")),
    path("", include("core.urls")),
]
