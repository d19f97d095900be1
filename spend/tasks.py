from django_tasks import task


@task()
def import_spend_upload(upload_id):
    """Import a stored spend file in the background; the progress page follows it."""
    from spend.services import run_queued_import

    run_queued_import(upload_id)
