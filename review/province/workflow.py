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

from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from applications.checks import ensure_not_dishonest, ensure_prerequisite_held
from applications.constants import Status
from applications.workflow import APPLICATION
from portal.audit import audit
from portal.audit_sentences import register_verbs
from portal.errors import ensure
from portal.lifecycle import Transition
from review.models import MiitOutcome, MiitResult, NoticeEntry, ObjectionStatus, PublicNotice
from tiers.titles.certificates import current_certificate
from tiers.titles.grants import grant_title

from . import services
from .objection_rules import ensure_notice_cleared

# What the audit trail says of the verbs written here (``portal.audit_sentences``).
register_verbs({
    "review.miit_outcome_recorded": gettext_lazy("MIIT's decision recorded"),
})


def _reason(data, message):
    reason = (data.get("reason") or "").strip()
    ensure(reason, message)
    return reason


# --- effects ---------------------------------------------------------------------------------------


def _return_to_city(app, actor, data):
    _reason(data, _("Say why the recommendation goes back to the city."))
    return [], {}


def _start_review(app, actor, data):
    """Assign the expert panel (the experts chosen on the assignment page)."""
    state = services.assign_panel(app, data.get("experts") or [], actor=actor)
    return [], {"experts": state.assigned, "required": state.required, "shortfall": state.shortfall}


def _decide(app, actor, data):
    services.ensure_review_finished(app)
    return [], {"scores": services.review_state(app)[0]}


def _reject(app, actor, data):
    _reason(data, _("Give the reasons for the decision; the enterprise reads them."))
    if app.status == Status.UNDER_REVIEW:
        services.ensure_review_finished(app)
    return [], {}


def _publish_notice(app, actor, data):
    notice = data.get("notice")
    ensure(isinstance(notice, PublicNotice), _("Publish notices from the department's notices page."))
    ensure(
        notice.round_id == app.round_id and notice.tier_id == app.tier_id,
        _("A notice lists applications of one round and one tier."),
    )
    NoticeEntry.objects.create(notice=notice, application=app)
    return [], {"notice": notice.pk}


def _certify(app, actor, data):
    """The title and its certificate; the notice is cleared (``TO_CERTIFY`` checks it)."""
    entry = NoticeEntry.objects.select_related("notice").get(application=app)
    today = timezone.localdate()
    title = grant_title(
        enterprise=app.enterprise,
        tier=app.tier,
        round=app.round,
        recognized_on=today,
        actor=actor,
        scenarios=list(app.scenarios.all()) if app.tier.is_scenario else (),
        source=str(
            _("Application %(pk)s, public notice “%(notice)s”") % {"pk": app.pk, "notice": entry.notice.title}
        ),
    )
    entry.title = title
    entry.save(update_fields=["title"])
    certificate = current_certificate(title)
    return [], {"title": title.pk, "certificate": certificate.number}


def _reject_after_objection(app, actor, data):
    _reason(data, _("Give the reasons for the decision; the enterprise reads them."))
    objection = data.get("objection") or app.objections.filter(status=ObjectionStatus.UPHELD).first()
    ensure(
        objection is not None and objection.status == ObjectionStatus.UPHELD, _("No objection was upheld.")
    )
    return [], {"objection": objection.pk}


def _recommend_to_miit(app, actor, data):
    if app.status == Status.UNDER_REVIEW:
        services.ensure_review_finished(app)
    return [], {}


def _record_miit(result):
    def effect(app, actor, data):
        """MIIT's document is recorded; on approval the title (source: the document) and its certificate."""
        number = (data.get("document_number") or "").strip()
        date = data.get("document_date")
        ensure(number and date, _("Record MIIT's document number and date."), article="Art. 13")
        outcome = MiitOutcome(
            application=app, result=result, document_number=number, document_date=date, recorded_by=actor
        )
        upload = data.get("document_file")
        if upload:
            from portal.uploads import check_upload

            checked = check_upload(upload)
            ensure(checked.content_type == "application/pdf", _("MIIT's document must be a PDF."))
            outcome.document_file.save(upload.name, upload, save=False)
        if result == MiitResult.APPROVED:
            outcome.title = grant_title(
                enterprise=app.enterprise,
                tier=app.tier,
                round=app.round,
                recognized_on=date,
                source=number,
                miit_document=number,
                actor=actor,
            )
        outcome.save()
        audit(
            actor,
            "review.miit_outcome_recorded",
            outcome,
            after={"result": result, "document_number": number, "document_date": date.isoformat()},
        )
        extra = {"document_number": number}
        if outcome.title_id:
            certificate = current_certificate(outcome.title)
            extra.update(title=outcome.title_id, certificate=certificate.number)
        return [], extra

    return effect


