# The portal's image: web (gunicorn), worker (celery) and beat (celery beat) all run it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORTAL_VAR_DIR=/data

# WeasyPrint's libraries (harfbuzz-subset makes Chinese PDFs 20x faster), a CJK font with a real bold
# for certificates (never fetched at run time), gettext for compilemessages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first, in their own layer: rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
      > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt

COPY . .
# Editable, so that the code (and BASE_DIR's templates, static and locale) stays in /app.
# Build-time settings only: the real SECRET_KEY comes from the environment at run time.
RUN pip install --no-deps -e . \
 && DEBUG=0 SECRET_KEY=build-time-only-not-a-secret python manage.py collectstatic --noinput -v0 \
 && DEBUG=0 SECRET_KEY=build-time-only-not-a-secret \
      python manage.py compilemessages -v0 -l zh_Hans --ignore=.venv --ignore=staticfiles \
 && DEBUG=0 SECRET_KEY=build-time-only-not-a-secret \
      python manage.py shell -c "from portal import pdf_font; assert pdf_font.ensure(), 'no PDF font copy'" \
 && useradd --system --uid 1000 --home-dir /app portal \
 && mkdir -p /data/private && chown -R portal /data

USER portal
# /data holds private files only without object storage (S3_BUCKET unset: one machine).
VOLUME ["/data"]
EXPOSE 8000
CMD ["gunicorn", "-c", "python:portal.gunicorn_conf", "portal.wsgi"]
