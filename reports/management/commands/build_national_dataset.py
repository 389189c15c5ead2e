"""Build a synthetic national data set: 7,850 agencies in 77 provinces, reproducibly.

    manage.py build_national_dataset [--scale 0.1] [--seed 16] [--years-back 1]

Every agency has a five-year plan (edition 2566-2570) of about 45 items with a row per year,
ITA results for two years, measure sets (with their measures) and reporting rounds for the
current and the previous fiscal year. Most of it is published (a plan in ten is a draft,
and some rounds are still open), so the public pages show what they would on the national
portal. The same --seed always gives the same rows (the ids depend on the database).

Built with bulk_create in batches (no signals, no audit log rows): the whole set takes a few
minutes; --scale 0.1 builds a tenth of the agencies (785) for tests and quick runs. It
refuses to run on a database that already has agencies (use a fresh database, e.g.
``sujarit_deploy_bench``).

For benchmarks only: it lives in reports/ because it needs every app.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.thai import fiscal_year_of

N_PROVINCES = 77
N_AGENCIES = 7850
ITEMS_PER_PLAN = 45
MEASURES_PER_SET = 8
# The kinds of Thailand's local administrative organisations, roughly in their proportions.
KINDS = [("pao", 76), ("city", 30), ("town", 195), ("tambon_municipality", 2247), ("sao", 5302)]
SHORT = {"pao": "อบจ.", "city": "ทน.", "town": "ทม.", "tambon_municipality": "ทต.", "sao": "อบต."}
LONG = {
    "pao": "องค์การบริหารส่วนจังหวัด",
    "city": "เทศบาลนคร",
    "town": "เทศบาลเมือง",
    "tambon_municipality": "เทศบาลตำบล",
    "sao": "องค์การบริหารส่วนตำบล",
}
SYLLABLES = "กระ จาย นา หนอง บ้าน ดอน โพธิ์ ศรี ทุ่ง แก้ว สวน คำ ป่า ตาก ชัย เมือง น้ำ ใส".split()
ITEM_TITLES = [
    "โครงการส่งเสริมคุณธรรมและจริยธรรมแก่บุคลากร",
    "กิจกรรมประกาศเจตจำนงต่อต้านการทุจริตของผู้บริหาร",
    "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้างต่อสาธารณะ",
    "โครงการอบรมให้ความรู้เรื่องผลประโยชน์ทับซ้อน",
    "กิจกรรมเปิดโอกาสให้ประชาชนมีส่วนร่วมตรวจสอบการใช้งบประมาณ",
    "มาตรการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
    "โครงการเสริมสร้างความโปร่งใสในการปฏิบัติราชการ",
    "กิจกรรมการรายงานผลการตรวจสอบของสภาท้องถิ่น",
]
MEASURE_TITLES = [
    "เผยแพร่แผนการใช้จ่ายงบประมาณประจำปีบนเว็บไซต์ของหน่วยงาน",
    "จัดทำคู่มือการปฏิบัติงานและเผยแพร่ให้ประชาชนทราบ",
    "กำหนดช่องทางการร้องเรียนการทุจริตที่หลากหลาย",
    "ประกาศมาตรการป้องกันการรับสินบนทุกรูปแบบ",
    "รายงานผลการจัดซื้อจัดจ้างเป็นรายเดือน",
]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


class Command(BaseCommand):
    help = "Build the synthetic national data set (7,850 agencies) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="fraction of the agencies")
        parser.add_argument("--seed", type=int, default=16)
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, scale, seed, batch_size, **options):
        from plans.models import Agency

        if Agency.objects.exists():
            raise CommandError("This database already has agencies: build into a fresh one.")
        if not 0 < scale <= 1:
            raise CommandError("--scale must be in (0, 1].")
        started = time.perf_counter()
        self.rng = random.Random(seed)
        self.batch = batch_size
        self.counts: dict[str, int] = {}
        with transaction.atomic():
            agencies = self._agencies(max(N_PROVINCES, round(N_AGENCIES * scale)))
            self._plans(agencies)
            self._ita(agencies)
            self._measures(agencies)
            self._rounds(agencies)
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{n:,} {what}" for what, n in self.counts.items())
        self.stdout.write(f"built in {seconds:.1f} s: {summary}")

    def _count(self, what: str, n: int) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    # ------------------------------------------------------------------ agencies

    def _agencies(self, n: int):
        from agencies.models import Agency, Province

        provinces = Province.objects.bulk_create(
            Province(name=f"จังหวัด{_name(self.rng)}{i:02d}") for i in range(N_PROVINCES)
        )
        self._count("provinces", len(provinces))
        weights = [w for _, w in KINDS]
        kinds = [k for k, _ in KINDS]
        rows = []
        for i in range(n):
            kind = "pao" if i < N_PROVINCES else self.rng.choices(kinds, weights)[0]
            province = provinces[i % N_PROVINCES]
            place = province.name.removeprefix("จังหวัด") if kind == "pao" else _name(self.rng)
            rows.append(
                Agency(
                    code=f"N{i:05d}",
                    kind=kind,
                    name=f"{LONG[kind]}{place}{'' if kind == 'pao' else f' {i:05d}'}",
                    short_name=f"{SHORT[kind]}{place}",
                    district=f"อำเภอ{_name(self.rng)}",
                    province=province,
                    digit_style="thai" if self.rng.random() < 0.7 else "arabic",
                )
            )
        agencies = Agency.objects.bulk_create(rows, batch_size=self.batch)
        self._count("agencies", len(agencies))
        return agencies

    # ------------------------------------------------------------------ plans

    def _plans(self, agencies) -> None:
        from plans.models import Dimension, DimensionEdition, Plan, PlanItem, PlanItemYear

        edition = DimensionEdition.objects.get(code="2566-2570")
        tops = list(Dimension.objects.filter(edition=edition, parent__isnull=True))
        subs = {
            top.pk: list(Dimension.objects.filter(parent=top).order_by("sort_key")) for top in tops
        }
        years = range(edition.first_year, edition.last_year + 1)
        published_at = dt.datetime(2023, 1, 15, 10, tzinfo=dt.UTC)
        for start in range(0, len(agencies), 500):
            chunk = agencies[start : start + 500]
            plans = Plan.objects.bulk_create(
                Plan(
                    agency=agency,
                    edition=edition,
                    title="แผนปฏิบัติการป้องกันการทุจริต",
                    first_year=edition.first_year,
                    last_year=edition.last_year,
                    status="published" if self.rng.random() < 0.9 else "draft",
                    published_at=published_at,
                    foreword="แผนปฏิบัติการป้องกันการทุจริตฉบับนี้จัดทำขึ้นเพื่อเป็นกรอบแนวทาง",
                )
                for agency in chunk
            )
            items = []
            for plan in plans:
                for n in range(self.rng.randint(ITEMS_PER_PLAN - 5, ITEMS_PER_PLAN + 5)):
                    top = tops[n * len(tops) // ITEMS_PER_PLAN % len(tops)]
                    sub = self.rng.choice(subs[top.pk]) if subs[top.pk] else None
                    items.append(
                        PlanItem(
                            plan=plan,
                            kind=self.rng.choice(["project", "activity", "measure"]),
                            number=str(n + 1),
                            title=f"{self.rng.choice(ITEM_TITLES)} ครั้งที่ {n + 1}",
                            dimension=top,
                            subdimension=sub,
                            responsible_unit="สำนักปลัด",
                            order=n,
                        )
                    )
            items = PlanItem.objects.bulk_create(items, batch_size=self.batch)
            item_years = []
            for item in items:
                budget = self.rng.choice([0, 0, 5000, 10000, 20000, 50000, 100000])
                for year in years:
                    quarters = self.rng.sample([1, 2, 3, 4], self.rng.randint(1, 4))
                    item_years.append(
                        PlanItemYear(
                            item=item,
                            year=year,
                            budget=Decimal(budget),
                            no_budget=budget == 0,
                            q1=1 in quarters,
                            q2=2 in quarters,
                            q3=3 in quarters,
                            q4=4 in quarters,
                        )
                    )
            PlanItemYear.objects.bulk_create(item_years, batch_size=self.batch)
            self._count("plans", len(plans))
            self._count("plan items", len(items))
            self._count("item years", len(item_years))

    # ------------------------------------------------------------------ ITA, measures, rounds

    def _ita(self, agencies) -> None:
        from measures.models import ITAFramework, ITAResult

        frameworks = {f.fiscal_year: f for f in ITAFramework.objects.all()}
        years = sorted(frameworks)[-2:]
        rows = []
        for agency in agencies:
            for year in years:
                if self.rng.random() < 0.85:
                    iit, eit, oit = (Decimal(self.rng.randint(5000, 10000)) / 100 for _ in "123")
                    rows.append(
                        ITAResult(
                            agency=agency,
                            fiscal_year=year,
                            framework=frameworks[year],
                            status="published",
                            iit=iit,
                            eit=eit,
                            oit=oit,
                            total=((iit * 30 + eit * 30 + oit * 40) / 100).quantize(
                                Decimal("0.01")
                            ),
                        )
                    )
        ITAResult.objects.bulk_create(rows, batch_size=self.batch)
        self._count("ITA results", len(rows))

    def _fiscal_years(self) -> list[int]:
        current = fiscal_year_of(timezone.localdate())
        return [current - 1, current]

    def _measures(self, agencies) -> None:
        from measures.models import Measure, MeasureSet

        sets = []
        for agency in agencies:
            for year in self._fiscal_years():
                if self.rng.random() < 0.7:
                    sets.append(
                        MeasureSet(
                            agency=agency,
                            fiscal_year=year,
                            ita_year=year - 1,
                            status="published" if self.rng.random() < 0.9 else "draft",
                            title=f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปี {year}",
                        )
                    )
        sets = MeasureSet.objects.bulk_create(sets, batch_size=self.batch)
        measures = [
            Measure(
                set=measure_set,
                order=n,
                number=str(n + 1),
                title=(title := self.rng.choice(MEASURE_TITLES)),
                title_html=title,
                responsible_units="สำนักปลัด",
                period_text="ตลอดปีงบประมาณ",
            )
            for measure_set in sets
            for n in range(MEASURES_PER_SET)
        ]
        Measure.objects.bulk_create(measures, batch_size=self.batch)
        self._count("measure sets", len(sets))
        self._count("measures", len(measures))

    def _rounds(self, agencies) -> None:
        from reports.models import ReportingRound

        previous, current = self._fiscal_years()
        plan = [(previous, "h1", 0.75), (previous, "annual", 0.65), (current, "q1", 0.5)]
        rows = []
        for agency in agencies:
            for year, kind, share in plan:
                if self.rng.random() >= share:
                    continue
                ce = year - 543
                start = dt.date(ce - 1, 10, 1)
                end = {"h1": dt.date(ce, 3, 31), "annual": dt.date(ce, 9, 30)}.get(
                    kind, dt.date(ce - 1, 12, 31)
                )
                rows.append(
                    ReportingRound(
                        agency=agency,
                        fiscal_year=year,
                        kind=kind,
                        period_start=start,
                        period_end=end,
                        due_date=end + dt.timedelta(days=15),
                        state="published" if self.rng.random() < 0.85 else "open",
                        title=f"รายงานผลการดำเนินงานตามแผน ประจำปี {year}",
                    )
                )
        ReportingRound.objects.bulk_create(rows, batch_size=self.batch)
        self._count("reporting rounds", len(rows))
