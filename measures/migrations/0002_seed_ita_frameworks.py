"""Seed the ITA frameworks 2564–2568, their ten indicators and the two grade schemes.

Reference data, editable in the admin. The thresholds come from agencies' published copies,
not from the NACC manual; the indicators of 2564–2565 are copies of 2566's until checked.
"""

from decimal import Decimal

from django.db import migrations

# Printed under the scheme on the ITA page and PDF: Thai only (0003 removed an English note).
SOURCE_NOTE = (
    "เกณฑ์นี้นำมาจากเอกสารที่หน่วยงานเผยแพร่ ยังไม่ได้ตรวจสอบกับคู่มือการประเมินของสำนักงาน ป.ป.ช."
)

SCHEMES = {
    "letter": (
        "ระดับตัวอักษร AA–F (ถึง ITA 2565)",
        [
            # (label, min_total, min_each_instrument)
            ("AA", "95", None),
            ("A", "85", None),
            ("B", "75", None),
            ("C", "65", None),
            ("D", "55", None),
            ("E", "50", None),
            ("F", "0", None),
        ],
    ),
    "instrument": (
        "ผ่านดีเยี่ยม–ต้องปรับปรุงโดยด่วน (ตั้งแต่ ITA 2566)",
        [
            ("ผ่านดีเยี่ยม", "95", "95"),
            ("ผ่านดี", "85", "85"),
            ("ผ่าน", "85", None),
            ("ต้องปรับปรุง", "70", None),
            ("ต้องปรับปรุงโดยด่วน", "0", None),
        ],
    ),
}

# (number, instrument, name, aliases)
INDICATORS = [
    (1, "IIT", "การปฏิบัติหน้าที่", []),
    (2, "IIT", "การใช้งบประมาณ", ["การใช้จ่ายงบประมาณ"]),
    (3, "IIT", "การใช้อำนาจ", []),
    (4, "IIT", "การใช้ทรัพย์สินของราชการ", ["การใช้ทรัพย์สินของทางราชการ"]),
    (
        5,
        "IIT",
        "การแก้ไขปัญหาการทุจริต",
        ["การแก้ปัญหาคอร์รัปชัน", "การแก้ปัญหาการทุจริต", "การแก้ไขปัญหาคอร์รัปชัน"],
    ),
    (6, "EIT", "คุณภาพการดำเนินงาน", []),
    (7, "EIT", "ประสิทธิภาพการสื่อสาร", []),
    (8, "EIT", "การปรับปรุงระบบการทำงาน", ["การปรับปรุงการทำงาน"]),
    (9, "OIT", "การเปิดเผยข้อมูล", ["การเปิดเผยข้อมูลสาธารณะ"]),
    (10, "OIT", "การป้องกันการทุจริต", []),
]

YEARS = {
    2564: ("letter", "ตัวชี้วัดคัดลอกจากกรอบปี 2566 จนกว่าจะตรวจสอบกับคู่มือ ITA 2564"),
    2565: ("letter", "ตัวชี้วัดคัดลอกจากกรอบปี 2566 จนกว่าจะตรวจสอบกับคู่มือ ITA 2565"),
    2566: ("instrument", ""),
    2567: ("instrument", ""),
    2568: ("instrument", ""),
}


def seed(apps, schema_editor):
    GradeScheme = apps.get_model("measures", "GradeScheme")
    GradeBand = apps.get_model("measures", "GradeBand")
    ITAFramework = apps.get_model("measures", "ITAFramework")
    Indicator = apps.get_model("measures", "Indicator")
    schemes = {}
    for code, (name, bands) in SCHEMES.items():
        scheme, _ = GradeScheme.objects.get_or_create(
            code=code, defaults={"name": name, "note": SOURCE_NOTE}
        )
        schemes[code] = scheme
        for order, (label, min_total, min_each) in enumerate(bands, start=1):
            GradeBand.objects.get_or_create(
                scheme=scheme,
                order=order,
                defaults={
                    "label": label,
                    "min_total": Decimal(min_total),
                    "min_each_instrument": Decimal(min_each) if min_each else None,
                },
            )
    for year, (scheme_code, note) in YEARS.items():
        framework, _ = ITAFramework.objects.get_or_create(
            fiscal_year=year,
            defaults={
                "grade_scheme": schemes[scheme_code],
                "note": " ".join(
                    part
                    for part in (
                        note,
                        "รายการข้อมูล OIT ของปีนี้ยังไม่ได้บันทึก (เลขข้อเปลี่ยนทุกปี)",
                    )
                    if part
                ),
            },
        )
        for number, instrument, name, aliases in INDICATORS:
            Indicator.objects.get_or_create(
                framework=framework,
                number=number,
                defaults={"instrument": instrument, "name": name, "aliases": aliases},
            )


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
