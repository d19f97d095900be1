from django_tasks import task


@task()
def import_spend_upload(upload_id):
    """Import a stored spend file in the background; the progress page follows it."""
    from spend.models import SpendUpload
    from spend.services import import_upload

    upload = SpendUpload.objects.filter(pk=upload_id, status=SpendUpload.Status.QUEUED).first()
    if upload is not None:
        import_upload(upload)
