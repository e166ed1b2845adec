"""Private file storage: uploaded evidence, letters, MIIT documents and issued certificates.

Files live under PRIVATE_MEDIA_ROOT, which no URL serves; each app serves its files through a view
that checks the requester may see them.
"""
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """The location is read from settings on every use, so a changed setting (tests, deployments) applies."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


_PRIVATE_STORAGE = PrivateStorage()


def private_storage():
    return _PRIVATE_STORAGE
