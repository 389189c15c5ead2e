"""The one lifecycle of every publishable document: plan, measure set, ITA result, report.

    draft → submitted → each step of the agency's chain → approved → published
                 ↑______ sent back with a reason ______|

A published row is frozen: nothing edits it again (the scoped querysets' `editable_by` only
return drafts). To change it, `document_amend` copies it into a new draft row of the same
family (revision n+1); when that one is published, the old row becomes SUPERSEDED and stays
readable at its URL. Withdrawal is itself a request up the chain, with a reason.

Each app registers its document kinds (`register`) from its AppConfig.ready(): how to copy a
row into an amendment, what to check before publishing, what to do after, and how to describe
a row for the diff between revisions. Who may act is decided in agencies/access.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import access
from agencies.access import Actor
from agencies.choices import (
    ActionKind,
    AgencyKind,
    DocumentKind,
    PublicationStatus,
    RequestPurpose,
    RequestState,
)
from agencies.models import (
    Agency,
    ApprovalAction,
    ApprovalChain,
    ApprovalRequest,
    ChainStep,
    MemoCounter,
    Position,
)
from core.thai import digits, fiscal_year_of


class WorkflowError(ValidationError):
    """A step that the document's or the request's current state does not allow."""


@dataclass(frozen=True)
class DocumentSpec:
    """How the workflow handles one kind of document (registered by its app)."""

    kind: str
    model: type[models.Model]
    #: The field holding PublicationStatus values (rounds: "state", with "open" for draft).
    state_field: str = "status"
    draft_value: str = PublicationStatus.DRAFT
    title: Callable[[Any], str] = str
    fiscal_year: Callable[[Any], int] = lambda doc: fiscal_year_of(timezone.localdate())
    #: Copy a published row into a new row with `fields` (its family, revision number and
    #: draft state) and everything its pages show; returns the new row.
    amend: Callable[[Any, dict[str, Any]], Any] | None = None
    #: Raise WorkflowError if the row may not be published now (e.g. its sources are drafts).
    check_publish: Callable[[Any], None] | None = None
    #: Called inside the publishing transaction (e.g. freeze the figures a report compares).
    on_publish: Callable[[Any], None] | None = None
    #: Called after a row's status changed (published, withdrawn): caches, pre-rendering.
    on_change: Callable[[Any], None] | None = None
    #: A plain, comparable description of a row for the diff between revisions.
    describe: Callable[[Any], dict[str, Any]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


_SPECS: dict[str, DocumentSpec] = {}
#: Higher layers' reactions to a publication (e.g. open reports follow a new plan revision).
_AFTER_PUBLISH: dict[str, list[Callable[[Any], None]]] = {}


@dataclass(frozen=True)
class WorkflowEvent:
    """A step of a request that someone should hear about (agencies/notifications.py does).

    kind: "submitted" (proposed, or a withdrawal asked), "step_approved" (a step agreed, the
    next one waits), "approved" (the last step agreed), "sent_back" (text: the reason),
    "published"."""

    kind: str
    request: ApprovalRequest | None
    document: Any
    actor: Actor
    text: str = ""


#: Who hears about each step: called inside the step's transaction (so nothing is told about
#: a step that rolled back); a listener that sends something out waits for the commit itself.
_LISTENERS: list[Callable[[WorkflowEvent], None]] = []


def on_event(listener: Callable[[WorkflowEvent], None]) -> None:
    """Call `listener(event)` for every step of every document's lifecycle."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def _emit(
    kind: str, request: ApprovalRequest | None, document: Any, actor: Actor, text: str = ""
) -> None:
    event = WorkflowEvent(kind, request, document, actor, text)
    for listener in _LISTENERS:
        listener(event)


def after_publish(kind: str, listener: Callable[[Any], None]) -> None:
    """Call `listener(document)` inside the transaction that publishes a `kind` document."""
    _AFTER_PUBLISH.setdefault(kind, []).append(listener)


#: Higher layers' reactions to a withdrawal (e.g. the public page cache forgets the document).
_AFTER_WITHDRAW: dict[str, list[Callable[[Any], None]]] = {}


def after_withdraw(kind: str, listener: Callable[[Any], None]) -> None:
    """Call `listener(document)` inside the transaction that withdraws a `kind` document."""
    _AFTER_WITHDRAW.setdefault(kind, []).append(listener)


