from django.urls import include, path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from spend import views

app_name = "spend_admin"

admin_urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("export.csv", views.ExportView.as_view(export_format="csv"), name="export_csv"),
    path("export.xlsx", views.ExportView.as_view(export_format="xlsx"), name="export_xlsx"),
    path("uploads/", views.UploadListView.as_view(), name="uploads"),
    path("uploads/<int:pk>/", views.UploadDetailView.as_view(), name="upload"),
    path("uploads/<int:pk>/columns/", views.MappingView.as_view(), name="mapping"),
    path("suppliers/", views.ReviewQueueView.as_view(), name="review_queue"),
    path("suppliers/<int:pk>/", views.SupplierReviewView.as_view(), name="supplier"),
]


@hooks.register("register_admin_urls")
def register_spend_admin_urls():
    return [path("spend/", include((admin_urlpatterns, app_name), namespace=app_name))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


spend_menu = Menu(
    items=[
        PermissionMenuItem(
            "Baseline dashboard",
            reverse_lazy("spend_admin:dashboard"),
            icon_name="table",
            order=100,
            permission=views.BASELINE_PERMISSION,
        ),
        PermissionMenuItem(
            "Upload spend files",
            reverse_lazy("spend_admin:uploads"),
            icon_name="upload",
            order=200,
            permission=views.UPLOAD_PERMISSION,
        ),
        PermissionMenuItem(
            "Suppliers to review",
            reverse_lazy("spend_admin:review_queue"),
            icon_name="tasks",
            order=300,
            permission=views.REVIEW_PERMISSION,
        ),
    ]
)


@hooks.register("register_admin_menu_item")
def register_spend_menu():
    return SubmenuMenuItem("Local spend", spend_menu, icon_name="table", order=650)
