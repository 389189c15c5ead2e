from django.urls import path, re_path

from portal import upload, views

app_name = "portal"

urlpatterns = [
    path("my/", views.my_worklist, name="worklist"),
    path("agencies/<str:code>/", views.agency_detail, name="agency_detail"),
    path("dashboard/", views.dashboard_national, name="dashboard"),
    path("dashboard/provinces/<int:pk>/", views.dashboard_province, name="dashboard_province"),
    path("a/<str:code>/oit/", views.oit_sheet, name="oit_sheet_latest"),
    path("a/<str:code>/oit/<int:year>/", views.oit_sheet, name="oit_sheet"),
    re_path(
        r"^a/(?P<code>[^/]+)/oit/(?P<year>[0-9]{4})\.(?P<fmt>csv|xlsx)$",
        views.oit_sheet_export,
        name="oit_sheet_export",
    ),
    path("oit/", views.oit_national, name="oit_national_latest"),
    path("oit/<int:year>/", views.oit_national, name="oit_national"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/agencies.csv", views.open_data_agencies_csv, name="open_data_agencies_csv"),
    path(
        "open-data/plan-items.csv", views.open_data_plan_items_csv, name="open_data_plan_items_csv"
    ),
    path("agencies/<str:code>/import/", upload.document_upload, name="document_upload"),
    path(
        "agencies/<str:code>/import/confirm/",
        upload.document_upload_confirm,
        name="document_upload_confirm",
    ),
]
