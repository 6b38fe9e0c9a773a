from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.code, name="code"),
    path("sign-in/set-up-code/", views.set_up_code, name="set-up-code"),
    path("sign-out/", views.sign_out, name="sign-out"),
]
