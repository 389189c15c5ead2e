"""Who may do what: every access rule of Sujarit, in one module.

Read this file to review the portal's security, as Zulip's `zerver/lib/streams.py` is read.

- Anyone, signed in or not, reads what is *published*.
- An agency's own users (staff, approvers, auditors attached to it) and the auditors assigned
  to it (by agency or by province) read its drafts. Site administrators read everything.
- Staff and approvers of an agency change its drafts. Nobody changes another agency's.
- An agency's approvers approve or send back its submissions; its auditors give verdicts.

Views reach objects through `get_for_read` (404 for what the user may not see, the same 404 as
for what does not exist) and `get_for_write` (403 for what they may see but not change).
The scoped querysets' `visible_to` / `editable_by` (agencies/querysets.py) are built from
`read_q` / `edit_q` below. Selectors take the viewing user (anonymous included); services
take an actor: a user, or the explicit `SYSTEM` for imports run by an operator and the demo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias, TypeGuard, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from agencies.choices import PUBLIC_STATUSES, PublicationStatus, RequestState, Role
from agencies.models import ActingAppointment, Agency, ApprovalRequest, Position, User

if TYPE_CHECKING:
    from agencies.querysets import AgencyScopedQuerySet

#: Whoever is looking at a page: a signed-in user or an anonymous visitor.
Viewer: TypeAlias = User | AnonymousUser

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class StepAuthority:
    """The answer of `step_authority`: allowed or not (with the Thai reason), and how."""

    allowed: bool
    reason: str = ""
    acting_for: str = ""
    as_admin: bool = False

    def __bool__(self) -> bool:
        return self.allowed


class SystemActor:
    """The actor of writes that no signed-in person makes: an operator's `import_document`
    on the command line, data set builders and the demo setup. Spelled out, never `None`."""

    is_authenticated = False
    is_active = True
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return _("ระบบ")


SYSTEM = SystemActor()

#: Who performs a write: a signed-in user, or the system.
Actor: TypeAlias = User | SystemActor

#: Whoever an access rule is asked about: a viewer or an actor.
Anyone: TypeAlias = Viewer | Actor


class AuthenticatedHttpRequest(HttpRequest):
    """For type checking only: the request of a view behind `@login_required`, whose
    `request.user` is a signed-in User (an Actor), never an AnonymousUser."""

    user: User


# --- Who is this? ---------------------------------------------------------------------------


def signed_in(user: Anyone) -> TypeGuard[User]:
    """A real, active, signed-in user (not anonymous, not SYSTEM)."""
    return isinstance(user, User) and user.is_authenticated and user.is_active


def is_site_admin(user: Anyone) -> bool:
    return signed_in(user) and user.is_site_admin


def may_use_two_factor(user: Anyone) -> bool:
    """Site admins and approvers may turn on a TOTP second step for their own login (it is
    their choice; nobody else's account can publish or approve)."""
    return signed_in(user) and (user.is_site_admin or user.role == Role.APPROVER)


def is_system(actor: Anyone) -> bool:
    return isinstance(actor, SystemActor)


def user_or_none(actor: Anyone) -> User | None:
    """The user to record as having done something (None for SYSTEM or anonymous)."""
    return actor if signed_in(actor) else None


def readable_agency_ids(user: Anyone) -> set[int]:
    """Agencies whose drafts this user may read: their own, plus an auditor's assignments."""
    if not signed_in(user):
        return set()
    ids: set[int] = set()
    if user.agency_id:
        ids.add(user.agency_id)
    if user.role == Role.AUDITOR:
        ids.update(user.audited_agencies.values_list("pk", flat=True))
        ids.update(
            Agency.objects.filter(province__in=user.audited_provinces.all()).values_list(
                "pk", flat=True
            )
        )
    return ids


def is_auditor(user: Anyone) -> TypeGuard[User]:
    """A signed-in auditor (assigned agencies and provinces: `readable_agency_ids`)."""
    return signed_in(user) and user.role == Role.AUDITOR


def keeps_drafts(user: Anyone) -> bool:
    """Someone who writes their own agency's drafts (staff and approvers; not site admins,
    who act only as admins, nor auditors, who only read)."""
    return (
        signed_in(user)
        and not user.is_site_admin
        and bool(user.agency_id)
        and user.role in {Role.STAFF, Role.APPROVER}
    )


def audited_province_ids(user: Anyone) -> set[int]:
    """The provinces a whole of which this auditor is assigned."""
    if not is_auditor(user):
        return set()
    return set(user.audited_provinces.values_list("pk", flat=True))


# --- Predicates -----------------------------------------------------------------------------


def can_read_drafts(user: Anyone, agency: Agency | int) -> bool:
    """The agency's own people, its assigned auditors and site admins read its drafts."""
    if is_site_admin(user):
        return True
    return _pk(agency) in readable_agency_ids(user)


def can_edit(user: Anyone, agency: Agency | int) -> bool:
    """Staff and approvers of the agency change its drafts; site admins change anything."""
    if is_site_admin(user):
        return True
    return (
        signed_in(user)
        and user.agency_id == _pk(agency)
        and user.role in {Role.STAFF, Role.APPROVER}
    )


def can_approve(user: Anyone, agency: Agency | int) -> bool:
    """The agency's approvers approve or send back its submissions (site admins as admins)."""
    if is_site_admin(user):
        return True
    return signed_in(user) and user.role == Role.APPROVER and user.agency_id == _pk(agency)


def can_audit(user: Anyone, agency: Agency | int) -> bool:
    """Auditors assigned to the agency (by agency or province) give verdicts on its reports."""
    if is_site_admin(user):
        return True
    return (
        signed_in(user) and user.role == Role.AUDITOR and _pk(agency) in readable_agency_ids(user)
    )


def can_discuss(user: Anyone, agency: Agency | int) -> bool:
    """The private review dialogue of an agency's reports (messages, per-row verdicts and the
    agency's answers): its own users, its assigned auditors and site admins only. Never the
    public or another agency, even once the report is published."""
    if is_site_admin(user):
        return True
    return signed_in(user) and _pk(agency) in readable_agency_ids(user)


def can_answer_audit(user: Anyone, agency: Agency | int) -> bool:
    """The agency's staff and approvers answer its auditors' per-row verdicts."""
    return keeps_drafts(user) and user.agency_id == _pk(agency)  # type: ignore[union-attr]


def can_follow_audits(user: Anyone) -> bool:
    """The auditors' dashboard (which assigned agencies reported on time, late, not at all):
    auditors, over their assignments (`audit_q`), and site admins, over every agency."""
    return is_auditor(user) or is_site_admin(user)


def can_submit(user: Anyone, agency: Agency | int) -> bool:
    """Staff and approvers of the agency propose its documents to the chain (and publish them
    once the chain has approved, and open amendments of published ones)."""
    return can_edit(user, agency)


def can_propose(actor: Anyone, agency: Agency | int) -> bool:
    """A service's own check for a lifecycle step of the agency's document (propose, publish,
    amend, withdraw): the system, or a user who may submit for the agency."""
    return is_system(actor) or can_submit(actor, agency)


def can_review(user: Anyone, agency: Agency | int) -> bool:
    """Someone who may sit in the agency's chain: its approvers, the holders of its positions
    and those appointed to act for them (site admins too). Which step is theirs is
    `step_authority`'s question."""
    if can_approve(user, agency):
        return True
    if not signed_in(user) or user.agency_id != _pk(agency):
        return False
    return (
        Position.objects.filter(agency_id=_pk(agency), holder=user).exists()
        or ActingAppointment.objects.filter(position__agency_id=_pk(agency), user=user).exists()
    )


def can_manage_chain(user: Anyone, agency: Agency | int) -> bool:
    """The agency's approvers and site admins edit its positions and approval chains."""
    return can_approve(user, agency)


def step_authority(user: Anyone, request: ApprovalRequest, *, on: dt.date) -> StepAuthority:
    """May `user` act on the request's current step, and in which capacity?

    - the position's holder acts in their own name;
    - someone appointed to act for the position on that day acts "ปฏิบัติหน้าที่แทน";
    - a vacant position (no holder) is open to the agency's approvers;
    - a site admin may act on any step, recorded as acting as an admin;
    - nobody acts on a request they submitted (four eyes), nor on a finished one.
    """
    step = request.step(request.current_step)
    if request.state != RequestState.IN_REVIEW or step is None or not signed_in(user):
        return StepAuthority(False, _("ไม่มีขั้นตอนที่รอการพิจารณา"))
    if user.pk == request.submitted_by_id:
        return StepAuthority(False, _("ผู้เสนอเอกสารพิจารณาเอกสารของตนเองไม่ได้"))
    if user.is_site_admin:
        return StepAuthority(True, as_admin=True)
    if user.agency_id != request.agency_id:
        return StepAuthority(False, _("ไม่ใช่ผู้ดำรงตำแหน่งในขั้นตอนนี้"))
    position_id = int(str(step.get("position_id") or 0))
    position = Position.objects.filter(pk=position_id).first()
    if position is not None and position.holder_id == user.pk:
        return StepAuthority(True)
    acting = ActingAppointment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on),
        position_id=position_id,
        user=user,
        starts_on__lte=on,
    )
    if acting.exists():
        return StepAuthority(True, acting_for=str(step.get("title", "")))
    if (position is None or position.holder_id is None) and user.role == Role.APPROVER:
        return StepAuthority(True)
    return StepAuthority(False, _("ไม่ใช่ผู้ดำรงตำแหน่งหรือผู้ปฏิบัติหน้าที่แทนในขั้นตอนนี้"))


