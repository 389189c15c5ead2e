"""The portal's own records: the open-data files built in the background."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDataFile(models.Model):
    """One built bulk file of a fiscal year (a dataset in one format, or the year's ZIP),
    kept in the default storage (local files or S3) and served as a file, never built in a
    web request. A rebuild writes new files first, then points this row at them."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    dataset = models.CharField(_("ชุดข้อมูล"), max_length=40, help_text=_('"all" คือไฟล์ ZIP'))
    fmt = models.CharField(_("รูปแบบ"), max_length=10)
    name = models.CharField(_("ไฟล์ในที่เก็บ"), max_length=300)
    size = models.PositiveBigIntegerField(_("ขนาด (ไบต์)"), default=0)
    rows = models.PositiveIntegerField(_("จำนวนแถว"), default=0)
    built_at = models.DateTimeField(_("สร้างเมื่อ"))

    class Meta:
        verbose_name = _("ไฟล์ข้อมูลเปิด")
        verbose_name_plural = _("ไฟล์ข้อมูลเปิด")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "dataset", "fmt"], name="portal_opendatafile_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dataset}-{self.fiscal_year}.{self.fmt}"
