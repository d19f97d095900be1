from django.urls import path
from wagtail import hooks

from portal.admin_views import admin_urls, permission_submenu
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
    return admin_urls("spend/", app_name, admin_urlpatterns)


@hooks.register("register_admin_menu_item")
def register_spend_menu():
    return permission_submenu(
        "Local spend",
        icon_name="table",
        order=650,
        items=[
            ("Baseline dashboard", "spend_admin:dashboard", "table", views.BASELINE_PERMISSION),
            ("Upload spend files", "spend_admin:uploads", "upload", views.UPLOAD_PERMISSION),
            ("Suppliers to review", "spend_admin:review_queue", "tasks", views.REVIEW_PERMISSION),
        ],
    )
