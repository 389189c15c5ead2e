"""Sanity checks that ask rather than refuse: the one way a form says "are you sure?".

An app's checks (<app>/checks.py) return Thai warnings about input that is allowed but
probably a mistake (3× the planned budget, a period outside the fiscal year …). The view
re-shows the form with templates/partials/warnings_confirm.html, whose button posts the same
form again with `confirm_warnings` set to the token of exactly those warnings: changing the
input so that other warnings arise asks again, and nothing typed is lost meanwhile.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

CONFIRM_FIELD = "confirm_warnings"


def warnings_token(warnings: Sequence[str]) -> str:
    """A short fingerprint of a list of warnings (what the confirm button carries)."""
    return hashlib.sha256("\n".join(warnings).encode()).hexdigest()[:16]


def unconfirmed(warnings: Sequence[str], data: Mapping[str, Any]) -> list[str]:
    """The warnings still to ask about: none once `data` confirms exactly these."""
    if not warnings or data.get(CONFIRM_FIELD) == warnings_token(warnings):
        return []
    return list(warnings)


def confirm_context(warnings: Sequence[str]) -> dict[str, Any]:
    """What templates/partials/warnings_confirm.html needs."""
    return {
        "warnings": list(warnings),
        "warnings_token": warnings_token(warnings) if warnings else "",
    }