def can_delete(actor: Anyone, agency: Agency | int, *, state: str) -> bool:
    """Undo a mistake: the system, or a user who may edit the agency, deletes one of its
    documents only while it is a draft (`state`, agencies.workflow.state_of). Anything that
    left the draft state is never deleted: it is withdrawn through the approval chain."""
    return state == PublicationStatus.DRAFT and can_act(actor, agency)


def can_import(user: Anyone, agency: Agency | int) -> bool:
    """Importing a document writes the agency's drafts: the same rule as editing."""
    return can_edit(user, agency)


def can_see_import_job(user: Anyone, agency: Agency | int, *, uploader_pk: int | None) -> bool:
    """A browser import under way (its progress, its check): the user who uploaded the file,
    or anyone who may import for the agency."""
    if not getattr(user, "is_authenticated", False):
        return False
    return getattr(user, "pk", None) == uploader_pk or can_import(user, agency)


def can_act(actor: Anyone, agency: Agency | int) -> bool:
    """A service's own check for an edit: the system, or a user who may edit the agency."""
    return is_system(actor) or can_edit(actor, agency)


def can_change_draft(actor: Anyone, agency: Agency | int, status: str) -> bool:
    """A service's check for a change to a document (or a part of it): `can_act`, and the
    document still a draft (a submitted or published one changes only through its chain)."""
    return status == PublicationStatus.DRAFT and can_act(actor, agency)


