from django.urls import include, path

from . import broker_views, views

app_name = "timebank"

broker_urls = [
    path("", broker_views.dashboard, name="broker"),
    path("applications/", broker_views.applications, name="broker_applications"),
    path("applications/<int:pk>/", broker_views.application, name="broker_application"),
    path("exchanges/", broker_views.exchange_queue, name="broker_exchanges"),
    path("exchanges/<int:pk>/", broker_views.resolve_exchange, name="broker_resolve"),
    path("accounts/", broker_views.accounts, name="broker_accounts"),
    path("accounts/<int:pk>/limit/", broker_views.account_limit, name="broker_limit"),
    path("transfers/", broker_views.transfers, name="broker_transfers"),
    path("transfers/<int:pk>/reverse/", broker_views.reverse_view, name="broker_reverse"),
    path("reports/", broker_views.report, name="broker_report"),
    path("reports.csv", broker_views.report_csv, name="broker_report_csv"),
]

member_urls = [
    path("", views.home, name="home"),
    path("join/", views.join, name="join"),
    path("listings/", views.listings, name="listings"),
    path("listings/new/", views.listing_form, name="listing_create"),
    path("listings/<int:pk>/", views.listing_detail, name="listing"),
    path("listings/<int:pk>/edit/", views.listing_form, name="listing_edit"),
    path("members/<int:pk>/message/", views.message_member, name="message"),
    path("messages/", views.inbox, name="messages"),
    path("exchanges/new/", views.exchange_create, name="exchange_create"),
    path("exchanges/<int:pk>/", views.exchange_detail, name="exchange"),
    path("statement/", views.statement_view, name="statement"),
    path("statement.csv", views.statement_csv, name="statement_csv"),
    path("donate/", views.donate, name="donate"),
    path("my-data.json", views.export_data, name="export"),
    path("close/", views.close, name="close"),
    path("broker/", include(broker_urls)),
]

urlpatterns = [path("timebank/", include(member_urls))]