def register(spec: DocumentSpec) -> None:
    _SPECS[spec.kind] = spec


def spec_for(document: models.Model) -> DocumentSpec:
    for spec in _SPECS.values():
        if isinstance(document, spec.model):
            return spec
    raise LookupError(f"{type(document).__name__} is not a registered document kind")


def spec_of_kind(kind: str) -> DocumentSpec:
    return _SPECS[kind]


def state_of(document: models.Model) -> str:
    spec = spec_for(document)
    value = getattr(document, spec.state_field)
    return PublicationStatus.DRAFT if value == spec.draft_value else str(value)


# --- Chains ---------------------------------------------------------------------------------

#: The head of each kind of agency: the one step of a default chain (vacant until the agency
#: names the holder, and open meanwhile to the agency's approvers). Agencies add their
#: reviewing positions (หัวหน้าสำนักปลัด, รองปลัด, ปลัด …) in the browser.
AGENCY_HEAD = {
    AgencyKind.PAO: "นายกองค์การบริหารส่วนจังหวัด",
    AgencyKind.CITY: "นายกเทศมนตรี",
    AgencyKind.TOWN: "นายกเทศมนตรี",
    AgencyKind.SUBDISTRICT_MUNICIPALITY: "นายกเทศมนตรี",
    AgencyKind.SAO: "นายกองค์การบริหารส่วนตำบล",
    AgencyKind.SPECIAL: "ผู้บริหารท้องถิ่น",
}


def chain_for(agency: Agency, kind: str) -> ApprovalChain:
    """The agency's chain for `kind`, created with the default (the agency's head) if none."""
    chain, created = ApprovalChain.objects.get_or_create(agency=agency, kind=kind)
    if created:
        head, _created = Position.objects.get_or_create(
            agency=agency,
            title=AGENCY_HEAD.get(AgencyKind(agency.kind), AGENCY_HEAD[AgencyKind.SPECIAL]),
            defaults={"order": 100},
        )
        ChainStep.objects.create(chain=chain, order=1, position=head)
    return chain


@transaction.atomic
def chain_set(
    *, agency: Agency, kind: str, positions: list[Position], user: Actor
) -> ApprovalChain:
    """Make the agency's chain for `kind` exactly `positions`, in order (the last approves).

    Requests already under way keep the chain they were submitted with."""
    access.require(access.is_system(user) or access.can_manage_chain(user, agency))
    if not positions:
        raise WorkflowError(_("สายการอนุมัติต้องมีอย่างน้อยหนึ่งตำแหน่ง"))
    if any(p.agency_id != agency.pk for p in positions):
        raise WorkflowError(_("ตำแหน่งต้องเป็นของหน่วยงานนี้"))
    if len({p.pk for p in positions}) != len(positions):
        raise WorkflowError(_("ตำแหน่งหนึ่งอยู่ในสายการอนุมัติได้ครั้งเดียว"))
    chain, _created = ApprovalChain.objects.get_or_create(agency=agency, kind=kind)
    chain.steps.all().delete()
    ChainStep.objects.bulk_create(
        ChainStep(chain=chain, order=n, position=p) for n, p in enumerate(positions, start=1)
    )
    chain.save(update_fields=["updated_at"])
    return chain


@transaction.atomic
def position_remove(*, position: Position, user: Actor) -> None:
    """Remove one of the agency's positions (and who acts for it): refused while a chain
    names it. Requests already under way keep their snapshot; a step whose position is gone
    is open to the agency's approvers, as a vacant one is."""
    access.require(access.is_system(user) or access.can_manage_chain(user, position.agency))
    kinds = sorted(
        {
            str(DocumentKind(kind).label)
            for kind in position.steps.values_list("chain__kind", flat=True).distinct()
        }
    )
    if kinds:
        raise WorkflowError(
            _("ตำแหน่งนี้อยู่ในสายการอนุมัติ%(kinds)s ให้นำออกจากสายการอนุมัติก่อน") % {"kinds": " ".join(kinds)}
        )
    position.delete()


# --- Requests -------------------------------------------------------------------------------


def _lock_document(document: models.Model) -> Any:
    return type(document)._default_manager.select_for_update().get(pk=document.pk)


