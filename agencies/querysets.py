"""The scoped queryset every agency-owned model uses: the one path by which views reach an
agency's objects. Its filters come from the access policy (agencies/access.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self, TypeVar

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

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

    def current(self) -> Self:
        """Without the revisions that are history (superseded or withdrawn): what a list shows."""
        return self.exclude(
            **{
                f"{self.status_field}__in": [
                    PublicationStatus.SUPERSEDED,
                    PublicationStatus.WITHDRAWN,
                ]
            }
        )

    def in_force(self) -> Self:
        """One row per document (models with revisions): its published revision, or, while it
        has none, its draft. What reports count against and carry rows from."""
        family = Coalesce("root_id", "pk")
        published = (
            self.model._default_manager.filter(**{self.status_field: PublicationStatus.PUBLISHED})
            .annotate(family=family)
            .values("family")
        )
        return (
            self.current()
            .annotate(family_of=family)
            .exclude(
                Q(family_of__in=published) & ~Q(**{self.status_field: PublicationStatus.PUBLISHED})
            )
        )

    def public(self) -> Self:
        """Everything the public may read: current and superseded revisions."""
        return self.filter(**{f"{self.status_field}__in": PUBLIC_STATUSES})
