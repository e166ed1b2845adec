"""The rows of each planned application: the application and what its way through the lifecycle left.

Each application walks the path of transitions that leads to its status (``PATHS``), at times inside
its round's windows, and leaves what those transitions leave: its segments and evidence, a frozen
version per submission, return comments, the city's pre-screen decision and ranking, the province's
expert panel and score sheets, the notice entry, objections, MIIT's outcome, and the title (through
``titles.TitleBook``). Every transition is one audit row with the verb the lifecycle writes.
"""
import datetime
from decimal import Decimal

from applications.constants import Kind, Status
from applications.figures import change_percent, decimal_text, years_for
from applications.models import (
    Application,
    ApplicationSegment,
    ApplicationVersion,
    Attachment,
    FinancialYear,
    OutcomeIndicator,
    ReturnComment,
)
from review.models import (
    CityRanking,
    CriterionScore,
    ExpertAssignment,
    MiitOutcome,
    MiitResult,
    NoticeEntry,
    Objection,
    ObjectionKind,
    ObjectionStatus,
    PrescreenDecision,
    PrescreenOutcome,
    PublicNotice,
    RecommendationLetter,
)
from review.province.scoring import weighted_total
from tiers.constants import Indicator, TierCode

from . import texts
from .careers import ROUTE

S = Status
TO_CITY = ["submit", "city_pass"]
TO_PROVINCE = [*TO_CITY, "recommend", "accept"]
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.RETURNED: ["submit", "return_for_revision"],
    S.WITHDRAWN: ["submit", "withdraw"],
    S.CITY_REJECTED: ["submit", "city_reject"],
    S.CITY_PASSED: TO_CITY,
    S.CITY_RECOGNIZED: [*TO_CITY, "city_recognize"],
    S.RECOMMENDED: [*TO_CITY, "recommend"],
    S.ACCEPTED: TO_PROVINCE,
    S.UNDER_REVIEW: [*TO_PROVINCE, "start_review"],
    S.APPROVED: [*TO_PROVINCE, "start_review", "approve"],
    S.REJECTED: [*TO_PROVINCE, "start_review", "reject"],
    S.IN_NOTICE: [*TO_PROVINCE, "start_review", "approve", "publish_notice"],
    S.CERTIFIED: [*TO_PROVINCE, "start_review", "approve", "publish_notice", "certify"],
    S.RECOMMENDED_TO_MIIT: [*TO_PROVINCE, "start_review", "recommend_to_miit"],
    S.MIIT_APPROVED: [*TO_PROVINCE, "start_review", "recommend_to_miit", "record_miit_approval"],
    S.MIIT_REJECTED: [*TO_PROVINCE, "start_review", "recommend_to_miit", "record_miit_rejection"],
    # The basic title it needed was revoked while the province reviewed it (Art. 12, 15).
    S.STOPPED: [*TO_PROVINCE, "stop"],
}
AFTER_OBJECTION = [*TO_PROVINCE, "start_review", "approve", "publish_notice", "reject_after_objection"]
# (verb, target status) of each transition, as declared in the lifecycle tables.
TRANSITIONS = {
    "submit": ("applications.submitted", S.SUBMITTED),
    "resubmit": ("applications.resubmitted", S.SUBMITTED),
    "return_for_revision": ("applications.returned", S.RETURNED),
    "withdraw": ("applications.withdrawn", S.WITHDRAWN),
    "city_pass": ("review.city_passed", S.CITY_PASSED),
    "city_reject": ("review.city_rejected", S.CITY_REJECTED),
    "city_recognize": ("review.city_recognized", S.CITY_RECOGNIZED),
    "recommend": ("review.recommended", S.RECOMMENDED),
    "accept": ("review.accepted", S.ACCEPTED),
    "start_review": ("review.review_started", S.UNDER_REVIEW),
    "approve": ("review.approved", S.APPROVED),
    "reject": ("review.rejected", S.REJECTED),
    "publish_notice": ("review.notice_published", S.IN_NOTICE),
    "certify": ("review.certified", S.CERTIFIED),
    "reject_after_objection": ("review.rejected_after_objection", S.REJECTED),
    "recommend_to_miit": ("review.recommended_to_miit", S.RECOMMENDED_TO_MIIT),
    "stop": ("applications.stopped", S.STOPPED),
    "record_miit_approval": ("review.miit_approved", S.MIIT_APPROVED),
    "record_miit_rejection": ("review.miit_rejected", S.MIIT_REJECTED),
}
CITY_STEPS = {"return_for_revision", "resubmit", "city_pass", "city_reject", "city_recognize", "recommend"}
PROVINCE_STEPS = {"accept", "start_review", "approve", "reject", "recommend_to_miit"}
PANEL = 3
DAY = datetime.timedelta(days=1)


