"""A new plan written in the browser (issue 13 items 1–2): starting one (empty, from NACC's
examples, from the previous plan), the part-1 tables, item order, part-3 sheets, the foreword,
the wizard's progress read from the draft, and the rules every one of these writes keeps."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agencies.access import SYSTEM
from agencies.choices import PublicationStatus
from core.concurrency import ConcurrentEditError
from plans import services
from plans.models import ExampleProject, Plan, PlanItem, PlanItemYear, PlanTarget, RiskRow
from plans.selectors import plan_wizard_state
from plans.services import RiskInput, TargetInput
from plans.tests.factories import item_create, plan_create, plan_with_items

pytestmark = pytest.mark.django_db


def _start(agency, user, edition, **kwargs):
    return services.plan_start(
        agency=agency, user=user, edition=edition, title="แผนปฏิบัติการป้องกันการทุจริต", **kwargs
    )


def test_it_seeds_example_projects_for_every_dimension_of_2566(edition):
    examples = ExampleProject.objects.filter(edition=edition)
    assert {e.dimension.number for e in examples} == {"1", "2", "3", "4"}
    assert all(e.subdimension and e.subdimension.parent_id == e.dimension_id for e in examples)
    assert examples.count() >= 12


def test_it_starts_an_empty_draft_for_the_editions_years(agency_a, alice, edition):
    plan = _start(agency_a, alice, edition)
    assert plan.status == PublicationStatus.DRAFT
    assert (plan.first_year, plan.last_year) == (2566, 2570)
    assert not plan.items.exists()
    state = plan_wizard_state(plan)
    assert state.resume == "part1"
    assert [s.done for s in state.steps] == [False] * 5


def test_it_starts_from_chosen_examples_with_no_year_ticked(agency_a, alice, edition):
    chosen = list(ExampleProject.objects.filter(edition=edition, dimension__number="2")[:2])
    plan = _start(agency_a, alice, edition, start=services.START_EXAMPLES, examples=chosen)
    assert [i.title for i in plan.items.order_by("order")] == [e.title for e in chosen]
    assert not PlanItemYear.objects.filter(item__plan=plan).exists()


def test_it_copies_the_previous_plan_with_items_and_sheets_but_no_years(agency_a, alice, edition):
    old = plan_with_items(agency_a, n=4, first_year=2561)
    old.edition = edition  # same dimension numbers: every item finds its dimension
    old.save()
    plan = services.plan_start(
        agency=agency_a,
        user=alice,
        edition=edition,
        title="แผนใหม่",
        start=services.START_COPY,
        previous=old,
    )
    assert plan.pk != old.pk and plan.first_year == 2566
    assert plan.items.count() == 4
    assert plan.sheets.count() == 3
    assert all(s.item and s.item.plan_id == plan.pk for s in plan.sheets.all())
    assert plan.rationale == old.rationale and plan.risks.count() == 1
    assert not PlanItemYear.objects.filter(item__plan=plan).exists()
    # The previous plan is untouched.
    assert old.items.count() == 4 and PlanItemYear.objects.filter(item__plan=old).exists()


def test_it_refuses_a_second_plan_for_the_same_years_in_thai(agency_a, alice, edition):
    _start(agency_a, alice, edition)
    with pytest.raises(ValidationError) as exc:
        _start(agency_a, alice, edition)
    assert "มีแผน พ.ศ. ๒๕๖๖–๒๕๗๐ อยู่แล้ว" in exc.value.message_dict["edition"][0]


def test_it_refuses_another_agencys_staff_and_auditors(agency_a, charlie, dave, edition):
    for user in (charlie, dave):
        with pytest.raises(PermissionDenied):
            _start(agency_a, user, edition)
    assert not Plan.objects.filter(agency=agency_a).exists()


@pytest.fixture
def draft(agency_a):
    return plan_create(agency_a, status=PublicationStatus.DRAFT)


def test_it_saves_part1_tables_in_the_order_typed(draft, alice):
    services.plan_part1_set(
        plan=draft,
        user=alice,
        version=draft.version,
        rationale="หลักการ",
        objectives="วัตถุประสงค์",
        benefits="",
        risks=[
            RiskInput(step="การจัดซื้อจัดจ้าง", risks="ฮั้วประมูล", level="high", controls="e-GP"),
            RiskInput(step="การบริหารงานบุคคล", level="low"),
        ],
        targets=[TargetInput(label="คะแนน ITA", values={2566: "๘๕", 2570: "๙๐", 2599: "x"})],
    )
    assert [(r.order, r.step, r.level) for r in RiskRow.objects.filter(plan=draft)] == [
        (1, "การจัดซื้อจัดจ้าง", "high"),
        (2, "การบริหารงานบุคคล", "low"),
    ]
    target = PlanTarget.objects.get(plan=draft)
    assert target.values == {"2566": "๘๕", "2570": "๙๐"}  # a year outside the plan is dropped


def test_it_refuses_a_risk_row_without_a_step_and_keeps_the_stored_rows(draft, alice):
    with pytest.raises(ValidationError) as exc:
        services.plan_part1_set(
            plan=draft,
            user=alice,
            version=draft.version,
            rationale="x",
            objectives="y",
            benefits="",
            risks=[RiskInput(step="  ")],
            targets=[],
        )
    assert "ต้องระบุขั้นตอนการดำเนินงาน" in exc.value.message_dict["risks"][0]
    assert RiskRow.objects.filter(plan=draft).count() == 1


def test_it_refuses_a_stale_part1(draft, alice):
    def save(version):
        services.plan_part1_set(
            plan=draft, user=alice, version=version, rationale="x", objectives="y",
            benefits="", risks=[], targets=[],
        )  # fmt: skip

    save(draft.version)
    with pytest.raises(ConcurrentEditError):
        save(draft.version)


def test_it_moves_an_item_within_its_subdimension_only(draft, alice):
    a = item_create(draft, title="ก", dimension="1", subdimension="1.1")
    b = item_create(draft, title="ข", dimension="1", subdimension="1.1")
    c = item_create(draft, title="ค", dimension="1", subdimension="1.2")
    services.plan_item_move(item=b, user=alice, version=b.version, up=True)
    order = list(
        PlanItem.objects.filter(plan=draft).order_by("order").values_list("title", flat=True)
    )
    assert order == ["ข", "ก", "ค"]
    # "ก" is now last of 1.1: moving it down does not cross into 1.2.
    a.refresh_from_db()
    services.plan_item_move(item=a, user=alice, version=a.version, up=False)
    order = list(
        PlanItem.objects.filter(plan=draft).order_by("order").values_list("title", flat=True)
    )
    assert order == ["ข", "ก", "ค"]
    c.refresh_from_db()
    with pytest.raises(ConcurrentEditError):
        services.plan_item_move(item=c, user=alice, version=c.version - 1, up=True)


def test_it_writes_and_updates_a_project_sheet_with_concurrency(draft, alice):
    item = item_create(draft, title="โครงการอบรม")
    sheet = services.project_sheet_save(
        item=item, user=alice, title="โครงการอบรม", outcomes="ร้อยละ ๘๐ ผ่านการทดสอบ"
    )
    assert sheet.plan_id == draft.pk and sheet.version == 1
    services.project_sheet_save(item=item, user=alice, sheet=sheet, version=1, method="อบรม ๑ วัน")
    sheet.refresh_from_db()
    assert sheet.method == "อบรม ๑ วัน" and sheet.version == 2
    with pytest.raises(ConcurrentEditError):
        services.project_sheet_save(item=item, user=alice, sheet=sheet, version=1, method="x")


def test_every_write_refuses_another_agency(draft, charlie):
    item = item_create(draft)
    calls = [
        lambda: services.plan_part1_set(
            plan=draft, user=charlie, version=draft.version, rationale="", objectives="",
            benefits="", risks=[], targets=[],
        ),
        lambda: services.plan_update(plan=draft, user=charlie, version=draft.version, foreword="x"),
        lambda: services.plan_item_move(item=item, user=charlie, version=item.version, up=True),
        lambda: services.project_sheet_save(item=item, user=charlie, title="x"),
        lambda: services.plan_item_years_set(item=item, user=charlie, years={}),
    ]  # fmt: skip
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()


def test_a_published_plan_refuses_every_edit_even_from_its_own_staff(agency_a, alice):
    plan = plan_create(agency_a, status=PublicationStatus.PUBLISHED)
    item = item_create(plan)
    calls = [
        lambda: services.plan_part1_set(
            plan=plan, user=alice, version=plan.version, rationale="", objectives="",
            benefits="", risks=[], targets=[],
        ),
        lambda: services.plan_update(plan=plan, user=alice, version=plan.version, foreword="x"),
        lambda: services.plan_item_move(item=item, user=alice, version=item.version, up=True),
        lambda: services.project_sheet_save(item=item, user=SYSTEM, title="x"),
        lambda: services.plan_item_create(plan=plan, user=alice, title="x", dimension=item.dimension),
        lambda: services.plan_item_delete(item=item, user=alice),
    ]  # fmt: skip
    for call in calls:
        with pytest.raises(PermissionDenied) as exc:
            call()
        assert "เผยแพร่แล้ว" in str(exc.value) or "ไม่มีสิทธิ์" in str(exc.value)
    assert plan.items.count() == 1


def test_the_wizard_resumes_at_the_first_part_not_done(draft, alice, client_for):
    client = client_for(alice)
    draft.foreword = ""
    draft.save()
    url = reverse("plans:wizard", args=[draft.pk])
    # part 1 filled by the factory, no items yet: part 2.
    assert client.get(url).url == reverse("plans:wizard_part2", args=[draft.pk])
    item_create(draft, kind="project")
    assert client.get(url).url == reverse("plans:wizard_part3", args=[draft.pk])
    item = draft.items.get()
    services.project_sheet_save(item=item, user=alice, title="x", outcomes="ร้อยละ 80")
    assert client.get(url).url == reverse("plans:wizard_foreword", args=[draft.pk])
    services.plan_update(plan=draft, user=alice, version=draft.version, foreword="คำนำ")
    assert client.get(url).url == reverse("plans:wizard_review", args=[draft.pk])


def test_the_item_form_ticks_no_year_and_stores_none_when_none_is_ticked(draft, alice, client_for):
    client = client_for(alice)
    url = reverse("plans:item_add", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'name="y2566_in"' in page and 'y2566_in" id="id_y2566_in" checked' not in page
    assert " checked" not in page.split('id="item-form"')[1].split("</form>")[0]
    dimension = draft.edition.dimensions.get(number="1")
    response = client.post(
        url, {"kind": "project", "title": "โครงการปี ๒๕๗๐ เท่านั้น", "dimension": dimension.pk}
    )
    assert response.status_code == 302
    item = PlanItem.objects.get(title="โครงการปี ๒๕๗๐ เท่านั้น")
    assert not item.years.exists()


def test_the_part1_page_keeps_what_was_typed_on_an_error(draft, alice, client_for):
    client = client_for(alice)
    url = reverse("plans:wizard_part1", args=[draft.pk])
    data = {
        "version": draft.version,
        "rationale": "หลักการที่พิมพ์ไว้",
        "objectives": "",
        "benefits": "ประโยชน์ที่พิมพ์ไว้",
        "risks-TOTAL_FORMS": "1",
        "risks-INITIAL_FORMS": "0",
        "risks-0-step": "",
        "risks-0-risks": "ความเสี่ยงที่พิมพ์ไว้",
        "risks-0-level": "high",
        "risks-0-controls": "",
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
    }
    page = client.post(url, data).content.decode()
    assert "ต้องระบุวัตถุประสงค์ของการจัดทำแผน" in page
    assert "ต้องระบุขั้นตอนการดำเนินงาน" in page
    for typed in ("หลักการที่พิมพ์ไว้", "ประโยชน์ที่พิมพ์ไว้", "ความเสี่ยงที่พิมพ์ไว้"):
        assert typed in page
    draft.refresh_from_db()
    assert draft.rationale != "หลักการที่พิมพ์ไว้"


def test_a_published_plans_wizard_is_forbidden_to_its_staff(agency_a, alice, charlie, client_for):
    plan = plan_create(agency_a, status=PublicationStatus.PUBLISHED)
    assert client_for(alice).get(reverse("plans:wizard_part1", args=[plan.pk])).status_code == 403
    assert client_for(charlie).get(reverse("plans:wizard_part1", args=[plan.pk])).status_code == 404
    assert client_for(charlie).get(reverse("plans:plan_new", args=["A001"])).status_code in {
        403,
        404,
    }


def test_the_review_totals_add_up(agency_a, alice, client_for):
    plan = plan_with_items(agency_a, n=6, status=PublicationStatus.DRAFT)
    page = client_for(alice).get(reverse("plans:wizard_review", args=[plan.pk])).content.decode()
    total = sum(y.amount for y in PlanItemYear.objects.filter(item__plan=plan))
    # 90,000 a year for five years, less the 25,000 item left out of 2570.
    assert total == Decimal(90000) * 5 - Decimal(25000)
    assert "๔๒๕,๐๐๐" in page


def test_the_review_lists_items_ticked_in_no_year(agency_a, alice, client_for):
    """An item in no year of the plan reaches no budget table and no progress report: the
    review names it, with a link to tick its years."""
    plan = plan_with_items(agency_a, n=2, status=PublicationStatus.DRAFT)
    idle = PlanItem.objects.filter(plan=plan).order_by("pk").first()
    assert idle is not None
    PlanItemYear.objects.filter(item=idle).delete()
    assert [i.pk for i in plan_wizard_state(plan).items_without_year] == [idle.pk]
    page = client_for(alice).get(reverse("plans:wizard_review", args=[plan.pk])).content.decode()
    assert "ยังไม่ได้เลือกปีที่ดำเนินการ ๑ รายการ" in page
    assert reverse("plans:item_edit", args=[idle.pk]) + "?next=wizard" in page


def test_saving_part1_again_keeps_the_stored_rows(draft, alice, client_for):
    client = client_for(alice)
    url = reverse("plans:wizard_part1", args=[draft.pk])
    form = client.get(url).context
    risks, targets = form["risks"], form["targets"]
    data = {"version": draft.version, "rationale": draft.rationale, "objectives": draft.objectives,
            "benefits": draft.benefits}  # fmt: skip
    # What the browser sends back untouched: every row shown, the blank extra one included.
    for formset in (risks, targets):
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.total_form_count())
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for f in formset.forms:
            for name, field in f.fields.items():
                value = f.initial.get(name, field.initial)
                if value not in (None, False):
                    data[f.add_prefix(name)] = value
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RiskRow.objects.filter(plan=draft).count() == 1
    assert list(PlanTarget.objects.filter(plan=draft).values_list("label", flat=True)) == [
        "คะแนน ITA",
        "จำนวนคดีทุจริตลดลง",
    ]
    assert PlanTarget.objects.get(plan=draft, order=2).value_for(2570) == "ร้อยละ 50"


def test_the_agency_page_and_the_worklist_offer_a_new_plan_only_to_its_staff(
    agency_a, alice, dave, client_for, edition
):
    new = reverse("plans:plan_new", args=[agency_a.code])
    assert new in client_for(alice).get(agency_a.get_absolute_url()).content.decode()
    assert new in client_for(alice).get(reverse("portal:worklist")).content.decode()
    assert new not in client_for(dave).get(agency_a.get_absolute_url()).content.decode()
    assert new not in client_for(None).get(agency_a.get_absolute_url()).content.decode()
    plan = _start(agency_a, alice, edition)
    page = client_for(alice).get(reverse("portal:worklist")).content.decode()
    assert reverse("plans:wizard", args=[plan.pk]) in page
