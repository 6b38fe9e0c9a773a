from .views import concerns, crisis, flags, rota

app_name = "safeguarding"
urlpatterns = [*concerns.urls, *flags.urls, *rota.urls, *crisis.urls]
