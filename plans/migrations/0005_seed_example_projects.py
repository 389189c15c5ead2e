"""Seed NACC's example projects per dimension of the 2566–2570 edition: what a new plan may
start from. Names are those of the DLA template as agencies' plans print them (seed documents
001 and 002), without any one agency's name. Reference data, kept in the admin afterwards.
"""

from django.db import migrations

# (sub-dimension number, kind, title, responsible unit)
EXAMPLES_2566 = [
    ("1.1", "measure", "มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรมขององค์กรปกครองส่วนท้องถิ่น", "สำนักปลัด"),
    ("1.1", "project", "โครงการฝึกอบรมการส่งเสริมคุณธรรมจริยธรรมบุคลากรองค์กรปกครองส่วนท้องถิ่นเพื่อเสริมสร้างวัฒนธรรมองค์กรสุจริต", "สำนักปลัด"),
    ("1.2", "project", "โครงการส่งเสริมการดำเนินชีวิตตามหลักปรัชญาของเศรษฐกิจพอเพียง", "สำนักปลัด"),
    ("1.2", "project", "โครงการยกย่องเชิดชูเกียรติหน่วยงานและบุคคลที่ประพฤติปฏิบัติดีให้เป็นที่ประจักษ์", "สำนักปลัด"),
    ("1.3", "project", "โครงการโรงเรียนคุณธรรม", "กองการศึกษา ศาสนาและวัฒนธรรม"),
    ("1.3", "project", "โครงการสร้างภูมิคุ้มกันทางสังคมให้เด็กและเยาวชน (กิจกรรมต่อต้านการทุจริต)", "กองการศึกษา ศาสนาและวัฒนธรรม"),
    ("2.1", "measure", "มาตรการปรับปรุงและพัฒนาศูนย์ข้อมูลข่าวสารเพื่อเผยแพร่ข้อมูลข่าวสารแก่ประชาชน", "สำนักปลัด"),
    ("2.1", "project", "โครงการเสริมสร้างความโปร่งใสในการบริหารงบประมาณ", "กองคลัง"),
    ("2.1", "measure", "มาตรการเปิดเผยข้อมูลสาธารณะ และกำกับติดตามการเผยแพร่ข้อมูล", "สำนักปลัด"),
    ("2.2", "measure", "มาตรการ NO Gift Policy", "สำนักปลัด"),
    ("2.2", "measure", "มาตรการป้องกันผลประโยชน์ทับซ้อน", "สำนักปลัด"),
    ("2.2", "activity", "กิจกรรมวิเคราะห์ผลการจัดซื้อจัดจ้างประจำปี", "กองคลัง"),
    ("2.3", "project", "โครงการพัฒนาคุณภาพการให้บริการประชาชนตามหลักธรรมาภิบาล", "สำนักปลัด"),
    ("2.3", "project", "โครงการจัดทำคู่มือหรือมาตรฐานการปฏิบัติงานสำหรับเจ้าหน้าที่", "สำนักปลัด"),
    ("2.3", "measure", "มาตรการออกคำสั่งมอบหมายงาน", "สำนักปลัด"),
    ("3.1", "project", "โครงการจัดเวทีประชาคม", "สำนักปลัด"),
    ("3.1", "activity", "กิจกรรมการประเมินผลการปฏิบัติราชการ", "สำนักปลัด"),
    ("3.2", "measure", "มาตรการจัดการเรื่องราวร้องทุกข์/ร้องเรียน", "สำนักปลัด"),
    ("3.3", "measure", "มาตรการส่งเสริมการมีส่วนร่วมของประชาชนในการบริหารกิจการขององค์กรปกครองส่วนท้องถิ่น", "สำนักปลัด"),
    ("4.1", "project", "โครงการจัดทำแผนการตรวจสอบภายในประจำปี", "หน่วยตรวจสอบภายใน"),
    ("4.1", "activity", "กิจกรรมติดตามประเมินผลการควบคุมภายใน", "หน่วยตรวจสอบภายใน"),
    ("4.1", "measure", "มาตรการบริหารจัดการความเสี่ยงการทุจริต", "สำนักปลัด"),
    ("4.2", "activity", "กิจกรรมส่งเสริมและพัฒนาศักยภาพสมาชิกสภาท้องถิ่น", "สำนักปลัด"),
    ("4.3", "measure", "มาตรการจัดการในกรณีได้ทราบ หรือรับแจ้ง หรือตรวจสอบพบการทุจริต", "สำนักปลัด"),
    ("4.3", "measure", "มาตรการจัดให้มีระบบและช่องทางการรับเรื่องร้องเรียนเกี่ยวกับการทุจริต", "สำนักปลัด"),
]


def seed(apps, schema_editor):
    Edition = apps.get_model("plans", "DimensionEdition")
    Dimension = apps.get_model("plans", "Dimension")
    Example = apps.get_model("plans", "ExampleProject")
    edition = Edition.objects.filter(code="2566-2570").first()
    if edition is None or Example.objects.filter(edition=edition).exists():
        return
    nodes = {d.number: d for d in Dimension.objects.filter(edition=edition)}
    for order, (number, kind, title, unit) in enumerate(EXAMPLES_2566, start=1):
        sub = nodes.get(number)
        if sub is None:
            continue
        Example.objects.create(
            edition=edition,
            dimension=nodes[number.split(".")[0]],
            subdimension=sub,
            kind=kind,
            title=title,
            responsible_unit=unit,
            order=order,
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_example_projects")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
