"""ITA frameworks and results, and the integrity measures agencies set to answer them.

Reference data (frameworks, indicators, OIT items, grade schemes) is held per fiscal year as
rows a site admin can correct, never as code. Grades are computed from the year's scheme and
never stored; the grade a document *states* is kept beside the computed one.
Text that came from a document's cells is sanitised HTML (core.html.clean_html).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agencies.choices import PublicationStatus
from agencies.models import Agency, FromSourceDocument, Revisioned, TimeStamped
from agencies.querysets import AgencyScopedQuerySet
from core.html import html_to_text
from measures.choices import (
    DEFAULT_COLUMN_LAYOUT,
    Instrument,
    MeasureSetKind,
    OITSource,
    ResultPeriod,
    SignatureRole,
)
from measures.grading import Grade, grade_scores
from plans.models import PlanItem

SCORE_VALIDATORS = [
    MinValueValidator(Decimal(0), message=_("คะแนนต้องอยู่ระหว่าง 0 ถึง 100")),
    MaxValueValidator(Decimal(100), message=_("คะแนนต้องอยู่ระหว่าง 0 ถึง 100")),
]


def _score_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )


def _score_check(field_name: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__isnull": True})
        | Q(**{f"{field_name}__gte": 0, f"{field_name}__lte": 100}),
        name=name,
    )


# --- Grade schemes ----------------------------------------------------------------------------


class GradeScheme(models.Model):
    """A way of turning ITA scores into a grade, e.g. the letters up to ITA 2565 ("letter") or
    the five levels from ITA 2566 that also look at each instrument ("instrument")."""

    code = models.SlugField(_("รหัส"), max_length=30, unique=True)
    name = models.CharField(_("ชื่อเกณฑ์"), max_length=200)
    note = models.TextField(
        _("หมายเหตุ/ที่มา"),
        blank=True,
        help_text=_("ที่มาของเกณฑ์ เช่น เอกสารของหน่วยงาน หรือคู่มือของสำนักงาน ป.ป.ช."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("เกณฑ์ระดับผลการประเมิน")
        verbose_name_plural = _("เกณฑ์ระดับผลการประเมิน")

    def __str__(self) -> str:
        return self.name

    def grade(
        self,
        *,
        total: Decimal | None,
        iit: Decimal | None = None,
        eit: Decimal | None = None,
        oit: Decimal | None = None,
    ) -> Grade:
        """The grade these scores get under this scheme (uses prefetched bands when present)."""
        return grade_scores(
            self.bands.all(),
            total=total,
            instruments={"IIT": iit, "EIT": eit, "OIT": oit},
            scheme_code=self.code,
            scheme_name=self.name,
        )


class GradeBand(models.Model):
    """One level of a scheme: reached when the total is at least `min_total` and, if set, each
    of IIT, EIT and OIT is at least `min_each_instrument`. Bands are tried in `order`."""

    scheme = models.ForeignKey(
        GradeScheme, verbose_name=_("เกณฑ์"), on_delete=models.CASCADE, related_name="bands"
    )
    label = models.CharField(_("ระดับ"), max_length=50)
    order = models.PositiveSmallIntegerField(_("ลำดับการพิจารณา"))
    min_total = models.DecimalField(
        _("คะแนนรวมขั้นต่ำ"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS
    )
    min_each_instrument = models.DecimalField(
        _("คะแนนขั้นต่ำของแต่ละเครื่องมือ (IIT, EIT, OIT)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )

    class Meta:
        ordering = ["scheme", "order"]
        verbose_name = _("ระดับ")
        verbose_name_plural = _("ระดับ")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "order"], name="measures_gradeband_unique_order"
            ),
            models.UniqueConstraint(
                fields=["scheme", "label"], name="measures_gradeband_unique_label"
            ),
            _score_check("min_total", "measures_gradeband_min_total_0_100"),
            _score_check("min_each_instrument", "measures_gradeband_min_each_0_100"),
        ]

    def __str__(self) -> str:
        return self.label


# --- ITA frameworks ---------------------------------------------------------------------------


class ITAFramework(models.Model):
    """The ITA of one fiscal year: its indicators, its OIT items and the grade scheme that
    grades it. Held as data because NACC changes them between years."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"), unique=True)
    grade_scheme = models.ForeignKey(
        GradeScheme,
        verbose_name=_("เกณฑ์ระดับผลการประเมิน"),
        on_delete=models.PROTECT,
        related_name="frameworks",
    )
    note = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("กรอบการประเมิน ITA")
        verbose_name_plural = _("กรอบการประเมิน ITA")
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="measures_itaframework_year_is_be",
            )
        ]

    def __str__(self) -> str:
        return f"ITA {self.fiscal_year}"

    def indicator_by_number(self, number: int) -> Indicator | None:
        for indicator in self.indicators.all():
            if indicator.number == number:
                return indicator
        return None


