def index_page_saved(sender, instance, created, **kwargs):
    """Event organisers add, edit and publish events under the events list."""
    if created:
        from portal.roles import EVENT_ORGANISERS, grant_page_permissions

        grant_page_permissions(
            EVENT_ORGANISERS, instance, "add_page", "change_page", "publish_page"
        )
