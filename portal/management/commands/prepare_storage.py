"""manage.py prepare_storage: create the private bucket when S3 storage is configured and it is missing
(idempotent; docker-compose.yml's migrate step runs it). On the local disk: make the directory."""
from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the private storage's bucket (S3) or directory (local disk) when missing."

    def handle(self, *args, **options):
        storage = storages["private"]
        if not getattr(settings, "S3_BUCKET", ""):
            settings.PRIVATE_MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
            self.stdout.write(f"Private files on the local disk: {settings.PRIVATE_MEDIA_ROOT}")
            return
        client = storage.connection.meta.client
        try:
            client.head_bucket(Bucket=storage.bucket_name)
            self.stdout.write(f"Bucket {storage.bucket_name} exists.")
        except client.exceptions.ClientError:
            client.create_bucket(Bucket=storage.bucket_name)
            self.stdout.write(f"Bucket {storage.bucket_name} created.")
