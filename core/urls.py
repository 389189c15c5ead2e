from django.urls import path

from core import upload, views
from core.pdf import views as pdf_views

app_name = "core"

urlpatterns = [
    path("dashboard/", views.dashboard_national, name="dashboard"),
    path("dashboard/provinces/<int:pk>/", views.dashboard_province, name="dashboard_province"),
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
    path("pdf/jobs/<str:token>/", pdf_views.pdf_status, name="pdf_status"),
    path("pdf/jobs/<str:token>/file/", pdf_views.pdf_file, name="pdf_file"),
    path("pdf/jobs/<str:token>/retry/", pdf_views.pdf_retry, name="pdf_retry"),
]
