"""An agency's positions can be renamed, given another holder and removed in the browser;
a position still named by a chain is kept, with the reason."""

from __future__ import annotations

import pytest

from agencies import workflow
from agencies.models import ActingAppointment, Position

pytestmark = pytest.mark.django_db


def chains_url(agency) -> str:
    return f"/agencies/{agency.code}/chains/"


def test_a_position_is_renamed_and_given_a_holder(client_for, bob, alice, agency_a):
    position = Position.objects.create(agency=agency_a, title="หัวหน้าสำนักปลด")
    client = client_for(bob)
    page = client.get(chains_url(agency_a), {"position": position.pk})
    assert "แก้ไขตำแหน่ง “หัวหน้าสำนักปลด”" in page.content.decode()
    response = client.post(
        chains_url(agency_a),
        {
            "add_position": "1",
            "position_id": position.pk,
            "title": "หัวหน้าสำนักปลัด",
            "holder": alice.pk,
            "order": 1,
        },
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.title, position.holder) == ("หัวหน้าสำนักปลัด", alice)
    assert Position.objects.filter(agency=agency_a).count() == 1


def test_a_duplicate_title_is_refused_in_thai_and_kept(client_for, bob, agency_a):
    Position.objects.create(agency=agency_a, title="ปลัด อบต.")
    other = Position.objects.create(agency=agency_a, title="รองปลัด")
    response = client_for(bob).post(
        chains_url(agency_a),
        {"add_position": "1", "position_id": other.pk, "title": "ปลัด  อบต.", "order": 2},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "หน่วยงานมีตำแหน่งชื่อนี้แล้ว" in html
    assert 'value="ปลัด  อบต."' in html or 'value="ปลัด อบต."' in html
    other.refresh_from_db()
    assert other.title == "รองปลัด"


def test_a_position_in_a_chain_is_kept_with_the_reason(client_for, bob, agency_a):
    chain = workflow.chain_for(agency_a, "plan")
    head = chain.steps.get().position
    response = client_for(bob).post(
        chains_url(agency_a), {"remove_position": "1", "position_id": head.pk}, follow=True
    )
    assert "ตำแหน่งนี้อยู่ในสายการอนุมัติ" in response.content.decode()
    assert Position.objects.filter(pk=head.pk).exists()


def test_a_free_position_is_removed_with_its_acting(client_for, bob, alice, agency_a):
    position = Position.objects.create(agency=agency_a, title="รองปลัด")
    ActingAppointment.objects.create(position=position, user=alice, starts_on="2026-01-01")
    response = client_for(bob).post(
        chains_url(agency_a), {"remove_position": "1", "position_id": position.pk}
    )
    assert response.status_code == 302
    assert not Position.objects.filter(pk=position.pk).exists()
    assert not ActingAppointment.objects.filter(user=alice).exists()


def test_staff_and_other_agencies_cannot_touch_positions(client_for, alice, charlie, agency_a):
    position = Position.objects.create(agency=agency_a, title="รองปลัด")
    for user in (alice, charlie):
        response = client_for(user).post(
            chains_url(agency_a), {"remove_position": "1", "position_id": position.pk}
        )
        assert response.status_code in (403, 404)
    assert Position.objects.filter(pk=position.pk).exists()


def test_holders_are_chosen_by_name_among_the_agencys_own_people(client_for, bob, alice, agency_a):
    """The holder and acting-for lists name people (not logins alone) and leave out auditors,
    who review the agency and never hold one of its positions."""
    from agencies.models import User

    auditor = User.objects.create_user(
        "audit-a", password="x", agency=agency_a, role="auditor", first_name="ผู้ตรวจ"
    )
    page = client_for(bob).get(chains_url(agency_a)).content.decode()
    assert f'<option value="{alice.pk}">อลิส (alice)</option>' in page
    assert f'<option value="{auditor.pk}"' not in page
    assert "— ไม่ระบุ —" in page and "---------" not in page


def test_staff_are_told_who_manages_the_chains(client_for, alice, agency_a):
    refused = client_for(alice).get(chains_url(agency_a))
    assert refused.status_code == 403
    assert "จัดการได้เฉพาะผู้อนุมัติของหน่วยงาน" in refused.content.decode()