def _set_state(document: models.Model, state: str, **fields: Any) -> None:
    spec = spec_for(document)
    value = spec.draft_value if state == PublicationStatus.DRAFT else state
    setattr(document, spec.state_field, value)
    for name, field_value in fields.items():
        setattr(document, name, field_value)
    names = [spec.state_field, *fields]
    if any(f.name == "updated_at" for f in document._meta.get_fields()):
        names.append("updated_at")
    document.save(update_fields=names)


def _next_memo_number(agency: Agency, fiscal_year: int) -> int:
    counter, _created = MemoCounter.objects.get_or_create(agency=agency, fiscal_year=fiscal_year)
    MemoCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return counter.last


def _record(
    request: ApprovalRequest,
    kind: str,
    user: Actor,
    *,
    step: int | None = None,
    opinion: str = "",
    position_title: str = "",
    acting_for: str = "",
    as_admin: bool = False,
) -> ApprovalAction:
    person = access.user_or_none(user)
    name = (person.get_full_name() or person.username) if person else str(user)
    if not position_title and person is not None:
        position_title = person.position
    return ApprovalAction.objects.create(
        request=request,
        step=step,
        kind=kind,
        actor=person,
        actor_name=name,
        position_title=_("ผู้ดูแลระบบ") if as_admin else position_title,
        acting_for=acting_for,
        as_admin=as_admin,
        opinion=opinion,
    )


def open_request(document: models.Model) -> ApprovalRequest | None:
    """The request under way (in review or approved, not yet carried out) for this row."""
    return (
        ApprovalRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(document),
            object_id=document.pk,
            state__in=[RequestState.IN_REVIEW, RequestState.APPROVED],
        )
        .order_by("-created_at")
        .first()
    )


def requests_of(document: models.Model) -> list[ApprovalRequest]:
    """Every request of this row, oldest first, with its actions: the row's history."""
    return list(
        ApprovalRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(document), object_id=document.pk
        )
        .prefetch_related("actions")
        .order_by("created_at", "pk")
    )


def delete_check(document: models.Model, user: Actor) -> None:
    """Refuse to delete a document unless `user` may (access.can_delete: drafts only, 403)
    and it was never proposed: the memo of a request is a record the agency keeps."""
    agency = document.agency  # type: ignore[attr-defined]  # every document has an agency
    access.require(
        access.can_delete(user, agency, state=state_of(document)),
        _("ลบได้เฉพาะฉบับร่าง เอกสารที่เสนอหรือเผยแพร่แล้วต้องถอนผ่านสายการอนุมัติ"),
    )
    if reasons := delete_blockers(document):
        raise WorkflowError(reasons)


def delete_blockers(document: models.Model) -> list[str]:
    """Why a draft may not be deleted although it is a draft: it was proposed once, and the
    memo of that request is a record the agency keeps."""
    if requests_of(document):
        return [
            _("เอกสารนี้เคยเสนอขออนุมัติแล้ว บันทึกข้อความของการเสนอต้องเก็บไว้ จึงลบไม่ได้ (แก้ไขแล้วเสนอใหม่ได้)")
        ]
    return []


def _new_request(document: Any, user: Actor, *, purpose: str, reason: str = "") -> ApprovalRequest:
    spec = spec_for(document)
    chain = chain_for(document.agency, spec.kind)
    steps = [
        {"order": s.order, "position_id": s.position_id, "title": s.position.title}
        for s in chain.steps.select_related("position").order_by("order")
    ]
    today = timezone.localdate()
    memo_year = fiscal_year_of(today)
    request = ApprovalRequest.objects.create(
        agency=document.agency,
        kind=spec.kind,
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        purpose=purpose,
        steps=steps,
        current_step=1,
        submitted_by=access.user_or_none(user),
        submitted_at=timezone.now(),
        title=spec.title(document),
        revision_number=getattr(document, "revision_number", 1),
        reason=reason,
        fiscal_year=memo_year,
        memo_number=_next_memo_number(document.agency, memo_year),
    )
    _record(request, ActionKind.SUBMIT, user, opinion=reason)
    return request


