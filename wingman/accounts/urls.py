from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.code, name="code"),
    path("sign-in/enrol/", views.enrol, name="enrol"),
    path("sign-in/enrol/password/", views.enrol_password, name="enrol-password"),
    path("sign-in/set-up-code/", views.set_up_code, name="set-up-code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("enrolment-codes/", views.handovers, name="handovers"),
    path("enrolment-codes/<int:pk>/", views.handover, name="handover"),
]
