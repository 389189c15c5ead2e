from django.urls import path, re_path

from portal import opendata_views, upload, views

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
    path("open-data/", opendata_views.open_data, name="open_data"),
    path("open-data/dictionary/", opendata_views.data_dictionary, name="data_dictionary"),
    # The first two files' URLs, kept as they were given out.
    path(
        "open-data/agencies.csv",
        opendata_views.open_data_file,
        {"slug": "agencies", "fmt": "csv"},
        name="open_data_agencies_csv",
    ),
    path(
        "open-data/plan-items.csv",
        opendata_views.open_data_file,
        {"slug": "plan-items", "fmt": "csv"},
        name="open_data_plan_items_csv",
    ),
    path(
        "open-data/<int:year>/<slug:slug>.<str:fmt>",
        opendata_views.open_data_bulk,
        name="open_data_bulk",
    ),
    path("open-data/<slug:slug>.<str:fmt>", opendata_views.open_data_file, name="open_data_file"),
    path("agencies/<str:code>/import/", upload.document_upload, name="document_upload"),
    path(
        "agencies/<str:code>/import/confirm/",
        upload.document_upload_confirm,
        name="document_upload_confirm",
    ),
    path(
        "agencies/<str:code>/import/jobs/<str:job>/",
        upload.document_upload_status,
        name="document_upload_status",
    ),
]
