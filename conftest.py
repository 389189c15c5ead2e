"""Fixtures shared by every app's tests: agencies and the personas of the permission matrix.

alice is staff of agency A, bob is A's approver, charlie is staff of agency B (the outsider),
dave audits A, and root is a site admin. Anonymous is the `client` fixture itself.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from agencies.models import User

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


# The data migrations that seed reference data (dimension editions, ITA frameworks, grade
# schemes). Transactional tests (live server, background workers) end with a flush that wipes
# it, so they seed it again first; the seeds are idempotent.
REFERENCE_SEEDS = [
    "plans.migrations.0002_seed_dimension_editions",
    "plans.migrations.0005_seed_example_projects",
    "measures.migrations.0002_seed_ita_frameworks",
    "measures.migrations.0006_seed_oit_items_2565_2566",
]


def seed_reference_data() -> None:
    from django.apps import apps

    for module in REFERENCE_SEEDS:
        importlib.import_module(module).seed(apps, None)


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        seed_reference_data()


@pytest.fixture(autouse=True)
def _files_of_this_test(settings, tmp_path):
    """Each test has its own media folder (evidence, uploads) and PDF cache, so no test finds
    a PDF or a file that another test left behind."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PDF_CACHE_DIR = tmp_path / "media" / "pdf-cache"


def seed_path(prefix: str) -> Path:
    """The shipped copy of a seed document, by its number ("001")."""
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def publish_through_chain(document, *, submitter=None, approver=None):
    """Take a draft through its agency's chain as people do, and publish it: `submitter`
    (default SYSTEM, as an operator's import) proposes it, `approver` (default a site admin,
    recorded as acting as an admin) approves every step, the submitter publishes it."""
    from agencies import workflow
    from agencies.access import SYSTEM
    from agencies.models import User

    if approver is None:
        approver = User.objects.filter(username="chain-admin").first() or (
            User.objects.create_superuser("chain-admin", "", "x")
        )
    submitter = submitter or SYSTEM
    if workflow.open_request(document) is None:
        workflow.submit(document, submitter)
    request = workflow.open_request(document)
    assert request is not None
    while request.state == "in_review":
        workflow.decide(
            request, approver, action="approve", step=request.current_step, text="เห็นชอบ"
        )
        request.refresh_from_db()
    document.refresh_from_db()
    workflow.publish(document, submitter)
    document.refresh_from_db()
    return document


def moved_for_good(client, old: str, new: str):
    """`old`, an address by row (/plans/<pk>/ …), sends `client` (the public) for good to
    `new`, the stable one (core.stable.old_address): assert the 301 and its Location, then
    answer with the response at `new`, the page the public reads."""
    response = client.get(old)
    assert (response.status_code, response.get("Location")) == (301, new), old
    return client.get(new)


@pytest.fixture
def province(db):
    from agencies.models import Province

    return Province.objects.create(name="ยโสธร")


@pytest.fixture
def agency_a(province):
    from agencies.models import Agency

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
    from agencies.models import Agency

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
    from agencies.models import User

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
    from agencies.models import User

    return User.objects.create_superuser(username="root", password="pw-root", email="")


@pytest.fixture
def edition(db):
    from plans.models import DimensionEdition

    return DimensionEdition.objects.get(code="2566-2570")


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as that user (None: anonymous)."""

    def sign_in(user: User | None):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
