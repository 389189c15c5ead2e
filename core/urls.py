from django.urls import path

from core.pdf import views as pdf_views

app_name = "core"

urlpatterns = [
    path("pdf/jobs/<str:token>/", pdf_views.pdf_status, name="pdf_status"),
    path("pdf/jobs/<str:token>/file/", pdf_views.pdf_file, name="pdf_file"),
    path("pdf/jobs/<str:token>/retry/", pdf_views.pdf_retry, name="pdf_retry"),
]
