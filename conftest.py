"""Fixtures shared by every app's tests: agencies and the personas of the permission matrix.

alice is staff of agency A, bob is A's approver, charlie is staff of agency B (the outsider),
dave audits A, and root is a site admin. Anonymous is the `client` fixture itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def pytest_collection_modifyitems(items):
    """Transactional tests end with a flush that would also wipe the reference data seeded by
    data migrations (dimension editions, ITA frameworks, grade schemes) for every later test:
    make them restore it (serialized rollback)."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}))


def seed_path(prefix: str) -> Path:
    """The shipped copy of a seed document, by its number ("001")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


@pytest.fixture
def province(db):
    from plans.models import Province

    return Province.objects.create(name="ยโสธร")


@pytest.fixture
def agency_a(province):
    from plans.models import Agency

    return Agency.objects.create(
        code="A001",
        kind="sao",
        name="องค์การบริหารส่วนตำบลกระจาย",
        short_name="อบต.กระจาย",
        district="ป่าติ้ว",
        province=province,
    )


@pytest.fixture
def agency_b(province):
    from plans.models import Agency

    return Agency.objects.create(
        code="B001",
        kind="sao",
        name="องค์การบริหารส่วนตำบลเมืองพะไล",
        short_name="อบต.เมืองพะไล",
        district="บัวลาย",
        province=province,
        digit_style="arabic",
    )


def _user(username, agency, role, **extra):
    from plans.models import User

    return User.objects.create_user(
        username=username, password="pw-" + username, agency=agency, role=role, **extra
    )


@pytest.fixture
def alice(agency_a):
    return _user("alice", agency_a, "staff", first_name="อลิส")


@pytest.fixture
def bob(agency_a):
    return _user("bob", agency_a, "approver", first_name="บ็อบ")


@pytest.fixture
def charlie(agency_b):
    return _user("charlie", agency_b, "staff", first_name="ชาลี")


@pytest.fixture
def dave(agency_a, agency_b):
    user = _user("dave", agency_b, "auditor", first_name="เดฟ")
    user.audited_agencies.add(agency_a)
    return user


@pytest.fixture
def root(db):
    from plans.models import User

    return User.objects.create_superuser(username="root", password="pw-root", email="")


@pytest.fixture
def edition(db):
    from plans.models import DimensionEdition

    return DimensionEdition.objects.get(code="2566-2570")


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as that user (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
