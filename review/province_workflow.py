"""The province's transitions (Art. 10, 12, 13), registered into ``applications.workflow``'s table.

Each effect runs inside ``perform()``'s transaction, on the locked application, after the status
and permission checks; a refusal (ActionRefused) rolls everything back. ``perform()`` writes the
status and the audit row (the reason, where one is asked, is the row's message: the enterprise reads
it in its timeline). Imported once, from ``ReviewConfig.ready``.

    recommended ─accept─▶ accepted ─start_review─▶ under_review ─approve─▶ approved ─publish_notice─▶ in_notice
         │                   │                          │                                              │
         └─return_to_city─▶ city_passed                 └─reject─▶ rejected      certify ◀───────────────┤
                             │                                                  reject_after_objection ◀┘
    (excellence, leading)    └─recommend_to_miit─▶ recommended_to_miit ─record_miit_approval/rejection─▶ miit_*
"""
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.constants import Status
from applications.rules import ensure_prerequisite_held
from applications.workflow import Transition, register
from portal.audit import audit
from portal.errors import ensure
from tiers.constants import TitleStatus
from tiers.models import Title

from . import permissions as perms
from . import province_services as services
from .certificates import request_certificate
from .models import MiitOutcome, MiitResult, NoticeEntry, Objection, ObjectionStatus, PublicNotice


def _reason(data, message):
    reason = (data.get("reason") or "").strip()
    ensure(reason, message)
    return reason


# --- effects ---------------------------------------------------------------------------------------

def _return_to_city(app, actor, data):
    _reason(data, _("Say why the recommendation goes back to the city."))
    return [], {}


def _accept(app, actor, data):
    ensure_prerequisite_held(app)
    return [], {}


def _start_review(app, actor, data):
    """Assign the expert panel (the experts chosen on the assignment page)."""
    ensure_prerequisite_held(app)
    state = services.assign_panel(app, data.get("experts") or [], actor=actor)
    return [], {"experts": state.assigned, "required": state.required, "shortfall": state.shortfall}


def _decide(app, actor, data):
    ensure_prerequisite_held(app)
    services.ensure_review_finished(app)
    return [], {"scores": services.review_state(app)[0]}


def _reject(app, actor, data):
    _reason(data, _("Give the reasons for the decision; the enterprise reads them."))
    if app.status == Status.UNDER_REVIEW:
        services.ensure_review_finished(app)
    return [], {}


def _publish_notice(app, actor, data):
    ensure_prerequisite_held(app)
    notice = data.get("notice")
    ensure(isinstance(notice, PublicNotice), _("Publish notices from the department's notices page."))
    ensure(notice.round_id == app.round_id and notice.tier_id == app.tier_id,
           _("A notice lists applications of one round and one tier."))
    NoticeEntry.objects.create(notice=notice, application=app)
    return [], {"notice": notice.pk}


def _certify(app, actor, data):
    """After the notice ended with no open objection (and none upheld): the title and its certificate."""
    ensure_prerequisite_held(app)
    entry = NoticeEntry.objects.select_related("notice").filter(application=app).first()
    ensure(entry is not None, _("This application is on no notice."))
    today = timezone.localdate()
    ensure(entry.notice.has_ended(today),
           _("The notice runs until %(end)s; certify after it has ended.") % {"end": entry.notice.ends_on})
    objections = Objection.objects.filter(application=app, notice=entry.notice)
    ensure(not objections.filter(status=ObjectionStatus.OPEN).exists(),
           _("An objection to this application is still open: resolve it first."))
    ensure(not objections.filter(status=ObjectionStatus.UPHELD).exists(),
           _("An objection to this application was upheld."))
    title = Title.objects.create(
        enterprise=app.enterprise, tier=app.tier, year=app.round.year, status=TitleStatus.ACTIVE,
        enterprise_name=app.enterprise.name, recognized_on=today,
        source=str(_("Application %(pk)s, public notice “%(notice)s”") % {"pk": app.pk, "notice": entry.notice.title})[:200],
    )
    entry.title = title
    entry.save(update_fields=["title"])
    certificate = request_certificate(title, actor=actor)
    return [], {"title": title.pk, "certificate": certificate.number}


def _reject_after_objection(app, actor, data):
    _reason(data, _("Give the reasons for the decision; the enterprise reads them."))
    objection = data.get("objection") or app.objections.filter(status=ObjectionStatus.UPHELD).first()
    ensure(objection is not None and objection.status == ObjectionStatus.UPHELD, _("No objection was upheld."))
    return [], {"objection": objection.pk}


def _recommend_to_miit(app, actor, data):
    ensure_prerequisite_held(app)
    if app.status == Status.UNDER_REVIEW:
        services.ensure_review_finished(app)
    return [], {}


