"""Personas shared by every test: an enterprise in 济南, officials of 济南 and 青岛 (the 青岛 one is
always refused on 济南's work), an expert, a provincial officer and an admin."""
import os

import pytest

from tests.factories import PASSWORD, EnterpriseFactory, EnterpriseUserFactory, UserFactory, city

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + ORM in browser tests

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache: each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def jinan(db):
    return city("370100")


@pytest.fixture
def qingdao(db):
    return city("370200")


@pytest.fixture
def enterprise(db, jinan):
    return EnterpriseFactory(city=jinan, name="济南智造装备有限公司")


@pytest.fixture
def enterprise_user(enterprise):
    return EnterpriseUserFactory(username="jinan_enterprise", enterprise=enterprise)


@pytest.fixture
def other_enterprise_user(qingdao):
    from tests.factories import make_credit_code

    other = EnterpriseFactory(city=qingdao, name="青岛海洋智能制造有限公司", credit_code=make_credit_code("370202", 99))
    return EnterpriseUserFactory(username="qingdao_enterprise", enterprise=other)


@pytest.fixture
def jinan_official(jinan):
    return UserFactory(username="jinan_official", city_official=True, city=jinan)


@pytest.fixture
def qingdao_official(qingdao):
    return UserFactory(username="qingdao_official", city_official=True, city=qingdao)


@pytest.fixture
def provincial_officer(db):
    return UserFactory(username="province_officer", provincial_officer=True)


@pytest.fixture
def expert(db):
    return UserFactory(username="expert_one", expert=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="portal_admin", admin=True)


@pytest.fixture
def client_for(client):
    """``client_for(user)``: a test client logged in as ``user``."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


# Browser tests: pytest-playwright drives Debian's Chromium (Playwright cannot download its own here).
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            "args": CHROMIUM_ARGS, "headless": True}


# --- private storage backends ------------------------------------------------------------------------
# ``private_backend`` runs a test once on the local disk and once on S3-compatible object storage: the
# SeaweedFS server that .ci/run starts (S3_TEST_ENDPOINT_URL). Without it the S3 run is skipped.

@pytest.fixture(scope="session")
def s3_bucket():
    endpoint = os.environ.get("S3_TEST_ENDPOINT_URL")
    if not endpoint:
        pytest.skip("needs S3_TEST_ENDPOINT_URL (an S3-compatible server; .ci/run starts SeaweedFS)")

    import boto3

    # One bucket for every test session (a bucket is a SeaweedFS collection, with volumes of its own);
    # each test works under a prefix of its own (``private_backend``).
    bucket = "portal-tests"
    client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test",
                          region_name="us-east-1")
    # A server that has just started answers before its volumes take writes: wait for a first write.
    import time

    from botocore.exceptions import ClientError

    deadline = time.monotonic() + 60
    while True:
        try:
            try:
                client.create_bucket(Bucket=bucket)
            except (client.exceptions.BucketAlreadyOwnedByYou, client.exceptions.BucketAlreadyExists):
                pass
            client.put_object(Bucket=bucket, Key=f"probe-{os.getpid()}", Body=b"ok")
            client.delete_object(Bucket=bucket, Key=f"probe-{os.getpid()}")
            break
        except ClientError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    return {"endpoint": endpoint, "bucket": bucket, "client": client}


@pytest.fixture(params=["local", "s3"])
def private_backend(request, settings, tmp_path):
    """Private storage on the local disk (a fresh directory) or in a fresh prefix-isolated S3 bucket."""
    from portal.settings import s3_storage_options

    if request.param == "local":
        settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
        settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT
        settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "portal.storage.PrivateStorage"}}
        return "local"
    s3 = request.getfixturevalue("s3_bucket")
    options = s3_storage_options(s3["bucket"], s3["endpoint"], "test", "test", "us-east-1")
    options["location"] = f"t-{os.urandom(6).hex()}"  # each test sees only its own objects
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "portal.storage_s3.PrivateS3Storage",
                                                          "OPTIONS": options}}
    return "s3"
