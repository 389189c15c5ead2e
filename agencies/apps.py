from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    """Provinces, agencies, people and roles, shared base models and the access policy."""

    name = "agencies"
    verbose_name = _("หน่วยงานและผู้ใช้")

    def ready(self) -> None:
        from agencies import auth_log, notifications, workflow

        auth_log.connect()
        workflow.on_event(notifications.on_workflow_event)
