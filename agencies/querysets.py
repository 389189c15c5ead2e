"""The scoped queryset every agency-owned model uses: the one path by which views reach an
agency's objects. Its filters come from the access policy (agencies/access.py)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

from agencies import access
from agencies.choices import PublicationStatus

M = TypeVar("M", bound=models.Model, covariant=True)


class AgencyScopedQuerySet(models.QuerySet[M]):
    """Subclasses name where the owning agency and the publication status are, relative to
    their model, e.g. ``agency_field = "plan__agency"``."""

    agency_field = "agency"
    status_field = "status"

    def visible_to(self, user: object) -> AgencyScopedQuerySet[M]:
        """Published objects, plus the drafts this user may read."""
        return self.filter(
            access.read_q(user, agency_field=self.agency_field, status_field=self.status_field)
        )

    def editable_by(self, user: object) -> AgencyScopedQuerySet[M]:
        """Objects of the user's own agency (site admins: all)."""
        return self.filter(access.edit_q(user, agency_field=self.agency_field))

    def published(self) -> AgencyScopedQuerySet[M]:
        return self.filter(**{self.status_field: PublicationStatus.PUBLISHED})