@transaction.atomic
def document_submit(*, document: Any, user: Actor, note: str = "") -> ApprovalRequest:
    """Propose a draft to the agency's chain: it stops being editable until sent back."""
    access.require(access.can_propose(user, document.agency))
    document = _lock_document(document)
    if state_of(document) != PublicationStatus.DRAFT:
        raise WorkflowError(_("เสนอได้เฉพาะเอกสารฉบับร่าง"))
    request = _new_request(document, user, purpose=RequestPurpose.PUBLISH, reason=note.strip())
    _set_state(document, PublicationStatus.SUBMITTED)
    _emit("submitted", request, document, user, note.strip())
    return request


def _check_step(
    request: ApprovalRequest, user: Actor, step: int, *, approved_ok: bool = False
) -> access.StepAuthority:
    if request.state == RequestState.APPROVED and approved_ok and step == len(request.steps):
        # The last step may still send back what it approved, until it is published.
        request.state = RequestState.IN_REVIEW
    if request.state != RequestState.IN_REVIEW:
        raise WorkflowError(_("คำขอนี้ไม่อยู่ระหว่างการพิจารณาแล้ว"))
    if step != request.current_step:
        raise WorkflowError(_("ขั้นตอนนี้ไม่ใช่ขั้นตอนที่รอการพิจารณา (มีผู้พิจารณาไปแล้ว หรือยังไม่ถึงขั้นตอนนี้)"))
    authority = access.step_authority(user, request, on=timezone.localdate())
    access.require(authority.allowed, authority.reason or None)
    return authority


def _document_of(request: ApprovalRequest) -> models.Model:
    document = request.document
    if document is None:
        raise WorkflowError(_("ไม่พบเอกสารของคำขอนี้"))
    return document


def _locked_request(request: ApprovalRequest) -> ApprovalRequest:
    return ApprovalRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def request_approve(
    *, request: ApprovalRequest, user: Actor, step: int, opinion: str = ""
) -> ApprovalRequest:
    """The current step's holder (or their stand-in) agrees: the request moves to the next
    step; at the last step it is approved (a withdrawal then takes effect at once)."""
    request = _locked_request(request)
    authority = _check_step(request, user, step)
    current = request.step(step) or {}
    last = request.is_last_step
    _record(
        request,
        ActionKind.APPROVE if last else ActionKind.OPINION,
        user,
        step=step,
        opinion=opinion.strip(),
        position_title=str(current.get("title", "")),
        acting_for=authority.acting_for,
        as_admin=authority.as_admin,
    )
    if not last:
        request.current_step = step + 1
        request.save(update_fields=["current_step", "updated_at"])
        _emit("step_approved", request, _document_of(request), user, opinion.strip())
        return request
    request.state = RequestState.APPROVED
    request.save(update_fields=["state", "updated_at"])
    document = _lock_document(_document_of(request))
    if request.purpose == RequestPurpose.WITHDRAW:
        _withdraw(document, request, user)
    else:
        _set_state(document, PublicationStatus.APPROVED)
    _emit("approved", request, document, user, opinion.strip())
    return request


@transaction.atomic
def request_send_back(
    *, request: ApprovalRequest, user: Actor, step: int, reason: str
) -> ApprovalRequest:
    """The current step sends the document back to its author with a reason: it is a draft
    again (a withdrawal request is simply refused; the document stays published)."""
    reason = reason.strip()
    if not reason:
        raise WorkflowError({"reason": _("กรุณาระบุเหตุผลที่ส่งกลับ")})
    request = _locked_request(request)
    authority = _check_step(request, user, step, approved_ok=True)
    current = request.step(step) or {}
    _record(
        request,
        ActionKind.SEND_BACK,
        user,
        step=step,
        opinion=reason,
        position_title=str(current.get("title", "")),
        acting_for=authority.acting_for,
        as_admin=authority.as_admin,
    )
    request.state = RequestState.SENT_BACK
    request.save(update_fields=["state", "updated_at"])
    document = _lock_document(_document_of(request))
    if request.purpose == RequestPurpose.PUBLISH:
        _set_state(document, PublicationStatus.DRAFT)
    _emit("sent_back", request, document, user, reason)
    return request


