"""Reads of the lifecycle: the workflow panel every document page shows, the memo
(บันทึกข้อความ) of a request, and the diff between two revisions."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from agencies import access, workflow
from agencies.access import Anyone
from agencies.choices import (
    PUBLIC_STATUSES,
    ActionKind,
    DocumentKind,
    PublicationStatus,
    RequestPurpose,
    RequestState,
)
from agencies.models import ApprovalAction, ApprovalRequest, Position
from agencies.querysets import AgencyScopedQuerySet
from core.thai import digits

M = TypeVar("M", bound=models.Model)
PUBLISHED = PublicationStatus.PUBLISHED

# --- The workflow panel ---------------------------------------------------------------------


@dataclass
class StepView:
    order: int
    title: str
    holder: str
    state: str  # "done", "current", "waiting"
    action: ApprovalAction | None = None


@dataclass
class RevisionView:
    pk: int
    number: int
    label: str
    published_at: Any
    url: str


@dataclass
class RequestView:
    request: ApprovalRequest
    steps: list[StepView]
    actions: list[ApprovalAction]


def _holder_names(position_ids: list[int]) -> dict[int, str]:
    names = {}
    for position in Position.objects.filter(pk__in=position_ids).select_related("holder"):
        holder = position.holder
        names[position.pk] = (holder.get_full_name() or holder.username) if holder else ""
    return names


def request_view(request: ApprovalRequest) -> RequestView:
    actions = list(request.actions.all())
    decided = {
        a.step: a
        for a in actions
        if a.step is not None and a.kind in (ActionKind.OPINION, ActionKind.APPROVE)
    }
    # Who holds a step that is still to come (a decided step names its signer).
    waiting = [
        int(s["position_id"])
        for s in request.steps
        if s.get("position_id") and int(s["order"]) not in decided
    ]
    names = _holder_names(waiting) if waiting else {}
    steps = []
    for step in request.steps:
        order = int(step["order"])
        if order in decided:
            state = "done"
        elif order == request.current_step and request.state == "in_review":
            state = "current"
        else:
            state = "waiting"
        steps.append(
            StepView(
                order=order,
                title=str(step.get("title", "")),
                holder=names.get(int(step.get("position_id") or 0), ""),
                state=state,
                action=decided.get(order),
            )
        )
    return RequestView(request=request, steps=steps, actions=actions)


def workflow_panel(document: Any, user: Anyone) -> dict[str, Any]:
    """Everything the panel of a document page shows and offers `user`: the revision and
    its state, the request under way with its chain, the actions this user may take, the
    earlier revisions (public ones only for the public) and the history of this row."""
    spec = workflow.spec_for(document)
    state = workflow.state_of(document)
    agency = document.agency
    reads_drafts = access.can_read_drafts(user, agency)
    requests = workflow.requests_of(document)
    current = next(
        (
            r
            for r in reversed(requests)
            if r.state in (RequestState.IN_REVIEW, RequestState.APPROVED)
        ),
        None,
    )
    authority = access.step_authority(user, current, on=timezone.localdate()) if current else None
    may_submit = access.can_submit(user, agency)
    # A current first revision has no other public revision: no need to ask.
    alone = state == PublicationStatus.PUBLISHED and document.revision_number == 1
    revisions = [
        RevisionView(
            pk=row.pk,
            number=row.revision_number,
            label=str(PublicationStatus(workflow.state_of(row)).label),
            published_at=getattr(row, "published_at", None),
            url=row.get_absolute_url(),
        )
        for row in (
            [document]
            if alone and not reads_drafts
            else workflow.revisions_of(document, public_only=not reads_drafts)
        )
    ]
    # The agency's people see every request; the public, the ones that were carried out (the
    # approval that published this revision, a withdrawal): they are the published record.
    history = [request_view(r) for r in requests if reads_drafts or r.state == RequestState.DONE]
    # A draft whose last request was sent back: why, for the agency's people, in the panel
    # itself (not only in the history), until it is proposed again.
    sent_back = None
    if reads_drafts and state == PublicationStatus.DRAFT and requests:
        if requests[-1].state == RequestState.SENT_BACK:
            sent_back = next(
                (a for a in reversed(history[-1].actions) if a.kind == ActionKind.SEND_BACK),
                None,
            )
    # The stable public addresses (e.g. /a/<code>/plan/2566-2570/ and …/r2/) once public.
    public = state in PUBLIC_STATUSES and hasattr(document, "get_stable_url")
    # (A kind without a PDF, the ITA result, gives "" for it.)
    pdf_url = document.get_stable_url(revision=True, pdf=True) if public else ""
    return {
        "doc": document,
        "stable_url": document.get_stable_url() if public else "",
        "revision_url": document.get_stable_url(revision=True) if public else "",
        # The PDF's own stable address, for the download button (no redirect on the way).
        "revision_pdf_url": pdf_url,
        "kind": spec.kind,
        "state": state,
        "state_label": PublicationStatus(state).label,
        "revision_number": getattr(document, "revision_number", 1),
        "published_at": getattr(document, "published_at", None),
        "current": request_view(current) if current else None,
        "sent_back": sent_back,
        "authority": authority,
        "can_submit": may_submit and state == PublicationStatus.DRAFT,
        "can_publish": may_submit and state == PublicationStatus.APPROVED,
        "can_amend": may_submit and state == PublicationStatus.PUBLISHED,
        "can_withdraw": may_submit
        and state in (PublicationStatus.PUBLISHED, PublicationStatus.SUPERSEDED)
        and current is None,
        "revisions": revisions,
        "history": history,
        "reads_drafts": reads_drafts,
        "withdrawn": state == PublicationStatus.WITHDRAWN,
    }


# --- The memo ---------------------------------------------------------------------------------

_BODIES = {
    DocumentKind.PLAN: (
        "ตามที่{agency}ได้จัดทำ{title} เพื่อเป็นกรอบและแนวทางในการป้องกันและปราบปรามการทุจริต"
        "ของหน่วยงาน ตามแนวทางของสำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ นั้น"
    ),
    DocumentKind.MEASURES: (
        "ตามที่{agency}ได้รับผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
        "และได้จัดทำ{title} เพื่อยกระดับผลการประเมินในปีถัดไป นั้น"
    ),
    DocumentKind.ITA: (
        "ตามที่{agency}ได้รับ{title} และได้บันทึกผลคะแนนรายตัวชี้วัดพร้อมผลการวิเคราะห์ไว้ในระบบ นั้น"
    ),
    DocumentKind.REPORT: (
        "ตามที่{agency}ได้ดำเนินการตามแผนปฏิบัติการป้องกันการทุจริตและมาตรการส่งเสริมคุณธรรม"
        "และความโปร่งใส และได้จัดทำ{title} นั้น"
    ),
}


@dataclass
class MemoSignatureView:
    role: str
    name: str
    position: str
    opinion_heading: str = ""
    opinion: str = ""


@dataclass
class MemoView:
    department: str
    reference: str
    date: Any
    date_text: str
    subject: str
    to: str
    paragraphs: list[str] = field(default_factory=list)
    signatures: list[MemoSignatureView] = field(default_factory=list)


def _signature_position(action: ApprovalAction) -> str:
    if action.as_admin:
        return "ผู้ดูแลระบบสุจริต (ดำเนินการในฐานะผู้ดูแลระบบ)"
    if action.acting_for:
        own = f"{action.position_title}\n" if action.position_title != action.acting_for else ""
        return f"{own}ปฏิบัติหน้าที่แทน {action.acting_for}".strip()
    return action.position_title


def memo_view(request: ApprovalRequest) -> MemoView:
    """The บันทึกข้อความ of a request, in the official layout's parts: the heading lines,
    the body for its kind of document, then the proposer and each step's opinion."""
    agency = request.agency
    view = request_view(request)
    head = request.steps[-1]["title"] if request.steps else ""
    revision = (
        f" (ฉบับแก้ไขครั้งที่ {request.revision_number - 1})" if request.revision_number > 1 else ""
    )
    if request.purpose == RequestPurpose.WITHDRAW:
        subject = f"ขออนุมัติถอนการเผยแพร่{request.title}{revision}"
        paragraphs = [
            f"ด้วย{agency.name}ได้เผยแพร่{request.title}{revision} ต่อสาธารณะแล้ว",
            f"เนื่องจาก {request.reason}",
            "จึงเรียนมาเพื่อโปรดพิจารณาอนุมัติให้ถอนการเผยแพร่เอกสารดังกล่าว",
        ]
    else:
        subject = f"ขออนุมัติ{request.title}{revision} และเผยแพร่ต่อสาธารณะ"
        paragraphs = [
            _BODIES.get(DocumentKind(request.kind), _BODIES[DocumentKind.PLAN]).format(
                agency=agency.name, title=request.title + revision
            ),
            f"{agency.short_name} จึงขอเสนอ{request.title}{revision} เพื่อโปรดพิจารณาอนุมัติ "
            "และเผยแพร่ทางเว็บไซต์ของหน่วยงานและระบบสุจริต",
        ]
        if request.reason:
            paragraphs.append(request.reason)
        paragraphs.append("จึงเรียนมาเพื่อโปรดพิจารณา")
    submit = next((a for a in view.actions if a.kind == ActionKind.SUBMIT), None)
    signatures = [
        MemoSignatureView(
            role="author",
            name=submit.actor_name if submit else "",
            position=(submit.position_title if submit else "") or "ผู้เสนอ",
        )
    ]
    for step in view.steps:
        action = step.action
        last = step.order == len(view.steps)
        heading = f"ความเห็น{step.title}" if not last else f"คำสั่ง{step.title}"
        if action is None:
            signatures.append(
                MemoSignatureView(
                    role="approver" if last else "reviewer",
                    name=step.holder,
                    position=step.title,
                    opinion_heading=heading,
                )
            )
            continue
        verdict = "อนุมัติ" if action.kind == ActionKind.APPROVE else "เห็นควรอนุมัติ"
        signatures.append(
            MemoSignatureView(
                role="approver" if last else "reviewer",
                name=action.actor_name,
                position=_signature_position(action),
                opinion_heading=heading,
                opinion=action.opinion.strip() or verdict,
            )
        )
    when = workflow.memo_date(request)
    return MemoView(
        department=f"สำนักปลัด {agency.name}",
        reference=digits(
            f"{agency.short_name} {request.memo_number}/{request.fiscal_year}", agency.digit_style
        ),
        date=when,
        date_text="",
        subject=subject,
        to=str(head),
        paragraphs=paragraphs,
        signatures=signatures,
    )