def can_start_plan(actor: Anyone, agency: Agency | int) -> bool:
    """Starting a new plan in the browser writes the agency's drafts: the same rule as editing."""
    return can_act(actor, agency)


# --- Who is told (the same rules, asked the other way round: notifications) -----------------


def step_takers(request: ApprovalRequest, *, on: dt.date) -> list[User]:
    """The agency's people who may take the request's current step (`step_authority`),
    site admins aside: they may act on any step, but only as admins, so they are not told."""
    candidates = User.objects.filter(
        agency_id=request.agency_id,
        is_active=True,
        is_superuser=False,
        role__in=[Role.STAFF, Role.APPROVER],
    ).order_by("pk")
    return [u for u in candidates if step_authority(u, request, on=on)]


def editors_of(agency: Agency | int) -> list[User]:
    """The agency's own staff and approvers (`can_edit` without site admins): those told of
    an auditor's verdict or message, and of due dates."""
    return list(
        User.objects.filter(
            agency_id=_pk(agency),
            is_active=True,
            is_superuser=False,
            role__in=[Role.STAFF, Role.APPROVER],
        ).order_by("pk")
    )


def auditors_of(agency: Agency) -> list[User]:
    """The auditors of the agency (`can_audit`): attached to it, or assigned it directly or
    through its province."""
    return list(
        User.objects.filter(role=Role.AUDITOR, is_active=True)
        .filter(
            Q(agency=agency) | Q(audited_agencies=agency) | Q(audited_provinces=agency.province_id)
        )
        .distinct()
        .order_by("pk")
    )