class Indicator(models.Model):
    """An indicator (ตัวชี้วัด) of a year's framework, e.g. 6 คุณภาพการดำเนินงาน (EIT).

    `aliases` lists other names documents use for it, so importers can recognise it."""

    framework = models.ForeignKey(
        ITAFramework,
        verbose_name=_("กรอบการประเมิน"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    number = models.PositiveSmallIntegerField(_("ตัวชี้วัดที่"))
    instrument = models.CharField(_("เครื่องมือ"), max_length=3, choices=Instrument.choices)
    name = models.CharField(_("ชื่อตัวชี้วัด"), max_length=200)
    aliases = models.JSONField(
        _("ชื่ออื่นที่พบในเอกสาร"),
        default=list,
        blank=True,
        help_text=_('เช่น ["การแก้ปัญหาคอร์รัปชัน"]'),
    )

    class Meta:
        ordering = ["framework", "number"]
        verbose_name = _("ตัวชี้วัด")
        verbose_name_plural = _("ตัวชี้วัด")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="measures_indicator_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="measures_indicator_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class OITItem(models.Model):
    """An item of the year's OIT checklist (O1, O2, …): its number changes every year."""

    framework = models.ForeignKey(
        ITAFramework,
        verbose_name=_("กรอบการประเมิน"),
        on_delete=models.CASCADE,
        related_name="oit_items",
    )
    code = models.CharField(_("ข้อ"), max_length=10, help_text=_("เช่น O1"))
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    title = models.CharField(_("ชื่อข้อมูล"), max_length=300)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("ตัวชี้วัด"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="oit_items",
    )
    answered_by = models.CharField(
        _("เอกสารที่ตอบข้อนี้"),
        max_length=20,
        choices=OITSource.choices,
        blank=True,
        help_text=_("เอกสารในพอร์ทัลที่ใช้ตอบข้อนี้ เว้นว่างเมื่อข้อนี้ไม่ได้ตอบด้วยเอกสารในพอร์ทัล"),
    )

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("ข้อมูล OIT")
        verbose_name_plural = _("ข้อมูล OIT")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="measures_oititem_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


# --- ITA results ------------------------------------------------------------------------------


class ITAResultQuerySet(AgencyScopedQuerySet):
    def with_grading(self) -> ITAResultQuerySet:
        """What computing the grade needs, in a fixed number of queries."""
        return self.select_related("agency", "framework__grade_scheme").prefetch_related(
            "framework__grade_scheme__bands"
        )


class ITAResult(Revisioned, FromSourceDocument):
    """An agency's ITA result of one fiscal year. The grade is computed from the year's scheme;
    the grade and change the document stated are kept as stated."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="ita_results"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณที่ประเมิน (พ.ศ.)"))
    framework = models.ForeignKey(
        ITAFramework,
        verbose_name=_("กรอบการประเมิน"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
    )
    status = models.CharField(
        _("สถานะ"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    total = _score_field(_("คะแนนรวม"))
    iit = _score_field(_("คะแนน IIT"))
    eit = _score_field(_("คะแนน EIT"))
    oit = _score_field(_("คะแนน OIT"))
    stated_grade = models.CharField(
        _("ระดับตามเอกสาร"), max_length=50, blank=True, help_text=_("ตามที่เอกสารระบุ เช่น C")
    )
    stated_delta = models.DecimalField(
        _("คะแนนเปลี่ยนแปลงตามเอกสาร"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("เมื่อเอกสารระบุการเปลี่ยนแปลงจากปีก่อน เช่น +23.29"),
    )
    stated_previous_grade = models.CharField(_("ระดับปีก่อนตามเอกสาร"), max_length=50, blank=True)
    analysis = models.TextField(_("ผลการวิเคราะห์"), blank=True)
    #: The optimistic-concurrency version (core.concurrency): +1 on every save by a service.
    version = models.PositiveIntegerField(_("รุ่น"), default=1)

    objects = ITAResultQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "-fiscal_year"]
        verbose_name = _("ผลการประเมิน ITA")
        verbose_name_plural = _("ผลการประเมิน ITA")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year"],
                # Amendments share the first row's identity (agencies.workflow).
                condition=Q(root__isnull=True),
                name="measures_itaresult_unique_year",
            ),
            _score_check("total", "measures_itaresult_total_0_100"),
            _score_check("iit", "measures_itaresult_iit_0_100"),
            _score_check("eit", "measures_itaresult_eit_0_100"),
            _score_check("oit", "measures_itaresult_oit_0_100"),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "agency"], name="measures_ita_year_agency"),
            # The dashboards' ITA averages of a year (published results with a total).
            models.Index(
                fields=["fiscal_year", "agency", "total"],
                condition=Q(status="published", total__isnull=False),
                name="measures_ita_pub_year_total",
            ),
        ]

    def __str__(self) -> str:
        return f"ITA {self.fiscal_year} {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse("measures:ita_result", kwargs={"pk": self.pk})

    def get_stable_url(self, *, revision: bool = False, pdf: bool = False) -> str:
        """/a/<code>/ita/2567/ (in force) or …/r<N>/ (this revision, for good); "" for its PDF,
        which an ITA result does not have."""
        if pdf:
            return ""
        identity = {"code": self.agency.code, "year": self.fiscal_year}
        return self.stable_url("measures:ita_stable", identity, revision=revision, pdf=False)

    def clean(self) -> None:
        if self.framework is not None and self.framework.fiscal_year != self.fiscal_year:
            raise ValidationError({"framework": _("กรอบการประเมินไม่ตรงกับปีงบประมาณของผลการประเมิน")})

    @property
    def grade_scheme(self) -> GradeScheme | None:
        return self.framework.grade_scheme if self.framework is not None else None

    @property
    def grade(self) -> Grade:
        """The grade computed from the year's scheme ("unknown" when a needed score is missing)."""
        scheme = self.grade_scheme
        if scheme is None:
            return grade_scores([], total=self.total, instruments={})
        return scheme.grade(total=self.total, iit=self.iit, eit=self.eit, oit=self.oit)

    @property
    def grade_differs_from_stated(self) -> bool:
        grade = self.grade
        return bool(self.stated_grade) and grade.is_known and grade.label != self.stated_grade


class IndicatorScore(models.Model):
    """A result's score on one indicator (or only the change a document stated), with the
    agency's analysis of its weak points."""

    result = models.ForeignKey(
        ITAResult,
        verbose_name=_("ผลการประเมิน"),
        on_delete=models.CASCADE,
        related_name="indicator_scores",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("ตัวชี้วัด"), on_delete=models.PROTECT, related_name="scores"
    )
    score = _score_field(_("คะแนน"))
    stated_delta = models.DecimalField(
        _("คะแนนเปลี่ยนแปลงตามเอกสาร"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    analysis = models.TextField(_("จุดอ่อน/ผลการวิเคราะห์"), blank=True)

    class Meta:
        ordering = ["result", "indicator__number"]
        verbose_name = _("คะแนนรายตัวชี้วัด")
        verbose_name_plural = _("คะแนนรายตัวชี้วัด")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "indicator"], name="measures_indicatorscore_unique_indicator"
            ),
            _score_check("score", "measures_indicatorscore_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"

    def clean(self) -> None:
        if (
            self.result_id
            and self.indicator_id
            and self.result.framework_id != self.indicator.framework_id
        ):
            raise ValidationError(
                {
                    "indicator": _("ตัวชี้วัดนี้ไม่อยู่ในกรอบการประเมิน ITA ปี %(year)s")
                    % {"year": self.result.fiscal_year}
                }
            )


# --- Memos ------------------------------------------------------------------------------------


class MemoQuerySet(AgencyScopedQuerySet):
    """Memos, reached only through visible_to / editable_by."""


class Memo(FromSourceDocument):
    """A บันทึกข้อความ (internal memo), e.g. asking the executive to approve the measures."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="memos"
    )
    status = models.CharField(
        _("สถานะ"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    department = models.CharField(_("ส่วนราชการ"), max_length=300, blank=True)
    reference = models.CharField(_("ที่"), max_length=100, blank=True)
    date = models.DateField(_("วันที่"), null=True, blank=True)
    date_text = models.CharField(_("วันที่ตามเอกสาร"), max_length=100, blank=True)
    subject = models.TextField(_("เรื่อง"), blank=True)
    to = models.CharField(_("เรียน"), max_length=300, blank=True)
    body = models.TextField(_("ข้อความ"), blank=True)

    objects = MemoQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "-date"]
        verbose_name = _("บันทึกข้อความ")
        verbose_name_plural = _("บันทึกข้อความ")

    def __str__(self) -> str:
        return self.subject[:80] or str(_("บันทึกข้อความ"))


class MemoSignature(models.Model):
    """A signature in a memo's chain, with the opinion the signer wrote above it (if any)."""

    memo = models.ForeignKey(
        Memo, verbose_name=_("บันทึกข้อความ"), on_delete=models.CASCADE, related_name="signatures"
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    role = models.CharField(_("บทบาทในสายงาน"), max_length=20, choices=SignatureRole.choices)
    name = models.CharField(_("ชื่อ"), max_length=200, blank=True)
    position = models.CharField(_("ตำแหน่ง"), max_length=500, blank=True)
    opinion_heading = models.CharField(
        _("หัวข้อความเห็น"), max_length=300, blank=True, help_text=_("เช่น ความเห็นของปลัด…")
    )
    opinion = models.TextField(_("ความเห็น"), blank=True)

    class Meta:
        ordering = ["memo", "order"]
        verbose_name = _("ผู้ลงนาม")
        verbose_name_plural = _("ผู้ลงนาม")

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


# --- Measures ---------------------------------------------------------------------------------


class MeasureSetQuerySet(AgencyScopedQuerySet):
    """The only way views reach measure sets: published ones, plus the user's own drafts."""


class MeasureSet(Revisioned, FromSourceDocument):
    """An agency's measures to promote integrity and transparency for one fiscal year (or the
    report on carrying them out), as one document: intro, table, optional memo."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("หน่วยงาน"), on_delete=models.CASCADE, related_name="measure_sets"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"))
    kind = models.CharField(
        _("ประเภท"),
        max_length=20,
        choices=MeasureSetKind.choices,
        default=MeasureSetKind.MEASURES,
    )
    ita_year = models.PositiveSmallIntegerField(
        _("ผลการประเมิน ITA ที่นำมาวิเคราะห์ (ปี พ.ศ.)"), null=True, blank=True
    )
    status = models.CharField(
        _("สถานะ"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True)
    title = models.CharField(_("ชื่อเอกสาร"), max_length=500)
    intro = models.TextField(_("บทนำ"), blank=True)
    column_layout = models.JSONField(
        _("ลำดับคอลัมน์ของตาราง"),
        default=list,
        blank=True,
        help_text=_("รายการคีย์ของคอลัมน์ตามลำดับในเอกสาร"),
    )
    column_labels = models.JSONField(
        _("หัวคอลัมน์ตามเอกสาร"), default=dict, blank=True, help_text=_("คีย์ → หัวคอลัมน์")
    )
    memo = models.ForeignKey(
        Memo,
        verbose_name=_("บันทึกข้อความ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measure_sets",
    )

    objects = MeasureSetQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "-fiscal_year", "kind"]
        verbose_name = _("ชุดมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
        verbose_name_plural = _("ชุดมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "fiscal_year", "kind"],
                # Amendments share the first row's identity (agencies.workflow).
                condition=Q(root__isnull=True),
                name="measures_measureset_unique_year_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "agency"], name="measures_set_status_agency"),
            # The dashboards' "published measures of the year" per agency.
            models.Index(
                fields=["agency", "fiscal_year"],
                condition=Q(status="published"),
                name="measures_set_pub_agency_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.fiscal_year})"

    def get_absolute_url(self) -> str:
        return reverse("measures:set_detail", kwargs={"pk": self.pk})

    def get_pdf_url(self) -> str:
        return reverse("measures:set_pdf", kwargs={"pk": self.pk})

    def get_stable_url(self, *, revision: bool = False, pdf: bool = False) -> str:
        """/a/<code>/measures/2567/ (the report on them: …/2567/results/) in force, or
        …/r<N>/ (this revision, for good)."""
        identity = {"code": self.agency.code, "year": self.fiscal_year}
        route = (
            "measures:results_stable"
            if self.kind == MeasureSetKind.REPORT
            else "measures:set_stable"
        )
        return self.stable_url(route, identity, revision=revision, pdf=pdf)

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def columns(self) -> list[str]:
        return list(self.column_layout or DEFAULT_COLUMN_LAYOUT)


class MeasureQuerySet(AgencyScopedQuerySet):
    agency_field = "set__agency"
    status_field = "set__status"


class Measure(TimeStamped):
    """A measure (มาตรการ/แนวทาง) of a set: the ITA issue it answers, its method steps, who
    carries it out and when, and its results per reporting period."""

    #: The result of the period a set's page shows, set by measures.views.set_detail_context.
    result: MeasureResult | None
    #: What measures.services found odd in the period text (set by measure_create/update).
    warnings: list[str]

    set = models.ForeignKey(
        MeasureSet, verbose_name=_("ชุดมาตรการ"), on_delete=models.CASCADE, related_name="measures"
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    number = models.CharField(_("ลำดับตามเอกสาร"), max_length=20, blank=True)
    issue = models.CharField(
        _("ประเด็น ITA"), max_length=300, blank=True, help_text=_("เช่น ด้านการใช้จ่ายงบประมาณ")
    )
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("ตัวชี้วัดที่ตอบ"), blank=True, related_name="measures"
    )
    title = models.TextField(_("มาตรการ/แนวทาง"), help_text=_("ข้อความล้วน ใช้ในรายการและการค้นหา"))
    title_html = models.TextField(
        _("มาตรการ/แนวทาง (รูปแบบ)"), blank=True, help_text=_("HTML ที่ผ่านการทำความสะอาดแล้ว")
    )
    responsible_units = models.TextField(_("ผู้รับผิดชอบ"), blank=True)
    period_text = models.CharField(_("ระยะเวลาดำเนินการ (ตามเอกสาร)"), max_length=200, blank=True)
    period_start = models.DateField(_("เริ่ม"), null=True, blank=True)
    period_end = models.DateField(_("สิ้นสุด"), null=True, blank=True)
    plan_items = models.ManyToManyField(
        PlanItem, verbose_name=_("โครงการในแผนที่เกี่ยวข้อง"), blank=True, related_name="measures"
    )
    version = models.PositiveIntegerField(_("รุ่น"), default=1)
    source_line = models.PositiveIntegerField(_("บรรทัดในเอกสาร"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("แก้ไขโดย"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    #: The same measure in every revision of its set (kept by amendments).
    key = models.UUIDField(_("รหัสรายการ"), default=uuid.uuid4, editable=False, db_index=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["set", "order"]
        verbose_name = _("มาตรการ")
        verbose_name_plural = _("มาตรการ")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="measures_measure_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["set", "order"], name="measures_measure_set_order")]

    def __str__(self) -> str:
        return self.title[:80]

    def get_absolute_url(self) -> str:
        url = self.set.get_absolute_url()
        return f"{url}#measure-{self.pk}" if url else ""


class MeasureStep(models.Model):
    """A step of a measure's method (วิธีดำเนินการ), in order."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("มาตรการ"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    html = models.TextField(_("ขั้นตอน"), help_text=_("HTML ที่ผ่านการทำความสะอาดแล้ว"))

    class Meta:
        ordering = ["measure", "order"]
        verbose_name = _("ขั้นตอนการดำเนินการ")
        verbose_name_plural = _("ขั้นตอนการดำเนินการ")

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def text(self) -> str:
        return html_to_text(self.html)


class MeasureResultQuerySet(AgencyScopedQuerySet):
    agency_field = "measure__set__agency"
    status_field = "measure__set__status"


class MeasureResult(models.Model):
    """What a measure achieved in one reporting period: summary, outcome, suggestions."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("มาตรการ"), on_delete=models.CASCADE, related_name="results"
    )
    period = models.CharField(_("รอบการรายงาน"), max_length=10, choices=ResultPeriod.choices)
    summary = models.TextField(_("สรุปผลการดำเนินการ"), blank=True)
    outcome = models.TextField(_("ผลลัพธ์หรือความสำเร็จ"), blank=True)
    suggestions = models.TextField(_("ข้อเสนอแนะ"), blank=True)
    updated_at = models.DateTimeField(_("แก้ไขเมื่อ"), auto_now=True)
    #: The optimistic-concurrency version (core.concurrency): +1 on every save by a service.
    version = models.PositiveIntegerField(_("รุ่น"), default=1)

    objects = MeasureResultQuerySet.as_manager()

    class Meta:
        ordering = ["measure", "period"]
        verbose_name = _("ผลการดำเนินการตามมาตรการ")
        verbose_name_plural = _("ผลการดำเนินการตามมาตรการ")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period"], name="measures_measureresult_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} ({self.get_period_display()})"