# --- Diff between revisions -------------------------------------------------------------------


@dataclass
class Change:
    where: str
    field: str
    old: str
    new: str
    kind: str  # "changed", "added", "removed"

    @property
    def inline(self) -> list[tuple[str, str]]:
        """The text change word by word: (op, text) with op in "same", "del", "ins"."""
        a, b = self.old.split(), self.new.split()
        out: list[tuple[str, str]] = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if op == "equal":
                out.append(("same", " ".join(a[i1:i2])))
                continue
            if i2 > i1:
                out.append(("del", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("ins", " ".join(b[j1:j2])))
        return out


def revision_diff(old: Any, new: Any) -> list[Change]:
    """Exactly the fields that differ between two revisions of a document, in Thai: the
    document's own texts, then each item (project, measure, row, indicator) added, removed
    or changed, field by field."""
    spec = workflow.spec_for(new)
    if spec.describe is None:
        return []
    a, b = spec.describe(old), spec.describe(new)
    changes: list[Change] = []
    for name, value in b["fields"].items():
        before = str(a["fields"].get(name, "") or "")
        if before != str(value or ""):
            changes.append(Change("เอกสาร", name, before, str(value or ""), "changed"))
    for key, item in b["items"].items():
        if key not in a["items"]:
            changes.append(Change(item["label"], "", "", item["label"], "added"))
            continue
        before_item = a["items"][key]
        for name in sorted(set(item["fields"]) | set(before_item["fields"])):
            x = str(before_item["fields"].get(name, "") or "")
            y = str(item["fields"].get(name, "") or "")
            if x != y:
                changes.append(Change(item["label"], name, x, y, "changed"))
    for key, item in a["items"].items():
        if key not in b["items"]:
            changes.append(Change(item["label"], "", item["label"], "", "removed"))
    return changes


# --- Stable public URLs ------------------------------------------------------------------------


def published_revision(
    queryset: AgencyScopedQuerySet[M], user: Anyone, *, revision: int | None, **identity: Any
) -> M:
    """The row a stable public URL names (e.g. /a/<code>/plan/2566-2570/): without `revision`,
    the family's revision in force (published); with it, that revision while it is public
    (published or superseded), so a URL once given out keeps showing the same text.

    `identity` names the document (agency code and year, kind …); every revision of a family
    shares it (agencies.workflow copies it). 404 for anything else, drafts included.
    """
    status = queryset.status_field
    if revision is None:
        return access.get_for_read(queryset, user, **identity, **{status: PUBLISHED})
    return access.get_for_read(
        queryset,
        user,
        **identity,
        revision_number=revision,
        **{f"{status}__in": PUBLIC_STATUSES},
    )


def stable_address(
    queryset: AgencyScopedQuerySet[Any], pk: int, *, pdf: bool = False
) -> str | None:
    """The stable public address of row `pk` of a revisioned document (its own revision, e.g.
    /a/<code>/plan/2566-2570/r2/), or None while it is not public (drafts, withdrawn)."""
    document = (
        queryset.filter(pk=pk, **{f"{queryset.status_field}__in": PUBLIC_STATUSES})
        .select_related("agency")
        .first()
    )
    if document is None or not hasattr(document, "get_stable_url"):
        return None
    return document.get_stable_url(revision=True, pdf=pdf)
