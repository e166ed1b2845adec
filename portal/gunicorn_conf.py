"""gunicorn's settings: ``gunicorn -c python:portal.gunicorn_conf portal.wsgi`` (docker-compose.yml,
the Dockerfile and the README's production commands). Each can be changed by an environment variable.

Sizing, measured with benchmarks/pages.py at provincial scale: a page costs 15-120 ms of CPU, the
register's full JSON export (1.6 MB, streamed) about 250 ms; the slowest request anyone makes is an
Excel export of a province-wide list, a few seconds. The 60 s timeout is far above that and below what
a user waits before retrying; worker processes, not threads, because the work is CPU (templates, PDF
checks) and threads would share one core under the GIL.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Two processes per core and one: the usual figure for CPU-bound Django with a short wait on the database.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))  # a deploy lets requests finish
keepalive = 5  # behind a load balancer that keeps connections open
# A worker is replaced after this many requests (jittered so they do not all restart together):
# bounds slow memory growth over months of uptime.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Heartbeat files in memory, not on a container's overlay disk (gunicorn's advice for Docker).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = "-"
errorlog = "-"
# The request id (portal.request_id) in every access line, to follow a request into the app's logs.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms rid=%({x-request-id}o)s'
# The proxy in front sets X-Forwarded-For/-Proto; trust it only from the addresses given.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
