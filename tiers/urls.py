from django.urls import path

from . import city_round_views, views

app_name = "tiers"

urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/calendar/", city_round_views.calendar, name="city_round_calendar"),
    path("city-rounds/", city_round_views.city_round_list, name="city_rounds"),
    path("city-rounds/new/", city_round_views.city_round_create, name="city_round_create"),
    path("city-rounds/<int:pk>/edit/", city_round_views.city_round_edit, name="city_round_edit"),
    path("measures-extension/", views.extension, name="extension"),
    path("ladder/", views.tier_list, name="tier_list"),
    path("ladder/<int:pk>/edit/", views.tier_edit, name="tier_edit"),
    path("requirements/<int:pk>/edit/", views.requirement_edit, name="requirement_edit"),
    path("scenarios/", views.scenario_list, name="scenario_list"),
    path("scenarios/new/", views.scenario_create, name="scenario_create"),
    path("scenarios/<int:pk>/edit/", views.scenario_edit, name="scenario_edit"),
    path("guides/new/", views.guide_create, name="guide_create"),
    path("guides/load/", views.guide_load, name="guide_load"),
    path("guides/<int:pk>/edit/", views.guide_edit, name="guide_edit"),
    path("quotas/", views.quota_list, name="quota_list"),
    path("quotas/<int:pk>/", views.quota_plan, name="quota_plan"),
    path("quotas/<int:pk>/recompute/", views.quota_recompute, name="quota_recompute"),
    path("quotas/city/<int:pk>/override/", views.quota_override, name="quota_override"),
    path("my-quota/", views.my_quota, name="my_quota"),
]
