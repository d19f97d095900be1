app_name = "spend"

urlpatterns = []