def _record_miit(result):
    def effect(app, actor, data):
        """MIIT's document is recorded; on approval the title (source: the document) and its certificate."""
        if result == MiitResult.APPROVED:
            ensure_prerequisite_held(app)
        number = (data.get("document_number") or "").strip()
        date = data.get("document_date")
        ensure(number and date, _("Record MIIT's document number and date."), article="Art. 13")
        outcome = MiitOutcome(application=app, result=result, document_number=number, document_date=date,
                              recorded_by=actor)
        upload = data.get("document_file")
        if upload:
            from applications.uploads import check_upload

            checked = check_upload(upload)
            ensure(checked.content_type == "application/pdf", _("MIIT's document must be a PDF."))
            outcome.document_file.save(upload.name, upload, save=False)
        if result == MiitResult.APPROVED:
            outcome.title = Title.objects.create(
                enterprise=app.enterprise, tier=app.tier, year=app.round.year, status=TitleStatus.ACTIVE,
                enterprise_name=app.enterprise.name, recognized_on=date, source=number[:200],
            )
        outcome.save()
        audit(actor, "review.miit_outcome_recorded", outcome,
              after={"result": result, "document_number": number, "document_date": date.isoformat()})
        extra = {"document_number": number}
        if outcome.title_id:
            certificate = request_certificate(outcome.title, actor=actor, miit_document=number)
            extra.update(title=outcome.title_id, certificate=certificate.number)
        return [], extra

    return effect


# --- the table -------------------------------------------------------------------------------------

def _declare():
    from . import province_forms as forms

    register(
        Transition(
            name="accept", sources=frozenset({Status.RECOMMENDED}), target=Status.ACCEPTED,
            permission=perms.can_accept, label=_("Accept the recommendation"), done_label=_("Accepted by the province"),
            verb="review.accepted", effect=_accept, form_class=forms.NoteForm, order=20,
        ),
        Transition(
            name="return_to_city", sources=frozenset({Status.RECOMMENDED}), target=Status.CITY_PASSED,
            permission=perms.can_return_to_city, label=_("Return to the city"),
            done_label=_("Returned to the city by the province"), verb="review.returned_to_city",
            effect=_return_to_city, form_class=forms.ReasonForm, style="warning", order=40,
        ),
        Transition(
            name="start_review", sources=frozenset({Status.ACCEPTED}), target=Status.UNDER_REVIEW,
            permission=perms.can_start_review, label=_("Assign experts and start the review"),
            done_label=_("Expert review started"), verb="review.review_started", effect=_start_review,
            confirm_url=lambda app: reverse("review:assign_experts", args=[app.pk]), order=20,
        ),
        Transition(
            name="approve", sources=frozenset({Status.UNDER_REVIEW}), target=Status.APPROVED,
            permission=perms.can_approve, label=_("Approve"), done_label=_("Approved by the province"),
            verb="review.approved", effect=_decide, form_class=forms.NoteForm, style="success", order=20,
        ),
        Transition(
            name="reject", sources=frozenset({Status.UNDER_REVIEW}), target=Status.REJECTED,
            permission=perms.can_reject, label=_("Reject"), done_label=_("Not approved by the province"),
            verb="review.rejected", effect=_reject, form_class=forms.ReasonForm, style="outline-danger", order=60,
        ),
        Transition(
            name="publish_notice", sources=frozenset({Status.APPROVED}), target=Status.IN_NOTICE,
            permission=perms.can_publish_notice, label=_("Publish for public notice"),
            done_label=_("Published for public notice"), verb="review.notice_published", effect=_publish_notice,
            confirm_url=lambda app: f"{reverse('review:notice_new')}?round={app.round_id}&tier={app.tier_id}"
                                    f"&application={app.pk}",
            order=20,
        ),
        Transition(
            name="certify", sources=frozenset({Status.IN_NOTICE}), target=Status.CERTIFIED,
            permission=perms.can_certify, label=_("Certify"), done_label=_("Certified"), verb="review.certified",
            effect=_certify, style="success", order=20,
        ),
        Transition(
            name="reject_after_objection", sources=frozenset({Status.IN_NOTICE}), target=Status.REJECTED,
            permission=perms.can_reject_after_objection, label=_("Reject after an upheld objection"),
            done_label=_("Not approved after an objection"), verb="review.rejected_after_objection",
            effect=_reject_after_objection, form_class=forms.ReasonForm, style="outline-danger", order=60,
        ),
        Transition(
            name="recommend_to_miit", sources=frozenset({Status.ACCEPTED, Status.UNDER_REVIEW}),
            target=Status.RECOMMENDED_TO_MIIT, permission=perms.can_recommend_to_miit,
            label=_("Recommend to MIIT"), done_label=_("Recommended to MIIT by the province"),
            verb="review.recommended_to_miit", effect=_recommend_to_miit, form_class=forms.NoteForm, order=30,
        ),
        Transition(
            name="record_miit_approval", sources=frozenset({Status.RECOMMENDED_TO_MIIT}),
            target=Status.MIIT_APPROVED, permission=perms.can_record_miit_outcome,
            label=_("Record MIIT's approval"), done_label=_("Approved by MIIT"), verb="review.miit_approved",
            effect=_record_miit(MiitResult.APPROVED), style="success", order=20,
            confirm_url=lambda app: reverse("review:miit_outcome", args=[app.pk, MiitResult.APPROVED]),
        ),
        Transition(
            name="record_miit_rejection", sources=frozenset({Status.RECOMMENDED_TO_MIIT}),
            target=Status.MIIT_REJECTED, permission=perms.can_record_miit_outcome,
            label=_("Record MIIT's rejection"), done_label=_("Not approved by MIIT"), verb="review.miit_rejected",
            effect=_record_miit(MiitResult.REJECTED), style="outline-danger", order=60,
            confirm_url=lambda app: reverse("review:miit_outcome", args=[app.pk, MiitResult.REJECTED]),
        ),
    )


_declare()