class Builder:
    """Collects the rows of all applications, table by table, then writes them."""

    def __init__(self, ctx, evidence, titles, staff):
        self.ctx = ctx
        self.rng = ctx.rng
        self.evidence = evidence  # (name, size, sha256) of the one shared PDF
        self.titles = titles
        self.officials = {}
        self.officers = [s for s in staff if s.role == "provincial_officer"]
        self.experts = [s for s in staff if s.role == "expert"]
        for s in staff:
            if s.role == "city_official":
                self.officials.setdefault(s.city_id, []).append(s)
        self.rows = {model: [] for model in (
            Application, ApplicationSegment, FinancialYear, OutcomeIndicator, ApplicationVersion, Attachment,
            ReturnComment, PrescreenDecision,
            CityRanking, RecommendationLetter, ExpertAssignment, CriterionScore, PublicNotice, NoticeEntry,
            Objection, MiitOutcome, Application.scenarios.through, ApplicationSegment.scenarios.through)}
        self.letters = {}
        self.notices = {}
        self.rank_lists = {}
        self.used = {}

    # --- ids and rows ----------------------------------------------------------------------------

    def _id(self, model):
        return self.ctx.writer.ids(model, 1)[0]

    def _add(self, model, row):
        if "id" not in row:
            row["id"] = self._id(model)
        self.rows[model].append(row)
        return row["id"]

    def write(self):
        for model, rows in self.rows.items():
            self.ctx.writer.write(model, rows)
        return {model: len(rows) for model, rows in self.rows.items()}

    # --- one application ---------------------------------------------------------------------------

    def build(self, plan):
        ctx, rng = self.ctx, self.rng
        firm, round, tier = plan.firm, plan.round, ctx.tiers[plan.tier_code]
        if plan.status == S.REJECTED and ROUTE[plan.tier_code] == "province" and round.stage != "open" \
                and rng.random() < 0.04:
            path = list(AFTER_OBJECTION)
            plan.objection = "upheld"
        else:
            path = list(PATHS[plan.status])
        if plan.status == S.WITHDRAWN and rng.random() < 0.4:
            path = ["withdraw"]  # withdrawn before it was ever submitted
        if "city_pass" in path and rng.random() < 0.08:
            i = path.index("submit") + 1
            path[i:i] = ["return_for_revision", "resubmit"]
        if plan.status == S.RECOMMENDED_TO_MIIT and rng.random() < 0.4:
            path.remove("start_review")  # the province may recommend to MIIT without its own panel
        plan.id = self._id(Application)
        label = f"{firm.name} · {tier.name_zh} · {round.name}"
        created = ctx.random_time(round.opens_at, round.submit_end - 2 * DAY)
        status = S.DRAFT
        submitted = "submit" in path
        self._draft(plan, tier, created, label, complete=submitted or rng.random() < 0.5)
        at = created
        version = 0
        version_ids = []
        pledge = None
        official = rng.choice(self.officials[firm.city_id])
        officer = rng.choice(self.officers)
        for step in path:
            at = self._when(step, at, round, running=plan.status == S.IN_NOTICE)
            verb, target = TRANSITIONS[step]
            actor = firm.user_id
            after = {}
            message = ""
            if step in CITY_STEPS - {"resubmit"}:
                actor = official.id
            elif step in PROVINCE_STEPS or step in ("publish_notice", "certify", "reject_after_objection",
                                                      "record_miit_approval", "record_miit_rejection"):
                actor = officer.id
            if step in ("submit", "resubmit"):
                pledge_at = at - datetime.timedelta(minutes=5)
                pledge = (firm.user_id, pledge_at)
                ctx.audit_row(pledge_at, firm.user_id, "applications.pledge_accepted", Application, plan.id, label,
                              after={"by": firm.username, "at": pledge_at.isoformat()})
                version += 1
                version_ids.append(self._version(plan, tier, version, at, pledge))
                after["version"] = version
            elif step == "return_for_revision":
                sections = rng.sample(sorted(texts.RETURN_COMMENTS), rng.choice((1, 2)))
                for section in sections:
                    self._add(ReturnComment, {"application_id": plan.id, "version_id": version_ids[-1],
                                              "section": section, "text": texts.RETURN_COMMENTS[section],
                                              "author_id": actor, "created_at": at})
                pledge = None
                after.update(version=version, sections=sorted(sections))
            elif step == "withdraw":
                message = "企业经营计划调整，本批次暂不申报。"
            elif step in ("city_pass", "city_reject"):
                rejected = step == "city_reject"
                ground, reasons = rng.choice(texts.REJECTION_REASONS) if rejected else ("", "")
                self._add(PrescreenDecision, {
                    "application_id": plan.id, "version": version,
                    "outcome": PrescreenOutcome.REJECTED if rejected else PrescreenOutcome.PASSED,
                    "grounds": [ground] if rejected else [], "reasons": reasons, "decided_by_id": actor,
                    "decided_at": at})
                after["version"] = version
                message = reasons
                if not rejected and plan.tier_code != TierCode.BASIC:
                    self.rank_lists.setdefault((firm.city_id, round.pk, tier.pk), []).append(
                        (at, plan.id, actor))
            elif step == "city_recognize":
                title = self.titles.grant(firm=firm, tier=tier, round=round, at=at, actor=actor,
                                          source=f"City recognition of application #{plan.id}")
                self.titles.file(application_id=plan.id, title=title, firm=firm, at=at, actor=actor)
                after["title"] = title.id
            elif step == "recommend":
                if tier.authority == "miit":
                    self._letter(firm.city_id, round, tier, at, actor)
                if plan.tier_code in (TierCode.ADVANCED, TierCode.SCENARIO):
                    key = (round.pk, tier.pk, firm.city_id)
                    self.used[key] = self.used.get(key, 0) + 1
            elif step == "start_review":
                self._panel(plan, tier, at, actor, label)
            elif step == "reject":
                message = texts.PROVINCE_REJECTION
            elif step == "publish_notice":
                running = plan.status == S.IN_NOTICE
                notice_id = self._notice(round, tier, running=running)
                plan.notice = notice_id
                entry_id = self._add(NoticeEntry, {"notice_id": notice_id, "application_id": plan.id,
                                                   "title_id": None})
                plan.notice = (notice_id, entry_id)
                after["notice"] = notice_id
                if plan.objection is None and rng.random() < (0.1 if running else 0.08):
                    plan.objection = "open" if running else "dismissed"
                if plan.objection:
                    self._objection(plan, round, notice_id, officer.id)
            elif step == "certify":
                title = self.titles.grant(firm=firm, tier=tier, round=round, at=at, actor=actor,
                                          source=f"Application {plan.id}, public notice",
                                          scenarios=plan.times.get("applied_scenarios", ()))
                self.rows[NoticeEntry][-1]["title_id"] = title.id
                after["title"] = title.id
            elif step == "reject_after_objection":
                message = "公示期间收到的异议经核实成立。"
            elif step in ("record_miit_approval", "record_miit_rejection"):
                approved = step == "record_miit_approval"
                number = f"工信厅装函〔{timezone_year(at)}〕{rng.randrange(100, 999)}号"
                title_id = None
                if approved:
                    title = self.titles.grant(firm=firm, tier=tier, round=round, at=at, actor=actor, source=number,
                                              miit_document=number)
                    title_id = title.id
                outcome_id = self._add(MiitOutcome, {
                    "application_id": plan.id, "result": MiitResult.APPROVED if approved else MiitResult.REJECTED,
                    "document_number": number, "document_date": _local_date(at), "document_file": "",
                    "title_id": title_id, "recorded_by_id": actor, "recorded_at": at})
                ctx.audit_row(at, actor, "review.miit_outcome_recorded", MiitOutcome, outcome_id, number,
                              after={"result": "approved" if approved else "rejected", "document_number": number,
                                     "document_date": _local_date(at).isoformat()}, essential=True)
                after["document_number"] = number
            ctx.audit_row(at, actor, verb, Application, plan.id, label, before={"status": status},
                          after={"status": target, **after}, message=message, essential=True)
            status = target
        assert status == plan.status, (plan.status, path)
        self._finish(plan, tier, created, at, version, pledge)

    def _when(self, step, previous, round, *, running):
        ctx = self.ctx
        if step in ("submit", "withdraw") and round.stage == "open":
            return ctx.after(previous, previous, round.submit_end)
        if step == "submit":
            return ctx.after(previous, previous + DAY, round.submit_end)
        if step == "withdraw":
            return ctx.after(previous, previous, round.city[1])
        if step in CITY_STEPS:
            return ctx.after(previous, round.city[0], round.city[1])
        if step in PROVINCE_STEPS:
            return ctx.after(previous, round.province[0], round.province[1])
        if step == "publish_notice":
            starts = _start_of((round.running_notice if running else round.notice)[0], ctx)
            return max(previous + datetime.timedelta(hours=1), starts)
        if step in ("certify", "reject_after_objection"):
            return ctx.after(previous, round.certify[0], round.certify[1])
        return ctx.after(previous, round.miit[0], round.miit[1])

    # --- the draft and its content ---------------------------------------------------------------

    def _draft(self, plan, tier, created, label, *, complete):
        ctx, rng = self.ctx, self.rng
        firm = plan.firm
        segments = ctx.segments
        if tier.code in (TierCode.EXCELLENCE, TierCode.LEADING):
            covered = {s.code for s in segments}
        elif tier.code == TierCode.SCENARIO:
            covered = {rng.choice(segments).code}
        else:
            covered = {s.code for s in rng.sample(segments, rng.randint(3, 5))}
        if not complete:
            covered = set(sorted(covered)[: rng.randint(0, len(covered))])
        plan.times = {"covered": covered, "created": created}
        ctx.audit_row(created, firm.user_id, "applications.draft_created", Application, plan.id, label,
                      after={"round": plan.round.pk, "tier": tier.code,
                             "kind": Kind.SCENARIO if tier.is_scenario else Kind.TIER}, essential=True)
        scenario_names = {}
        for segment in segments:
            sid = self._id(ApplicationSegment)
            narrative = rng.choice(texts.NARRATIVES[segment.code]) if segment.code in covered else ""
            self._add(ApplicationSegment, {"id": sid, "application_id": plan.id, "segment_id": segment.pk,
                                           "narrative": narrative})
            options = ctx.scenarios_by_segment.get(segment.pk)
            if narrative and options:
                scenario = rng.choice(options)
                self._add(ApplicationSegment.scenarios.through, {"applicationsegment_id": sid,
                                                                 "scenario_id": scenario.pk})
                scenario_names[segment.code] = [scenario.name_zh]
        applied = []
        if tier.is_scenario and ctx.scenarios:
            chosen = rng.sample(ctx.scenarios, min(len(ctx.scenarios), rng.choice((1, 1, 2))))
            for scenario in chosen:
                self._add(Application.scenarios.through, {"application_id": plan.id, "scenario_id": scenario.pk})
                applied.append(scenario.name_zh)
            plan.times["applied_scenarios"] = chosen
        plan.times["scenario_names"] = scenario_names
        plan.times["applied"] = sorted(applied)
        self._figures(plan, complete)
        attachments = []
        sections = ["declaration_operations_sound", "declaration_secure_controllable",
                    "declaration_organisation_and_team"]
        if tier.min_maturity:
            sections.append("assessment_report")
        sections += [f"segment_{code}" for code in sorted(covered)][:2]
        if not complete:
            sections = sections[: rng.randint(0, len(sections))]
        name, size, sha = self.evidence
        for section in sections:
            uploaded = ctx.random_time(created, created + 2 * DAY)
            original = texts.ATTACHMENT_NAMES.get(section, f"{section}-证明材料.pdf")
            aid = self._add(Attachment, {
                "application_id": plan.id, "section": section, "original_name": original, "file": name,
                "content_type": "application/pdf", "size": size, "sha256": sha, "uploaded_by_id": firm.user_id,
                "uploaded_at": uploaded, "removed_at": None})
            attachments.append({"id": aid, "section": section, "original_name": original,
                                "content_type": "application/pdf", "size": size, "sha256": sha})
            ctx.audit_row(uploaded, firm.user_id, "applications.attachment_added", Application, plan.id, label,
                          after={"attachment": aid, "section": section, "name": original})
        plan.times["attachments"] = attachments
        plan.times["complete"] = complete

    # Before -> after of each indicator: (typical value before, relative change range, unit).
    INDICATOR_PLANS = {
        Indicator.PRODUCTION_EFFICIENCY: (120, (0.10, 0.45), "件/人·天"),
        Indicator.OPERATING_COST: (8000, (-0.30, -0.05), "万元/年"),
        Indicator.DEVELOPMENT_CYCLE: (180, (-0.45, -0.10), "天"),
        Indicator.DEFECT_RATE: (2.5, (-0.60, -0.10), "%"),
        Indicator.ENERGY_PER_OUTPUT: (0.45, (-0.25, -0.05), "吨标准煤/万元"),
    }

    def _figures(self, plan, complete):
        """The three years' finances (万元; now and then a loss) and the five indicators: all of them for a
        complete application, the first year only for an unfinished one."""
        rng = self.rng
        income = Decimal(rng.randrange(20_000, 900_000)) / 10
        financials, indicators = {}, {}
        for n, year in enumerate(years_for(plan.round)):
            if n and not complete:
                break
            income = (income * Decimal(str(1 + rng.uniform(-0.05, 0.15)))).quantize(Decimal("0.01"))
            profit = (income * Decimal(str(rng.uniform(-0.04, 0.12)))).quantize(Decimal("0.01"))
            rd = (income * Decimal(str(rng.uniform(0.01, 0.06)))).quantize(Decimal("0.01"))
            financials[year] = {"operating_income": income, "total_profit": profit, "rd_spending": rd}
            self._add(FinancialYear, {"application_id": plan.id, "year": year, **financials[year]})
        for key, (typical, (low, high), unit) in self.INDICATOR_PLANS.items() if complete else ():
            before = Decimal(str(round(typical * rng.uniform(0.6, 1.6), 2)))
            after = (before * Decimal(str(1 + rng.uniform(low, high)))).quantize(Decimal("0.01"))
            indicators[key.value] = {"before": before, "after": after, "unit": unit}
            self._add(OutcomeIndicator, {"application_id": plan.id, "indicator": key.value, **indicators[key.value]})
        plan.times["financials"] = {
            str(year): {name: decimal_text((financials.get(year) or {}).get(name)) for name in
                        ("operating_income", "total_profit", "rd_spending")} for year in years_for(plan.round)}
        plan.times["indicators"] = {
            i.value: {"before": decimal_text((indicators.get(i.value) or {}).get("before")),
                      "after": decimal_text((indicators.get(i.value) or {}).get("after")),
                      "unit": (indicators.get(i.value) or {}).get("unit", ""),
                      "change_percent": decimal_text(change_percent((indicators.get(i.value) or {}).get("before"),
                                                                    (indicators.get(i.value) or {}).get("after")))}
            for i in Indicator}

    def _content(self, plan, tier):
        complete = plan.times["complete"]
        level = (tier.min_maturity or 2) + self.rng.choice((0, 0, 1)) if complete else None
        assessed = plan.round.round.earliest_assessment_date + datetime.timedelta(days=self.rng.randint(30, 330))
        return {
            "maturity_level": level,
            # Art. 5 (5): most from the national platform, a score inside the level (illustrative numbers).
            "assessment_source": (self.rng.choice(("national_platform",) * 4 + ("third_party",))
                                  if complete else ""),
            "assessment_report_number": f"SD{assessed:%Y%m}{plan.id:06d}" if complete else "",
            "assessment_date": assessed if complete else None,
            "assessment_score": (Decimal(level) + Decimal(self.rng.randint(0, 70)) / 100) if complete else None,
            "declares_operations_sound": complete, "operations_sound_text":
                texts.DECLARATIONS["operations_sound"] if complete else "",
            "declares_secure_controllable": complete, "secure_controllable_text":
                texts.DECLARATIONS["secure_controllable"] if complete else "",
            "declares_organisation_and_team": complete, "organisation_and_team_text":
                texts.DECLARATIONS["organisation_and_team"] if complete else "",
            "outcomes": texts.OUTCOMES if complete else "",
        }

    def _version(self, plan, tier, number, at, pledge):
        content = plan.times.setdefault("content", self._content(plan, tier))
        round = plan.round
        covered = plan.times["covered"]
        names = plan.times["scenario_names"]
        snapshot = {
            "round": {"id": round.pk, "name": round.name},
            "tier": {"code": tier.code, "name_zh": tier.name_zh, "name_en": tier.name_en},
            "kind": Kind.SCENARIO if tier.is_scenario else Kind.TIER,
            "scenarios": plan.times["applied"],
            "maturity_level": content["maturity_level"],
            "maturity_assessment": {
                "source": content["assessment_source"], "report_number": content["assessment_report_number"],
                "date": content["assessment_date"].isoformat() if content["assessment_date"] else None,
                "score": str(content["assessment_score"]) if content["assessment_score"] is not None else None,
                "explanation": "",
            },
            "declarations": {key: {"declared": content[f"declares_{key}"], "text": content[f"{key}_text"]}
                             for key in ("operations_sound", "secure_controllable", "organisation_and_team")},
            "segments": {s.code: {"narrative": texts.NARRATIVES[s.code][0] if s.code in covered else "",
                                  "scenarios": names.get(s.code, []), "missing_justification": ""}
                         for s in self.ctx.segments},
            "financials": plan.times["financials"],
            "outcomes": content["outcomes"],
            "indicators": plan.times["indicators"],
            "pledge": {"by": plan.firm.username, "at": pledge[1].isoformat()},
            "attachments": plan.times["attachments"],
        }
        plan.times["last_submitted"] = at  # the application keeps its latest submission time
        return self._add(ApplicationVersion, {"application_id": plan.id, "number": number, "snapshot": snapshot,
                                              "submitted_by_id": plan.firm.user_id, "submitted_at": at})

    def _finish(self, plan, tier, created, last, version, pledge):
        content = plan.times.get("content") or self._content(plan, tier)
        withdrawn = plan.status == S.WITHDRAWN
        self._add(Application, {
            "id": plan.id, "enterprise_id": plan.firm.id, "city_id": plan.firm.city_id, "round_id": plan.round.pk,
            "tier_id": tier.pk,
            "kind": Kind.SCENARIO if tier.is_scenario else Kind.TIER, "status": plan.status, **content,
            "missing_segment_justifications": {},
            "pledge_accepted_by_id": pledge[0] if pledge else None, "pledge_accepted_at": pledge[1] if pledge else None,
            "current_version": version, "submitted_at": plan.times.get("last_submitted"), "withdrawal_reason": "企业经营计划调整，本批次暂不申报。" if withdrawn else "",
            "stop_reason": "本申请所需的基础级称号已被撤销（第十五条第四项）。" if plan.status == S.STOPPED else "",
            "created_by_id": plan.firm.user_id, "created_at": created, "updated_at": last,
        })
        plan.times = None  # the rest of the run needs none of it

    # --- the city's and the province's artefacts ---------------------------------------------------

    def _letter(self, city_id, round, tier, at, actor):
        key = (city_id, round.pk, tier.pk)
        if key in self.letters:
            return
        name, size, sha = self.evidence
        uploaded = min(at - datetime.timedelta(hours=2), round.city[0])
        self.letters[key] = self._add(RecommendationLetter, {
            "city_id": city_id, "round_id": round.pk, "tier_id": tier.pk, "file": name,
            "original_name": "推荐函.pdf", "size": size, "sha256": sha, "uploaded_by_id": actor,
            "uploaded_at": uploaded})
        self.ctx.audit_row(uploaded, actor, "review.recommendation_letter_uploaded", RecommendationLetter,
                           self.letters[key], "推荐函.pdf", after={"round": round.pk, "tier": tier.code},
                           essential=True)

    def _panel(self, plan, tier, at, actor, label):
        rng = self.rng
        experts = []
        while len(experts) < PANEL:
            expert = rng.choice(self.experts)
            if expert.city_id != plan.firm.city_id and expert not in experts:
                experts.append(expert)
        criteria = self.ctx.criteria[tier.pk]
        decided = plan.status not in (S.UNDER_REVIEW,)
        quality = rng.uniform(0.55, 0.95) if plan.status != S.REJECTED else rng.uniform(0.35, 0.65)
        for expert in experts:
            assignment_id = self._id(ExpertAssignment)
            submitted = decided or rng.random() < 0.5
            row = {"id": assignment_id, "application_id": plan.id, "expert_id": expert.id,
                   "assigned_by_id": actor, "assigned_at": at, "comment": "", "total": None, "submitted_at": None,
                   "withdrawn_at": None, "withdrawal_reason": ""}
            if submitted:
                items = []
                for criterion in criteria:
                    score = Decimal(round(min(criterion.max_score, max(0, criterion.max_score * rng.gauss(quality, 0.1))),
                                          1)).quantize(Decimal("0.1"))
                    self._add(CriterionScore, {"assignment_id": assignment_id, "criterion_id": criterion.pk,
                                               "score": score, "weight": criterion.weight,
                                               "max_score": criterion.max_score})
                    items.append((score, criterion.max_score, criterion.weight))
                done = at + datetime.timedelta(hours=rng.randint(2, 72))
                row.update(total=weighted_total(items), submitted_at=done, comment="材料完整，建设成效较为突出。")
                self.ctx.audit_row(done, expert.id, "review.scores_submitted", ExpertAssignment, assignment_id,
                                   f"#{assignment_id} · {plan.id}", after={"total": str(row["total"])},
                                   essential=True)
            self._add(ExpertAssignment, row)

    def _notice(self, round, tier, *, running):
        key = (round.pk, tier.pk, running)
        if key not in self.notices:
            starts, ends = round.running_notice if running else round.notice
            officer = self.rng.choice(self.officers)
            title = f"{round.year}年度{tier.name_zh}拟认定名单公示" + ("（第二批）" if running else "")
            published = _start_of(starts, self.ctx)
            notice_id = self._add(PublicNotice, {"round_id": round.pk, "tier_id": tier.pk, "title": title,
                                                 "starts_on": starts, "ends_on": ends, "published_by_id": officer.id,
                                                 "published_at": published})
            self.ctx.audit_row(published, officer.id, "review.notice_created", PublicNotice, notice_id, title,
                               after={"starts_on": starts.isoformat(), "ends_on": ends.isoformat()}, essential=True)
            self.notices[key] = notice_id
        return self.notices[key]

    def _objection(self, plan, round, notice_id, officer_id):
        rng = self.rng
        starts, ends = round.running_notice if plan.objection == "open" else round.notice
        received = starts + datetime.timedelta(days=rng.randint(0, (ends - starts).days))
        resolved = None if plan.objection == "open" else _start_of(ends, self.ctx) + datetime.timedelta(days=1)
        status = {"open": ObjectionStatus.OPEN, "dismissed": ObjectionStatus.DISMISSED,
                  "upheld": ObjectionStatus.UPHELD}[plan.objection]
        recorded = _start_of(received, self.ctx) + datetime.timedelta(hours=2)
        objection_id = self._add(Objection, {
            "notice_id": notice_id, "application_id": plan.id, "kind": ObjectionKind.PERSON,
            "objector_name": "张先生", "objector_contact": "138" + f"{rng.randrange(10**8):08d}",
            "received_on": received, "content": texts.OBJECTION_TEXT, "evidence": "", "evidence_name": "",
            "evidence_type": "", "status": status,
            "resolution": "" if resolved is None else ("经核实，异议成立。" if status == "upheld" else "经核实，异议不成立。"),
            "resolved_by_id": None if resolved is None else officer_id, "resolved_at": resolved,
            "recorded_by_id": officer_id, "recorded_at": recorded})
        self.ctx.audit_row(recorded, officer_id, "review.objection_recorded", Objection, objection_id,
                           f"Objection #{objection_id}", after={"status": "open"}, essential=True)
        if resolved is not None:
            self.ctx.audit_row(resolved, officer_id, f"review.objection_{status}", Objection, objection_id,
                               f"Objection #{objection_id}", before={"status": "open"}, after={"status": status},
                               essential=True)

    def rank(self):
        """Ranks 1..n of each city's list of a round and tier, in the order the city passed them."""
        for (city_id, round_id, tier_id), entries in self.rank_lists.items():
            for rank, (at, application_id, actor) in enumerate(sorted(entries), start=1):
                self._add(CityRanking, {"application_id": application_id, "city_id": city_id, "round_id": round_id,
                                        "tier_id": tier_id, "rank": rank, "ranked_by_id": actor, "ranked_at": at})


def _start_of(day, ctx):
    """09:00 local time of ``day``."""
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=tz)


def timezone_year(at):
    return _local_date(at).year


def _local_date(at):
    from django.utils import timezone

    return timezone.localtime(at).date()
