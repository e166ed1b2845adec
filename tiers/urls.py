from django.urls import path

from . import views, views_renames, views_titles

app_name = "tiers"

urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("measures-extension/", views.extension, name="extension"),
    path("ladder/", views.tier_list, name="tier_list"),
    path("ladder/<int:pk>/edit/", views.tier_edit, name="tier_edit"),
    path("requirements/<int:pk>/edit/", views.requirement_edit, name="requirement_edit"),
    path("scenarios/", views.scenario_list, name="scenario_list"),
    path("scenarios/new/", views.scenario_create, name="scenario_create"),
    path("scenarios/<int:pk>/edit/", views.scenario_edit, name="scenario_edit"),
    path("guides/new/", views.guide_create, name="guide_create"),
    path("guides/<int:pk>/edit/", views.guide_edit, name="guide_edit"),
    path("quotas/", views.quota_list, name="quota_list"),
    path("quotas/<int:pk>/", views.quota_plan, name="quota_plan"),
    path("quotas/<int:pk>/recompute/", views.quota_recompute, name="quota_recompute"),
    path("quotas/city/<int:pk>/override/", views.quota_override, name="quota_override"),
    path("my-quota/", views.my_quota, name="my_quota"),
    # Titles after recognition: revocation (Art. 15) and renames (Art. 16).
    path("titles/", views_titles.title_list, name="title_list"),
    path("titles/<int:pk>/", views_titles.title_detail, name="title_detail"),
    path("titles/<int:pk>/revoke/", views_titles.title_revoke_confirm, name="title_revoke_confirm"),
    path("titles/<int:pk>/revoke/confirm/", views_titles.title_revoke, name="title_revoke"),
    path("renames/", views_renames.rename_list, name="rename_list"),
    path("renames/new/", views_renames.rename_create, name="rename_create"),
    path("renames/city/", views_renames.rename_queue, name="rename_queue"),
    path("renames/province/", views_renames.rename_province, name="rename_province"),
    path("renames/<int:pk>/", views_renames.rename_detail, name="rename_detail"),
    path("renames/<int:pk>/evidence/", views_renames.rename_evidence, name="rename_evidence"),
    path("renames/<int:pk>/<slug:step>/", views_renames.rename_step_confirm, name="rename_step_confirm"),
    path("renames/<int:pk>/<slug:step>/confirm/", views_renames.rename_step, name="rename_step"),
]
