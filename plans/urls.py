from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("agencies/<str:code>/", views.agency_detail, name="agency_detail"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/items.csv", views.plan_items_csv, name="plan_items_csv"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/pdf/", views.item_pdf, name="item_pdf"),
]
