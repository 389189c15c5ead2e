"""Choices of the plans app. Labels are Thai: the portal's users and documents are Thai."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    PROJECT = "project", _("โครงการ")
    ACTIVITY = "activity", _("กิจกรรม")
    MEASURE = "measure", _("มาตรการ")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("สูง")
    MEDIUM = "medium", _("ปานกลาง")
    LOW = "low", _("ต่ำ")
