from .views import concerns

app_name = "safeguarding"
urlpatterns = [*concerns.urls]
