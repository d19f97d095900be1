#!/bin/sh
# The container's entrypoint: one word says which process this container is.
#   release    apply migrations (and rebuild the search index on a cluster); run once per release
#   web        gunicorn serving the portal (deploy/gunicorn.conf.py)
#   worker     the django-tasks worker: emails and spend imports
#   scheduler  the scheduled jobs in portal/schedule.py
#   check      Django's deployment checks
# Anything else runs as given, e.g. `python manage.py createsuperuser`.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

case "${1:-web}" in
  release)
    "$PYTHON" manage.py migrate --noinput
    if [ "${SEARCH_BACKEND:-database}" != "database" ]; then
      "$PYTHON" manage.py update_index
    fi
    ;;
  web)
    exec "${GUNICORN:-gunicorn}" portal.wsgi --config deploy/gunicorn.conf.py
    ;;
  worker)
    exec "$PYTHON" manage.py db_worker --queue-name '*' --no-reload
    ;;
  scheduler)
    exec "$PYTHON" manage.py run_schedule
    ;;
  check)
    exec "$PYTHON" manage.py check --deploy --fail-level WARNING
    ;;
  *)
    exec "$@"
    ;;
esac
