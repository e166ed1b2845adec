"""Private files in an S3-compatible bucket (SeaweedFS, MinIO, a cloud's object store), through
django-storages. A module of its own, named only in settings.STORAGES when S3_BUCKET is set, so that a
portal on the local disk never imports boto3 (a quarter of a second at every process start)."""
from typing import Any

from botocore import exceptions as boto_errors
from botocore.config import Config
from storages.backends.s3 import S3Storage

from .storage import TransactionalFilesMixin


class PrivateS3Storage(TransactionalFilesMixin, S3Storage):
    """Private objects, never overwritten, reached only through the portal."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("default_acl", None)
        kwargs.setdefault("file_overwrite", False)
        kwargs.setdefault("querystring_auth", True)
        super().__init__(**kwargs)
        # A store that is down answers within seconds (a "try again" page), not after botocore's
        # default of a minute's connect timeout, five times.
        self.client_config = self.client_config.merge(Config(  # type: ignore[has-type]
            connect_timeout=3, retries={"max_attempts": 3, "mode": "standard"}))

    def is_unavailable(self, exc: BaseException) -> bool:
        """Unreachable (connection refused, timed out, closed) or answering 5xx (SlowDown, unavailable)."""
        if isinstance(exc, boto_errors.ConnectionError | boto_errors.HTTPClientError):
            return True
        if isinstance(exc, boto_errors.ClientError):
            return int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0) >= 500
        return super().is_unavailable(exc)
