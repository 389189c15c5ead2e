"""Seed the OIT items of ITA 2565 and 2566 that an agency answers with its integrity documents.

The numbers and names follow agencies' own published OIT pages for these years (NACC's manuals
were not found; see docs/DOMAIN): a site admin corrects them and enters other years in the
admin. Items whose answer is not a document of this portal (organisational culture, ethics)
are kept with an empty `answered_by`, so the year's numbering stays whole.
"""

from django.db import migrations


# fiscal year -> [(code, title, answered_by)]
ITEMS = {
    2565: [
        ("O36", "การประเมินความเสี่ยงการทุจริตประจำปี", "risk_assessment"),
        ("O37", "การดำเนินการเพื่อจัดการความเสี่ยงการทุจริต", "risk_management"),
        ("O38", "การเสริมสร้างวัฒนธรรมองค์กร", ""),
        ("O39", "แผนปฏิบัติการป้องกันการทุจริต", "plan"),
        (
            "O40",
            "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน",
            "report_h1",
        ),
        ("O41", "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี", "report_annual"),
        ("O42", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "measures"),
        (
            "O43",
            "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            "measures_report",
        ),
    ],
    2566: [
        ("O34", "การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบ", "risk_assessment"),
        ("O35", "การดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ", "risk_management"),
        ("O36", "แผนปฏิบัติการป้องกันการทุจริต", "plan"),
        (
            "O37",
            "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน",
            "report_h1",
        ),
        ("O38", "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี", "report_annual"),
        ("O39", "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ", ""),
        ("O40", "การขับเคลื่อนจริยธรรม", ""),
        ("O41", "การประเมินจริยธรรมเจ้าหน้าที่ของรัฐ", ""),
        ("O42", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", "measures"),
        (
            "O43",
            "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
            "measures_report",
        ),
    ],
}

NOT_RECORDED = "รายการข้อมูล OIT ของปีนี้ยังไม่ได้บันทึก (เลขข้อเปลี่ยนทุกปี)"


def seed(apps, schema_editor):
    ITAFramework = apps.get_model("measures", "ITAFramework")
    OITItem = apps.get_model("measures", "OITItem")
    Indicator = apps.get_model("measures", "Indicator")
    for year, items in ITEMS.items():
        framework = ITAFramework.objects.filter(fiscal_year=year).first()
        if framework is None:
            continue
        prevention = Indicator.objects.filter(framework=framework, number=10).first()
        for code, title, answered_by in items:
            OITItem.objects.update_or_create(
                framework=framework,
                code=code,
                defaults={
                    "title": title,
                    "answered_by": answered_by,
                    "order": int(code[1:]),
                    "indicator": prevention,
                },
            )
        note = framework.note.replace(NOT_RECORDED, "").strip()
        if note != framework.note:
            framework.note = note
            framework.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [("measures", "0005_oit_item_answered_by")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
