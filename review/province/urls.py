"""The province's and the experts' pages, included at /review/province/ in the namespace "review"."""
from django.urls import path

from . import expert_views
from . import views as province_views

urlpatterns = [
    path("inbox/", province_views.inbox, name="province_inbox"),
    path("applications/<int:pk>/", province_views.application_review, name="province_application"),
    path("applications/<int:pk>/experts/", province_views.assign_experts, name="assign_experts"),
    path("applications/<int:pk>/experts/add/", province_views.add_expert, name="add_expert"),
    path("applications/<int:pk>/experts/<int:assignment_pk>/withdraw/", province_views.withdraw_assignment,
         name="withdraw_assignment"),
    path("applications/<int:pk>/miit/<str:result>/", province_views.miit_outcome, name="miit_outcome"),
    path("applications/<int:pk>/miit-document/", province_views.miit_document, name="miit_document"),
    path("ranking/", province_views.ranking_view, name="ranking"),
    path("notices/", province_views.notices, name="notices"),
    path("notices/new/", province_views.notice_new, name="notice_new"),
    path("notices/<int:pk>/", province_views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/objections/new/", province_views.objection_new, name="objection_new"),
    path("objections/<int:pk>/resolve/", province_views.objection_resolve, name="objection_resolve"),
    path("objections/<int:pk>/evidence/", province_views.objection_evidence, name="objection_evidence"),
    path("rubric/", province_views.rubric, name="rubric"),
    path("scores-missing/", expert_views.scores_missing, name="scores_missing"),
    path("conflicts/", expert_views.conflicts, name="conflicts"),
    path("expert/", expert_views.assignments, name="expert_assignments"),
    path("expert/<int:pk>/", expert_views.score, name="expert_score"),
    path("expert/<int:pk>/submit/", expert_views.submit, name="expert_submit"),
]
