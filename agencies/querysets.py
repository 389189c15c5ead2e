"""The scoped queryset every agency-owned model uses: the one path by which views reach an
agency's objects. Its filters come from the access policy (agencies/access.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self, TypeVar

from django.db import models

from agencies import access
from agencies.choices import PUBLIC_STATUSES, PublicationStatus

if TYPE_CHECKING:
    from agencies.access import Anyone

M = TypeVar("M", bound=models.Model, covariant=True)


class AgencyScopedQuerySet(models.QuerySet[M]):
    """Subclasses name where the owning agency and the publication status are, relative to
    their model, e.g. ``agency_field = "plan__agency"``."""

    agency_field = "agency"
    status_field = "status"
    #: The one state in which a row may change (rounds call it "open").
    draft_value: str = PublicationStatus.DRAFT

    def visible_to(self, user: Anyone) -> Self:
        """Published objects, plus the drafts this user may read."""
        return self.filter(
            access.read_q(user, agency_field=self.agency_field, status_field=self.status_field)
        )

    def editable_by(self, user: Anyone) -> Self:
        """Drafts of the user's own agency (site admins: all drafts). Nothing submitted,
        approved or published changes: a published document is amended, never edited."""
        return self.filter(
            access.edit_q(user, agency_field=self.agency_field),
            **{self.status_field: self.draft_value},
        )

    def published(self) -> Self:
        """The current published revision of each document (not the ones it superseded)."""
        return self.filter(**{self.status_field: PublicationStatus.PUBLISHED})

    def public(self) -> AgencyScopedQuerySet[M]:
        """Everything the public may read: current and superseded revisions."""
        return self.filter(**{f"{self.status_field}__in": PUBLIC_STATUSES})
