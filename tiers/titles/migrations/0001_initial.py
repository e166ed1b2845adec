"""Titles, rename requests and certificates move here from ``tiers`` and ``review``: state only.

The tables stay as they are (each model keeps its ``db_table``), so no row moves; the content types
are relabelled so audit rows, permissions and admin history keep pointing at the same records.
"""

import uuid

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import portal.storage
import tiers.titles.models

MOVED = [("tiers", "title"), ("tiers", "historicaltitle"), ("tiers", "renamerequest"),
         ("review", "certificate"), ("review", "certificatecounter")]


def relabel_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_label, model in MOVED:
        if not ContentType.objects.filter(app_label="titles", model=model).exists():
            ContentType.objects.filter(app_label=old_label, model=model).update(app_label="titles")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old_label, model in MOVED:
        ContentType.objects.filter(app_label="titles", model=model).update(app_label=old_label)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_cities'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('review', '0003_province'),
        ('tiers', '0004_rename_requests'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                        migrations.CreateModel(
                            name='Title',
                            fields=[
                                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                                ('status', models.CharField(choices=[('active', 'Active'), ('superseded', 'Superseded'), ('revoked', 'Revoked')], default='active', max_length=20, verbose_name='status')),
                                ('enterprise_name', models.CharField(help_text='As recognized; a rename issues a new title.', max_length=120, verbose_name='enterprise name on the title')),
                                ('recognized_on', models.DateField(verbose_name='recognized on')),
                                ('source', models.CharField(blank=True, help_text="e.g. the application, the city filing, or MIIT's document number", max_length=200, verbose_name='source')),
                                ('revoked_on', models.DateField(blank=True, null=True, verbose_name='revoked on')),
                                ('revocation_ground', models.CharField(blank=True, choices=[('false_information', 'False information or other violations in the application (Art. 15 (1))'), ('terminated', 'The enterprise was legally terminated (Art. 15 (2))'), ('failed_monitoring', 'Failed operation monitoring after rectification (Art. 15 (3))'), ('major_accident', 'A major environmental, safety or quality accident (Art. 15 (4))'), ('other_violation', 'Other violation punished so that it no longer qualifies (Art. 15 (5))')], max_length=30, verbose_name='revocation ground')),
                                ('revocation_note', models.TextField(blank=True, verbose_name='revocation note')),
                                ('created_at', models.DateTimeField(auto_now_add=True)),
                                ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='titles', to='accounts.enterprise', verbose_name='enterprise')),
                                ('superseded_by', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='supersedes', to='titles.title', verbose_name='superseded by')),
                                ('tier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='titles', to='tiers.tier', verbose_name='tier')),
                            ],
                            options={
                                'verbose_name': 'title',
                                'verbose_name_plural': 'titles',
                                'db_table': 'tiers_title',
                                'ordering': ['-recognized_on', '-pk'],
                            },
                        ),
                        migrations.CreateModel(
                            name='HistoricalTitle',
                            fields=[
                                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                                ('status', models.CharField(choices=[('active', 'Active'), ('superseded', 'Superseded'), ('revoked', 'Revoked')], default='active', max_length=20, verbose_name='status')),
                                ('enterprise_name', models.CharField(help_text='As recognized; a rename issues a new title.', max_length=120, verbose_name='enterprise name on the title')),
                                ('recognized_on', models.DateField(verbose_name='recognized on')),
                                ('source', models.CharField(blank=True, help_text="e.g. the application, the city filing, or MIIT's document number", max_length=200, verbose_name='source')),
                                ('revoked_on', models.DateField(blank=True, null=True, verbose_name='revoked on')),
                                ('revocation_ground', models.CharField(blank=True, choices=[('false_information', 'False information or other violations in the application (Art. 15 (1))'), ('terminated', 'The enterprise was legally terminated (Art. 15 (2))'), ('failed_monitoring', 'Failed operation monitoring after rectification (Art. 15 (3))'), ('major_accident', 'A major environmental, safety or quality accident (Art. 15 (4))'), ('other_violation', 'Other violation punished so that it no longer qualifies (Art. 15 (5))')], max_length=30, verbose_name='revocation ground')),
                                ('revocation_note', models.TextField(blank=True, verbose_name='revocation note')),
                                ('created_at', models.DateTimeField(blank=True, editable=False)),
                                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                                ('history_date', models.DateTimeField(db_index=True)),
                                ('history_change_reason', models.CharField(max_length=100, null=True)),
                                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                                ('enterprise', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.enterprise', verbose_name='enterprise')),
                                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                                ('tier', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tiers.tier', verbose_name='tier')),
                                ('superseded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='titles.title', verbose_name='superseded by')),
                            ],
                            options={
                                'verbose_name': 'historical title',
                                'verbose_name_plural': 'historical titles',
                                'db_table': 'tiers_historicaltitle',
                                'ordering': ('-history_date', '-history_id'),
                                'get_latest_by': ('history_date', 'history_id'),
                            },
                            bases=(simple_history.models.HistoricalChanges, models.Model),
                        ),
                        migrations.CreateModel(
                            name='CertificateCounter',
                            fields=[
                                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                                ('year', models.PositiveSmallIntegerField()),
                                ('last', models.PositiveIntegerField(default=0)),
                                ('tier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tiers.tier')),
                            ],
                            options={
                                'verbose_name': 'certificate counter',
                                'verbose_name_plural': 'certificate counters',
                                'db_table': 'review_certificatecounter',
                                'constraints': [models.UniqueConstraint(fields=('tier', 'year'), name='one_certificate_counter_per_tier_year')],
                            },
                        ),
                        migrations.CreateModel(
                            name='RenameRequest',
                            fields=[
                                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                                ('group', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name='submitted together as')),
                                ('kind', models.CharField(choices=[('rename', 'Rename'), ('restructuring', 'Restructuring')], default='rename', max_length=20, verbose_name='kind')),
                                ('route', models.CharField(choices=[('city', 'The city bureau decides and files the decision with the province (Art. 16)'), ('province', 'Through the city bureau to the provincial department (Art. 16)'), ('miit', "Per MIIT's requirements, through the city bureau and the provincial department (Art. 16)")], max_length=20, verbose_name='route')),
                                ('status', models.CharField(choices=[('submitted', 'Submitted to the city bureau'), ('city_approved', 'Approved by the city bureau and filed with the province'), ('city_forwarded', 'Forwarded by the city bureau to the province'), ('approved', 'Approved'), ('rejected', 'Rejected')], default='submitted', max_length=20, verbose_name='status')),
                                ('old_name', models.CharField(max_length=120, verbose_name='name before')),
                                ('old_credit_code', models.CharField(max_length=18, verbose_name='credit code before')),
                                ('new_name', models.CharField(max_length=120, verbose_name='new name')),
                                ('new_credit_code', models.CharField(blank=True, help_text='Only for a restructuring that changed the unified social credit code.', max_length=18, verbose_name='new credit code')),
                                ('reason', models.TextField(verbose_name='reason')),
                                ('evidence', models.FileField(max_length=200, storage=portal.storage.private_storage, upload_to=tiers.titles.models.rename_evidence_path, verbose_name='evidence')),
                                ('evidence_name', models.CharField(max_length=255, verbose_name='file name')),
                                ('evidence_type', models.CharField(max_length=40, verbose_name='type')),
                                ('evidence_size', models.PositiveBigIntegerField(verbose_name='size')),
                                ('evidence_sha256', models.CharField(max_length=64)),
                                ('requested_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='requested at')),
                                ('city_decided_at', models.DateTimeField(blank=True, null=True, verbose_name='city decision at')),
                                ('city_note', models.TextField(blank=True, verbose_name="city bureau's note or reason")),
                                ('filed_at', models.DateTimeField(blank=True, help_text="Basic titles: the city's decision is filed with the provincial department (Art. 16).", null=True, verbose_name='filed with the province at')),
                                ('filing_acknowledged_at', models.DateTimeField(blank=True, null=True, verbose_name='filing acknowledged at')),
                                ('province_decided_at', models.DateTimeField(blank=True, null=True, verbose_name='provincial decision at')),
                                ('province_note', models.TextField(blank=True, verbose_name="provincial department's note or reason")),
                                ('miit_document_number', models.CharField(blank=True, max_length=100, verbose_name='MIIT document number')),
                                ('miit_document_date', models.DateField(blank=True, null=True, verbose_name='MIIT document date')),
                                ('city_decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='city decision by')),
                                ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rename_requests', to='accounts.enterprise', verbose_name='enterprise')),
                                ('filing_acknowledged_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='filing acknowledged by')),
                                ('province_decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='provincial decision by')),
                                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                                ('titles', models.ManyToManyField(related_name='rename_requests', to='titles.title', verbose_name='titles')),
                            ],
                            options={
                                'verbose_name': 'rename request',
                                'verbose_name_plural': 'rename requests',
                                'db_table': 'tiers_renamerequest',
                                'ordering': ['-requested_at', '-pk'],
                                'indexes': [models.Index(fields=['status', 'route'], name='tiers_renam_status_878713_idx')],
                                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('status', 'city_approved'), _negated=True), ('filed_at__isnull', False), _connector='OR'), name='rename_city_approval_is_filed'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'approved'), ('route', 'miit'), _negated=True), models.Q(models.Q(('miit_document_number', ''), _negated=True), ('miit_document_date__isnull', False)), _connector='OR'), name='rename_miit_approval_has_document')],
                            },
                        ),
                        migrations.CreateModel(
                            name='Certificate',
                            fields=[
                                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                                ('number', models.CharField(max_length=30, unique=True, verbose_name='certificate number')),
                                ('year', models.PositiveSmallIntegerField(verbose_name='year of issue')),
                                ('sequence', models.PositiveIntegerField(verbose_name='sequence')),
                                ('enterprise_name', models.CharField(max_length=120, verbose_name='enterprise name')),
                                ('credit_code', models.CharField(max_length=18, verbose_name='unified social credit code')),
                                ('issuing_authority', models.CharField(max_length=120, verbose_name='issuing authority')),
                                ('miit_document', models.CharField(blank=True, max_length=200, verbose_name='MIIT document')),
                                ('issued_on', models.DateField(verbose_name='issued on')),
                                ('status', models.CharField(choices=[('pending', 'Being prepared'), ('ready', 'Ready'), ('failed', 'Rendering failed')], default='pending', max_length=10, verbose_name='render status')),
                                ('file', models.FileField(blank=True, max_length=200, upload_to='certificates/', verbose_name='file')),
                                ('sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 of the file')),
                                ('file_size', models.PositiveIntegerField(blank=True, null=True, verbose_name='file size (bytes)')),
                                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='render attempts')),
                                ('last_error', models.TextField(blank=True, verbose_name='last render error')),
                                ('rendered_at', models.DateTimeField(blank=True, null=True, verbose_name='rendered at')),
                                ('validity', models.CharField(choices=[('valid', 'Valid'), ('superseded', 'Superseded'), ('revoked', 'Revoked')], default='valid', max_length=12, verbose_name='validity')),
                                ('validity_changed_on', models.DateField(blank=True, null=True, verbose_name='validity changed on')),
                                ('created_at', models.DateTimeField(auto_now_add=True)),
                                ('superseded_by', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='supersedes', to='titles.certificate', verbose_name='superseded by')),
                                ('tier', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tiers.tier', verbose_name='tier')),
                                ('title', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='titles.title', verbose_name='title')),
                            ],
                            options={
                                'verbose_name': 'certificate',
                                'verbose_name_plural': 'certificates',
                                'db_table': 'review_certificate',
                                'ordering': ['-issued_on', '-pk'],
                                'indexes': [models.Index(fields=['status'], name='review_cert_status_497bdd_idx')],
                                'constraints': [models.UniqueConstraint(fields=('tier', 'year', 'sequence'), name='certificate_sequence_unique'), models.UniqueConstraint(condition=models.Q(('validity', 'superseded'), _negated=True), fields=('title',), name='one_current_certificate_per_title'), models.CheckConstraint(condition=models.Q(models.Q(('validity', 'superseded'), _negated=True), ('superseded_by__isnull', False), _connector='OR'), name='superseded_certificate_names_successor'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'ready'), _negated=True), models.Q(models.Q(('file', ''), _negated=True), models.Q(('sha256', ''), _negated=True)), _connector='OR'), name='ready_certificate_has_file')],
                            },
                        ),
            ],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