# --- Queryset filters (the scoped querysets are built on these) --------------------------------


def read_q(user: Anyone, *, agency_field: str = "agency", status_field: str = "status") -> Q:
    """Published objects, plus those of the agencies whose drafts `user` may read."""
    published = Q(**{f"{status_field}__in": PUBLIC_STATUSES})
    if is_site_admin(user):
        return Q()
    if not signed_in(user):
        return published
    return published | Q(**{f"{agency_field}__in": readable_agency_ids(user)})


def open_data_q(*, status_field: str = "status") -> Q:
    """What open data and the public API publish, whoever asks: the revision in force of each
    published document. Superseded and withdrawn revisions stay readable at their URLs
    (`read_q`) but are not data: a download holds one row per document, never a draft."""
    return Q(**{status_field: PublicationStatus.PUBLISHED})


def edit_q(user: Anyone, *, agency_field: str = "agency") -> Q:
    """Objects of the agencies `user` may edit (`can_edit`)."""
    if is_site_admin(user):
        return Q()
    if signed_in(user) and user.agency_id and user.role in {Role.STAFF, Role.APPROVER}:
        return Q(**{agency_field: user.agency_id})
    return Q(pk__in=[])


def approve_q(user: Anyone, *, agency_field: str = "agency") -> Q:
    """Objects of the agencies `user` may approve for (`can_approve`)."""
    if is_site_admin(user):
        return Q()
    if signed_in(user) and user.agency_id and user.role == Role.APPROVER:
        return Q(**{agency_field: user.agency_id})
    return Q(pk__in=[])


def audit_q(user: Anyone, *, agency_field: str = "agency") -> Q:
    """Objects of the agencies `user` audits (`can_audit`)."""
    if is_site_admin(user):
        return Q()
    if signed_in(user) and user.role == Role.AUDITOR:
        return Q(**{f"{agency_field}__in": readable_agency_ids(user)})
    return Q(pk__in=[])


# --- Reaching objects (every view uses these) ---------------------------------------------------


def deny(user: Anyone, agency: Agency | int | None, message: str | None = None) -> NoReturn:
    """403 for a user who may read this agency's drafts but not change them (its auditor),
    with `message` saying why if given, else 404: another agency's user learns nothing, not
    even that the object exists."""
    if agency is not None and can_read_drafts(user, agency):
        raise PermissionDenied(message or _("บัญชีนี้อ่านข้อมูลของหน่วยงานนี้ได้อย่างเดียว แก้ไขไม่ได้"))
    raise Http404


def get_for_read(queryset: AgencyScopedQuerySet[M], user: Anyone, **lookup: Any) -> M:
    """The object if `user` may see it, else 404 (the same 404 as for a missing object)."""
    found = queryset.visible_to(user).filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def get_for_write(queryset: AgencyScopedQuerySet[M], user: Anyone, **lookup: Any) -> M:
    """The object if `user` may change it; 403 if they may only read it; else 404."""
    found = queryset.editable_by(user).filter(**lookup).first()
    if found is None:
        visible = queryset.visible_to(user).filter(**lookup)
        deny(user, visible.values_list(queryset.agency_field, flat=True).first())
    return found


def agency_for_write(
    user: Anyone,
    code: str,
    *,
    check: Callable[[Anyone, Agency], bool] | None = None,
    denied: str | None = None,
) -> Agency:
    """The URL's agency if `user` may change its documents (`check`, default `can_edit`);
    `denied` tells one of its people why not."""
    agency = Agency.objects.with_place().filter(code=code).first()
    if agency is None:
        raise Http404
    if not (check or can_edit)(user, agency):
        deny(user, agency, denied)
    return agency


def require(allowed: bool, message: str | None = None) -> None:
    """A service's own permission check: refuse with 403 unless `allowed`."""
    if not allowed:
        raise PermissionDenied(message or _("ไม่มีสิทธิ์ทำรายการนี้"))


def _pk(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk
