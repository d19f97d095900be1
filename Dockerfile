# syntax=docker/dockerfile:1
# The production image: `docker compose up` (compose.yaml) runs it as web, worker and
# scheduler, after a release step that migrates. Node is used only to build the stylesheet.

# 1. The stylesheet and script, built from GOV.UK Frontend.
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY portal/static_src portal/static_src
RUN mkdir -p portal/static/portal/css portal/static/govuk/assets \
 && npx sass --quiet --load-path=node_modules --no-source-map --style=compressed \
      portal/static_src/portal.scss portal/static/portal/css/portal.css \
 && cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js portal/static/govuk/ \
 && cp -R node_modules/govuk-frontend/dist/govuk/assets/images portal/static/govuk/assets/

# 2. The Python dependencies, exactly as locked (hashes checked), without the test extras.
FROM python:3.11-slim-bookworm AS python
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.lock /tmp/requirements.lock
RUN /venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock

# 3. The image that runs: the code, the dependencies and the collected static files.
FROM python:3.11-slim-bookworm
RUN apt-get update \
 && apt-get install -y --no-install-recommends flite libpq5 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin portal
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    MEDIA_ROOT=/data/media \
    PRIVATE_MEDIA_ROOT=/data/private-media \
    PORTAL_PAGE_CACHE_DIR=/tmp/page-cache \
    PORT=8000
WORKDIR /app
COPY --from=python /venv /venv
COPY --chown=root:root . /app
COPY --from=assets /build/portal/static/ /app/portal/static/
# collectstatic reads settings only: placeholder values, never used at run time.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgres://collectstatic@localhost/none \
    python manage.py collectstatic --noinput --verbosity 0 \
 && mkdir -p /data/media /data/private-media \
 && chown portal:portal /data/media /data/private-media
USER portal
VOLUME ["/data/media", "/data/private-media"]
EXPOSE 8000
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["web"]