@transaction.atomic
def document_audit_send_back(*, document: Any, user: Actor, reason: str) -> ApprovalRequest:
    """An auditor assigned to the agency sends a proposed (or approved, not yet published)
    document back to its author with a reason: the request under way ends as sent back and
    the document is a draft again, as if the chain had sent it back."""
    access.require(access.can_audit(user, document.agency))
    reason = reason.strip()
    if not reason:
        raise WorkflowError({"reason": _("กรุณาระบุเหตุผลที่ส่งกลับ")})
    document = _lock_document(document)
    request = open_request(document)
    if request is None or state_of(document) not in (
        PublicationStatus.SUBMITTED,
        PublicationStatus.APPROVED,
    ):
        raise WorkflowError(_("ส่งกลับได้เฉพาะเอกสารที่เสนอแล้วและยังไม่เผยแพร่"))
    request = _locked_request(request)
    person = access.user_or_none(user)
    _record(
        request,
        ActionKind.SEND_BACK,
        user,
        step=request.current_step,
        opinion=reason,
        position_title=(person.position if person and person.position else _("ผู้ตรวจสอบ")),
    )
    request.state = RequestState.SENT_BACK
    request.save(update_fields=["state", "updated_at"])
    _set_state(document, PublicationStatus.DRAFT)
    return request


def _family(document: Any) -> models.QuerySet[Any]:
    model = type(document)
    root = document.family_id
    return model._default_manager.filter(models.Q(pk=root) | models.Q(root_id=root))


@transaction.atomic
def document_publish(*, document: Any, user: Actor) -> Any:
    """Publish an approved row: it is frozen from now on; the family's previously published
    row becomes SUPERSEDED (still public at its URL)."""
    access.require(access.can_propose(user, document.agency))
    document = _lock_document(document)
    if state_of(document) != PublicationStatus.APPROVED:
        raise WorkflowError(_("เผยแพร่ได้เฉพาะเอกสารที่ผ่านการอนุมัติตามสายการอนุมัติแล้ว"))
    spec = spec_for(document)
    if spec.check_publish is not None:
        spec.check_publish(document)
    request = open_request(document)
    previous = list(
        _family(document)
        .exclude(pk=document.pk)
        .filter(**{spec.state_field: PublicationStatus.PUBLISHED})
    )
    for old in previous:
        _set_state(old, PublicationStatus.SUPERSEDED)
    now = timezone.now()
    extra: dict[str, Any] = {"published_at": now} if hasattr(document, "published_at") else {}
    if hasattr(document, "published_by_id"):
        extra["published_by"] = access.user_or_none(user)
    _set_state(document, PublicationStatus.PUBLISHED, **extra)
    if spec.on_publish is not None:
        spec.on_publish(document)
    for listener in _AFTER_PUBLISH.get(spec.kind, []):
        listener(document)
    if request is not None:
        _record(request, ActionKind.PUBLISH, user)
        request.state = RequestState.DONE
        request.save(update_fields=["state", "updated_at"])
    _emit("published", request, document, user)
    changed = [document, *previous]
    if spec.on_change is not None:
        transaction.on_commit(lambda: [spec.on_change(row) for row in changed])  # type: ignore[misc]
    return document


@transaction.atomic
def document_withdraw_request(*, document: Any, user: Actor, reason: str) -> ApprovalRequest:
    """Ask the chain to withdraw a published row (its reason is required and shown)."""
    access.require(access.can_propose(user, document.agency))
    reason = reason.strip()
    if not reason:
        raise WorkflowError({"reason": _("กรุณาระบุเหตุผลที่ขอถอนการเผยแพร่")})
    document = _lock_document(document)
    if state_of(document) not in (PublicationStatus.PUBLISHED, PublicationStatus.SUPERSEDED):
        raise WorkflowError(_("ถอนการเผยแพร่ได้เฉพาะเอกสารที่เผยแพร่แล้ว"))
    if open_request(document) is not None:
        raise WorkflowError(_("เอกสารนี้มีคำขอที่อยู่ระหว่างการพิจารณาแล้ว"))
    request = _new_request(document, user, purpose=RequestPurpose.WITHDRAW, reason=reason)
    _emit("submitted", request, document, user, reason)
    return request


