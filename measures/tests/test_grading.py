"""Grades come from the year's scheme (data), at the edges of each band."""

from __future__ import annotations

from decimal import Decimal

import pytest

from measures.models import GradeScheme, ITAFramework, ITAResult

D = Decimal


@pytest.fixture
def letter(db):
    return GradeScheme.objects.prefetch_related("bands").get(code="letter")


@pytest.fixture
def instrument(db):
    return GradeScheme.objects.prefetch_related("bands").get(code="instrument")


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "AA"),
        ("95.00", "AA"),
        ("94.99", "A"),
        ("85.00", "A"),
        ("84.99", "B"),
        ("75.00", "B"),
        ("74.36", "C"),
        ("65.00", "C"),
        ("64.99", "D"),
        ("55.00", "D"),
        ("54.99", "E"),
        ("50.00", "E"),
        ("49.99", "F"),
        ("0", "F"),
    ],
)
def test_it_grades_letters_from_the_total_alone(letter, total, grade):
    assert letter.grade(total=D(total)).label == grade


def test_it_grades_the_instrument_scheme_at_its_edges(instrument):
    each = {"iit": D("95"), "eit": D("95"), "oit": D("95")}
    assert instrument.grade(total=D("95.00"), **each).label == "ผ่านดีเยี่ยม"
    assert instrument.grade(total=D("94.99"), **each).label == "ผ่านดี"
    assert instrument.grade(total=D("85.00"), **each).label == "ผ่านดี"
    assert instrument.grade(total=D("84.99"), **each).label == "ต้องปรับปรุง"
    assert instrument.grade(total=D("70.00"), **each).label == "ต้องปรับปรุง"
    assert instrument.grade(total=D("69.99"), **each).label == "ต้องปรับปรุงโดยด่วน"


def test_it_gives_pass_not_good_when_one_instrument_is_below_85(instrument):
    grade = instrument.grade(total=D("90"), iit=D("92"), eit=D("84.99"), oit=D("95"))
    assert grade.label == "ผ่าน"


def test_it_gives_unknown_not_a_guess_when_an_instrument_is_missing(instrument):
    grade = instrument.grade(total=D("90"), iit=D("92"), eit=None, oit=D("95"))
    assert grade.label == "unknown"
    assert not grade.is_known
    assert grade.missing == ("EIT",)
    # Below 85 the instruments do not matter, so the grade is known without them.
    assert instrument.grade(total=D("80"), iit=None, eit=None, oit=None).label == "ต้องปรับปรุง"


@pytest.mark.django_db
def test_it_grades_a_result_by_the_scheme_of_its_own_year(agency_a):
    old = ITAResult.objects.create(
        agency=agency_a,
        fiscal_year=2565,
        framework=ITAFramework.objects.get(fiscal_year=2565),
        total=D("86"),
    )
    new = ITAResult.objects.create(
        agency=agency_a,
        fiscal_year=2566,
        framework=ITAFramework.objects.get(fiscal_year=2566),
        total=D("86"),
        iit=D("90"),
        oit=D("88"),
    )
    assert old.grade.label == "A"
    assert old.grade.scheme_code == "letter"
    assert new.grade.label == "unknown"  # EIT missing, total >= 85
    assert new.grade.scheme_code == "instrument"
    new.eit = D("85")
    assert new.grade.label == "ผ่านดี"


@pytest.mark.django_db
def test_it_follows_a_band_a_site_admin_corrected(letter):
    band = letter.bands.get(label="C")
    band.min_total = D("66")
    band.save()
    scheme = GradeScheme.objects.prefetch_related("bands").get(code="letter")
    assert scheme.grade(total=D("65.5")).label == "D"
