"""Agency names as documents print them: the kind prefix, the official and short names, and
finding (or setting up) the agency a document belongs to. Every importer uses this module."""

from __future__ import annotations

import hashlib
import re

from agencies.choices import AgencyKind
from agencies.models import Agency, Province

_KIND_PREFIXES = [
    ("องค์การบริหารส่วนจังหวัด", AgencyKind.PAO, "อบจ."),
    ("องค์การบริหารส่วนตำบล", AgencyKind.SAO, "อบต."),
    ("องค์กรบริหารส่วนตำบล", AgencyKind.SAO, "อบต."),
    ("เทศบาลนคร", AgencyKind.CITY, "ทน."),
    ("เทศบาลเมือง", AgencyKind.TOWN, "ทม."),
    ("เทศบาลตำบล", AgencyKind.SUBDISTRICT_MUNICIPALITY, "ทต."),
    ("อบจ.", AgencyKind.PAO, "อบจ."),
    ("อบต.", AgencyKind.SAO, "อบต."),
    ("ทน.", AgencyKind.CITY, "ทน."),
    ("ทม.", AgencyKind.TOWN, "ทม."),
    ("ทต.", AgencyKind.SUBDISTRICT_MUNICIPALITY, "ทต."),
]
_OFFICIAL = {
    AgencyKind.PAO: "องค์การบริหารส่วนจังหวัด",
    AgencyKind.SAO: "องค์การบริหารส่วนตำบล",
    AgencyKind.CITY: "เทศบาลนคร",
    AgencyKind.TOWN: "เทศบาลเมือง",
    AgencyKind.SUBDISTRICT_MUNICIPALITY: "เทศบาลตำบล",
}


def split_agency_name(name: str) -> tuple[str, str, str]:
    """("องค์การบริหารส่วนตำบลกระจาย") -> (kind, official name, short name)."""
    name = re.sub(r"\s+", "", name)
    for prefix, kind, short in _KIND_PREFIXES:
        if name.startswith(prefix):
            place = name[len(prefix) :]
            return kind, _OFFICIAL[kind] + place, short + place
    return AgencyKind.SPECIAL, name, name


def agency_resolve(
    *, code: str | None, name: str, district: str = "", province: str = ""
) -> Agency:
    """The agency a document belongs to: by code if given, else by name and province.

    Creates it when it does not exist yet, so that a first import sets an agency up.
    """
    kind, official, short = split_agency_name(name)
    if code:
        agency = Agency.objects.filter(code=code).first()
        if agency:
            return agency
    else:
        match = Agency.objects.filter(name=official)
        if province:
            match = match.filter(province__name=province)
        agency = match.first()
        if agency:
            return agency
        code = "X" + hashlib.sha1(f"{official}|{province}".encode()).hexdigest()[:8].upper()
    prov, _ = Province.objects.get_or_create(name=province or "ไม่ระบุ")
    return Agency.objects.create(
        code=code, kind=kind, name=official, short_name=short, district=district, province=prov
    )