def _withdraw(document: Any, request: ApprovalRequest, user: Actor) -> None:
    spec = spec_for(document)
    _set_state(
        document,
        PublicationStatus.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdrawn_reason=request.reason,
    )
    for listener in _AFTER_WITHDRAW.get(spec.kind, []):
        listener(document)
    _record(request, ActionKind.WITHDRAW, user, opinion=request.reason)
    request.state = RequestState.DONE
    request.save(update_fields=["state", "updated_at"])
    if spec.on_change is not None:
        transaction.on_commit(lambda: spec.on_change(document))  # type: ignore[misc]


@transaction.atomic
def document_amend(*, document: Any, user: Actor) -> Any:
    """Open an amendment of a published row: a new draft of the same family (revision n+1)
    holding a copy of everything; the public keeps seeing the published row until the
    amendment is approved and published. An amendment already open is returned as is."""
    access.require(access.can_propose(user, document.agency))
    spec = spec_for(document)
    if state_of(document) not in (PublicationStatus.PUBLISHED,):
        raise WorkflowError(_("เปิดฉบับแก้ไขได้จากฉบับที่เผยแพร่อยู่เท่านั้น"))
    family = _family(document)
    open_draft = family.exclude(
        **{f"{spec.state_field}__in": [PublicationStatus.PUBLISHED, *_closed_states()]}
    ).first()
    if open_draft is not None:
        return open_draft
    if spec.amend is None:
        raise WorkflowError(_("เอกสารประเภทนี้ยังแก้ไขหลังเผยแพร่ไม่ได้"))
    number = (family.aggregate(n=models.Max("revision_number"))["n"] or 1) + 1
    fields: dict[str, Any] = {
        "root_id": document.family_id,
        "revision_number": number,
        spec.state_field: spec.draft_value,
        "withdrawn_at": None,
        "withdrawn_reason": "",
    }
    for name in (
        "published_at",
        "published_by",
        "submitted_at",
        "submitted_by",
        "approved_at",
        "approved_by",
    ):
        if any(f.name == name for f in type(document)._meta.concrete_fields):
            fields[name] = None
    draft = spec.amend(document, fields)
    last = (
        ApprovalRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(document), object_id=document.pk
        )
        .order_by("created_at", "pk")
        .last()
    )
    if last is not None:
        _record(
            last,
            ActionKind.AMEND,
            user,
            opinion=_("ฉบับแก้ไขที่ %(n)s") % {"n": digits(number, document.agency.digit_style)},
        )
    return draft


def _closed_states() -> list[str]:
    return [PublicationStatus.SUPERSEDED, PublicationStatus.WITHDRAWN]


def revisions_of(document: Any, *, public_only: bool) -> list[Any]:
    """The rows of the document's family, newest first (the public ones only if asked)."""
    spec = spec_for(document)
    rows = _family(document)
    if public_only:
        rows = rows.filter(
            **{
                f"{spec.state_field}__in": [
                    PublicationStatus.PUBLISHED,
                    PublicationStatus.SUPERSEDED,
                ]
            }
        )
    return list(rows.order_by("-revision_number"))


def memo_date(request: ApprovalRequest) -> dt.date:
    return timezone.localtime(request.submitted_at or request.created_at).date()


# --- Entry points for interfaces (views, demo, tests) -----------------------------------------
# A kind may route a step through its own service (a report's also keeps its event log and
# review steps); that service calls the functions above. Interfaces call these three.


def submit(document: Any, user: Actor, note: str = "") -> None:
    """Propose `document` to its chain, through its kind's own service if it has one."""
    own = spec_for(document).extra.get("submit")
    if own is not None:
        own(document, user, note)
    else:
        document_submit(document=document, user=user, note=note)


def decide(request: ApprovalRequest, user: Actor, *, action: str, step: int, text: str) -> None:
    """Approve ("approve", with an opinion) or send back ("send_back", with a reason) the
    request's `step`, through its kind's own service if it has one."""
    own = spec_of_kind(request.kind).extra.get(action)
    if own is not None:
        own(request, user, step, text)
    elif action == "approve":
        request_approve(request=request, user=user, step=step, opinion=text)
    else:
        request_send_back(request=request, user=user, step=step, reason=text)


def publish(document: Any, user: Actor) -> None:
    """Publish an approved `document`, through its kind's own service if it has one."""
    own = spec_for(document).extra.get("publish")
    if own is not None:
        own(document, user)
    else:
        document_publish(document=document, user=user)
