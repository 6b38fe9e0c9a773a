from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("clients/<int:client_pk>/plan/", views.client_plan, name="client-plan"),
    path("clients/<int:client_pk>/plan/start/", views.plan_start, name="plan-start"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/review/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/goals/new/", views.goal_new, name="goal-new"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal-edit"),
    path("goals/<int:pk>/actions/new/", views.action_new, name="action-new"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/status/", views.action_status, name="action-status"),
    path("actions/<int:pk>/links/", views.action_links, name="action-links"),
    path("plans/<int:pk>/my-plan/", views.my_plan, name="my-plan"),
    path("plans/<int:pk>/my-plan.pdf", views.my_plan_download, name="my-plan-pdf"),
]
