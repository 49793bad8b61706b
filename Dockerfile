# The 随县 portal as one image: gunicorn serves it (`web`), and the same image
# runs the Celery worker, beat and migrations (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=govsite.settings.production \
    GUNICORN_WORKERS=3

# A writable home: gunicorn puts its control socket in ~/.gunicorn/.
RUN groupadd --system govsite \
    && useradd --system --gid govsite --create-home --home-dir /home/govsite \
        --shell /usr/sbin/nologin govsite

WORKDIR /app

# Dependencies first so a code change does not reinstall them.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# collectstatic only imports the settings: the values below satisfy the
# production module at build time and are not kept in the image. media/ and
# var/ become named volumes that start with this ownership.
RUN SECRET_KEY=build-only-collectstatic-not-used-at-runtime \
        ALLOWED_HOSTS=localhost \
        DATABASE_URL=sqlite:////tmp/build.sqlite3 \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/media /app/media-private /app/var \
    && chown govsite:govsite /app/media /app/media-private /app/var

USER govsite

EXPOSE 8000

# Only asks whether gunicorn accepts connections: an HTTP probe would need a
# host from ALLOWED_HOSTS and HTTPS from the proxy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import socket; socket.create_connection(('127.0.0.1', 8000), 3).close()"]

CMD ["sh", "-c", "exec gunicorn govsite.wsgi:application --bind 0.0.0.0:8000 --workers \"${GUNICORN_WORKERS:-3}\" --access-logfile - --error-logfile -"]
