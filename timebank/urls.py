from django.urls import path

from . import broker_views, views

app_name = "timebank"

urlpatterns = [
    path("timebank/", views.home, name="home"),
    path("timebank/join/", views.join, name="join"),
    path("timebank/listings/", views.listings, name="listings"),
    path("timebank/listings/new/", views.listing_form, name="listing_create"),
    path("timebank/listings/<int:pk>/", views.listing_detail, name="listing"),
    path("timebank/listings/<int:pk>/edit/", views.listing_form, name="listing_edit"),
    path("timebank/members/<int:pk>/message/", views.message_member, name="message"),
    path("timebank/messages/", views.inbox, name="messages"),
    path("timebank/exchanges/new/", views.exchange_create, name="exchange_create"),
    path("timebank/exchanges/<int:pk>/", views.exchange_detail, name="exchange"),
    path("timebank/statement/", views.statement_view, name="statement"),
    path("timebank/statement.csv", views.statement_csv, name="statement_csv"),
    path("timebank/donate/", views.donate, name="donate"),
    path("timebank/my-data.json", views.export_data, name="export"),
    path("timebank/close/", views.close, name="close"),
    path("timebank/broker/", broker_views.dashboard, name="broker"),
    path(
        "timebank/broker/applications/",
        broker_views.applications,
        name="broker_applications",
    ),
    path(
        "timebank/broker/applications/<int:pk>/",
        broker_views.application,
        name="broker_application",
    ),
    path("timebank/broker/exchanges/", broker_views.exchange_queue, name="broker_exchanges"),
    path(
        "timebank/broker/exchanges/<int:pk>/",
        broker_views.resolve_exchange,
        name="broker_resolve",
    ),
    path("timebank/broker/accounts/", broker_views.accounts, name="broker_accounts"),
    path(
        "timebank/broker/accounts/<int:pk>/limit/",
        broker_views.account_limit,
        name="broker_limit",
    ),
    path("timebank/broker/transfers/", broker_views.transfers, name="broker_transfers"),
    path(
        "timebank/broker/transfers/<int:pk>/reverse/",
        broker_views.reverse_view,
        name="broker_reverse",
    ),
    path("timebank/broker/reports/", broker_views.report, name="broker_report"),
    path("timebank/broker/reports.csv", broker_views.report_csv, name="broker_report_csv"),
]
