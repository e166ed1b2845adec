"""Private files in an S3-compatible bucket (SeaweedFS, MinIO, a cloud's object store), through
django-storages. A module of its own, named only in settings.STORAGES when S3_BUCKET is set, so that a
portal on the local disk never imports boto3 (a quarter of a second at every process start)."""
from typing import Any

from storages.backends.s3 import S3Storage

from .storage import TransactionalFilesMixin


class PrivateS3Storage(TransactionalFilesMixin, S3Storage):
    """Private objects, never overwritten, reached only through the portal."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("default_acl", None)
        kwargs.setdefault("file_overwrite", False)
        kwargs.setdefault("querystring_auth", True)
        super().__init__(**kwargs)
