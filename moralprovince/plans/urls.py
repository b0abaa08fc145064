from django.urls import path

from moralprovince.plans import views

app_name = "plans"
year = "provinces/<str:code>/plans/<int:fy>/"
urlpatterns = [
    path(year, views.year, name="year"),
    path(f"{year}integration/", views.integration, name="integration"),
    path(f"{year}new/", views.plan_create, name="plan-create"),
    path(f"{year}export.xlsx", views.year_export, name="year-export"),
    path(f"{year}import/", views.year_import, name="year-import"),
    path(f"{year}declarations/new/", views.declaration_edit, name="declaration-create"),
    path(f"{year}targets/new/", views.target_edit, name="target-create"),
    path("declarations/<int:pk>/", views.declaration, name="declaration"),
    path("declarations/<int:pk>/edit/", views.declaration_edit, name="declaration-edit"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target-edit"),
    path("commitments/<str:kind>/<int:pk>/remove/", views.unit_row_delete, name="unit-row-delete"),
    path("plans/<int:plan_id>/", views.plan, name="plan"),
    path("plans/<int:plan_id>/export.xlsx", views.plan_export, name="plan-export"),
    path("plans/<int:plan_id>/plan.pdf", views.plan_pdf, name="plan-pdf"),
    path("plans/<int:plan_id>/review/<str:action>/", views.plan_review, name="plan-review"),
    path("plans/<int:plan_id>/goals/new/", views.goal_edit, name="goal-create"),
    path("plans/<int:plan_id>/activities/new/", views.activity_edit, name="activity-create"),
    path("goals/<int:goal_id>/edit/", views.goal_edit, name="goal-edit"),
    path("activities/<int:activity_id>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<int:activity_id>/budget/new/", views.budget_edit, name="budget-create"),
    path("budget/<int:line_id>/edit/", views.budget_edit, name="budget-edit"),
    path("plan-items/<str:kind>/<int:pk>/delete/", views.delete, name="delete"),
]
