from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    # Public pages and PDFs (drafts only for the agency's own people).
    path("measures/<int:pk>/", views.set_detail, name="set_detail"),
    path("measures/<int:pk>/pdf/", views.set_pdf, name="set_pdf"),
    path("measures/<int:pk>/docx/", views.set_docx, name="set_docx"),
    path("memos/<int:pk>/", views.memo_detail, name="memo_detail"),
    path("memos/<int:pk>/pdf/", views.memo_pdf, name="memo_pdf"),
    path("agencies/<str:code>/measures/", views.agency_measures, name="agency_measures"),
    path("agencies/<str:code>/ita/", views.agency_ita, name="agency_ita"),
    path("agencies/<str:code>/ita/pdf/", views.agency_ita_pdf, name="agency_ita_pdf"),
    # Staff forms (the agency's staff only).
    path("agencies/<str:code>/measures/new/", views.set_create, name="set_create"),
    path("agencies/<str:code>/ita/edit/", views.ita_edit, name="ita_edit"),
    path("ita/<int:pk>/", views.ita_result_detail, name="ita_result"),
    path("measures/<int:pk>/add/", views.measure_add, name="measure_add"),
    path("measures/<int:pk>/steps/", views.steps_editor, name="steps_editor"),
    path("measures/items/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/items/<int:pk>/results/", views.measure_results, name="measure_results"),
]