# --- the table -------------------------------------------------------------------------------------

# Every move towards a title checks again that the enterprise still holds the prerequisite title
# (Art. 12, 13): it may have been revoked since the application was submitted; and that the enterprise
# is not on the latest list of seriously dishonest entities (Art. 5 (2)): it may have been listed since.
TOWARDS_TITLE = (ensure_prerequisite_held, ensure_not_dishonest)
# Certification waits for the notice's end, and for no objection open or upheld (Art. 12).
TO_CERTIFY = (*TOWARDS_TITLE, ensure_notice_cleared)


def register_transitions():
    """Declare the province's transitions into the application lifecycle (once, from ``ReviewConfig.ready``)."""
    APPLICATION.declare(
        Transition(
            name="accept",
            sources=frozenset({Status.RECOMMENDED}),
            target=Status.ACCEPTED,
            permission="review.accept",
            verb="review.accepted",
            checks=TOWARDS_TITLE,
            article="Art. 12",
        ),
        Transition(
            name="return_to_city",
            sources=frozenset({Status.RECOMMENDED}),
            target=Status.CITY_PASSED,
            permission="review.return_to_city",
            verb="review.returned_to_city",
            effect=_return_to_city,
            article="Art. 12",
        ),
        Transition(
            name="start_review",
            sources=frozenset({Status.ACCEPTED}),
            target=Status.UNDER_REVIEW,
            permission="review.start_review",
            verb="review.review_started",
            effect=_start_review,
            checks=TOWARDS_TITLE,
            article="Art. 12",
        ),
        Transition(
            name="approve",
            sources=frozenset({Status.UNDER_REVIEW}),
            target=Status.APPROVED,
            permission="review.approve",
            verb="review.approved",
            effect=_decide,
            checks=TOWARDS_TITLE,
            article="Art. 12",
        ),
        Transition(
            name="reject",
            sources=frozenset({Status.UNDER_REVIEW}),
            target=Status.REJECTED,
            permission="review.reject",
            verb="review.rejected",
            effect=_reject,
            article="Art. 12",
        ),
        Transition(
            name="publish_notice",
            sources=frozenset({Status.APPROVED}),
            target=Status.IN_NOTICE,
            permission="review.publish_notice",
            verb="review.notice_published",
            effect=_publish_notice,
            checks=TOWARDS_TITLE,
            article="Art. 12",
        ),
        Transition(
            name="certify",
            sources=frozenset({Status.IN_NOTICE}),
            target=Status.CERTIFIED,
            permission="review.certify",
            verb="review.certified",
            effect=_certify,
            checks=TO_CERTIFY,
            article="Art. 12",
        ),
        Transition(
            name="reject_after_objection",
            sources=frozenset({Status.IN_NOTICE}),
            target=Status.REJECTED,
            permission="review.reject_after_objection",
            verb="review.rejected_after_objection",
            effect=_reject_after_objection,
            article="Art. 12",
        ),
        Transition(
            name="recommend_to_miit",
            sources=frozenset({Status.ACCEPTED, Status.UNDER_REVIEW}),
            target=Status.RECOMMENDED_TO_MIIT,
            permission="review.recommend_to_miit",
            verb="review.recommended_to_miit",
            effect=_recommend_to_miit,
            checks=TOWARDS_TITLE,
            article="Art. 13",
        ),
        Transition(
            name="record_miit_approval",
            sources=frozenset({Status.RECOMMENDED_TO_MIIT}),
            target=Status.MIIT_APPROVED,
            permission="review.record_miit_outcome",
            verb="review.miit_approved",
            effect=_record_miit(MiitResult.APPROVED),
            checks=TOWARDS_TITLE,
            article="Art. 13",
        ),
        Transition(
            name="record_miit_rejection",
            sources=frozenset({Status.RECOMMENDED_TO_MIIT}),
            target=Status.MIIT_REJECTED,
            permission="review.record_miit_outcome",
            verb="review.miit_rejected",
            effect=_record_miit(MiitResult.REJECTED),
            article="Art. 13",
        ),
    )
