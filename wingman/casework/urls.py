from django.urls import path

from . import views

app_name = "casework"
urlpatterns = [
    path("journeys/<int:pk>/", views.journey_detail, name="journey"),
    path("journeys/<int:pk>/move/", views.journey_move, name="journey-move"),
    path("journeys/<int:pk>/custody/", views.journey_custody, name="journey-custody"),
    path("journeys/<int:pk>/rotl/new/", views.rotl_period_new, name="rotl-new"),
    path("rotl/<int:pk>/remove/", views.rotl_period_remove, name="rotl-remove"),
    path(
        "journeys/<int:pk>/checklist/<slug:item>/",
        views.checklist_item,
        name="checklist-item",
    ),
    path("clients/<int:client_pk>/contacts/new/", views.contact_new, name="contact-new"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("clients/<int:client_pk>/tasks/new/", views.task_new, name="task-new"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:pk>/complete/", views.task_complete, name="task-complete"),
    path(
        "clients/<int:client_pk>/partner-referrals/new/",
        views.partner_referral_new,
        name="partner-referral-new",
    ),
    path(
        "partner-referrals/<int:pk>/edit/",
        views.partner_referral_edit,
        name="partner-referral-edit",
    ),
    path("referrals/<int:pk>/", views.referral_detail, name="referral"),
    path("referrals/<int:pk>/<slug:decision>/", views.referral_decide, name="referral-decide"),
    path("clients/<int:pk>/allocate/", views.client_allocate, name="client-allocate"),
    path("clients/<int:pk>/take-on/", views.client_take_on, name="client-take-on"),
]
