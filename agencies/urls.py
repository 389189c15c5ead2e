from django.urls import path

from agencies import views

app_name = "agencies"

urlpatterns = [
    path("documents/<str:kind>/<int:pk>/submit/", views.document_submit, name="submit"),
    path("documents/<str:kind>/<int:pk>/publish/", views.document_publish, name="publish"),
    path("documents/<str:kind>/<int:pk>/amend/", views.document_amend, name="amend"),
    path("documents/<str:kind>/<int:pk>/withdraw/", views.document_withdraw, name="withdraw"),
    path("documents/<str:kind>/<int:pk>/changes/", views.document_diff, name="diff"),
    path("approvals/<int:pk>/approve/", views.request_approve, name="approve"),
    path("approvals/<int:pk>/send-back/", views.request_send_back, name="send_back"),
    path("approvals/<int:pk>/memo/", views.request_memo, name="memo"),
    path("approvals/<int:pk>/memo/pdf/", views.request_memo_pdf, name="memo_pdf"),
    path("agencies/<str:code>/chains/", views.agency_chains, name="chains"),
    path("my/notifications/", views.my_notifications, name="notifications"),
    path("my/notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("my/notifications/read/", views.notifications_mark_read, name="notifications_read"),
    path("my/settings/", views.my_settings, name="settings"),
]
