"""One shape of involvement: agreement participants (parties and signatories in one table),
delegation members in their final form. The rows are copied in 0005; 0006 removes the old
places (Delegation.leader and .organisers, AgreementParty, Signatory)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0003_search_text'),
        ('people', '0003_organisation_name_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='delegationmember',
            name='organisation',
            field=models.ForeignKey(blank=True, help_text='Für wen die Person dabei war, oder die Organisation allein.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='people.organisation', verbose_name='Organisation'),
        ),
        migrations.AlterField(
            model_name='delegationmember',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='people.person', verbose_name='Person'),
        ),
        migrations.AlterField(
            model_name='delegationmember',
            name='role',
            field=models.CharField(choices=[('leader', 'Leitung'), ('member', 'Mitglied'), ('organiser', 'Organisator/in')], default='member', max_length=10, verbose_name='Rolle'),
        ),
        migrations.AlterField(
            model_name='historicaldelegationmember',
            name='organisation',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Für wen die Person dabei war, oder die Organisation allein.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.organisation', verbose_name='Organisation'),
        ),
        migrations.AlterField(
            model_name='historicaldelegationmember',
            name='role',
            field=models.CharField(choices=[('leader', 'Leitung'), ('member', 'Mitglied'), ('organiser', 'Organisator/in')], default='member', max_length=10, verbose_name='Rolle'),
        ),
        migrations.CreateModel(
            name='AgreementParticipant',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='angelegt am')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='geändert am')),
                ('role_title', models.CharField(blank=True, max_length=200, verbose_name='Funktion damals')),
                ('role', models.CharField(choices=[('party', 'Vertragspartei'), ('signatory', 'Unterzeichner/in')], default='party', max_length=10, verbose_name='Rolle')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participants', to='partnerships.agreement', verbose_name='Vereinbarung')),
                ('organisation', models.ForeignKey(blank=True, help_text='Für wen die Person dabei war, oder die Organisation allein.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='people.organisation', verbose_name='Organisation')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)ss', to='people.person', verbose_name='Person')),
            ],
            options={
                'verbose_name': 'Vertragspartei oder Unterzeichner/in',
                'verbose_name_plural': 'Vertragsparteien und Unterzeichnende',
                'ordering': ['agreement', 'role', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalAgreementParticipant',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='angelegt am')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='geändert am')),
                ('role_title', models.CharField(blank=True, max_length=200, verbose_name='Funktion damals')),
                ('role', models.CharField(choices=[('party', 'Vertragspartei'), ('signatory', 'Unterzeichner/in')], default='party', max_length=10, verbose_name='Rolle')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agreement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnerships.agreement', verbose_name='Vereinbarung')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, db_constraint=False, help_text='Für wen die Person dabei war, oder die Organisation allein.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.organisation', verbose_name='Organisation')),
                ('person', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='people.person', verbose_name='Person')),
            ],
            options={
                'verbose_name': 'historical Vertragspartei oder Unterzeichner/in',
                'verbose_name_plural': 'historical Vertragsparteien und Unterzeichnende',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name='agreementparticipant',
            index=models.Index(fields=['organisation', 'agreement'], name='agreementpart_org_idx'),
        ),
        migrations.AddIndex(
            model_name='agreementparticipant',
            index=models.Index(fields=['person', 'agreement'], name='agreementpart_person_idx'),
        ),
        migrations.AddConstraint(
            model_name='agreementparticipant',
            constraint=models.CheckConstraint(condition=models.Q(('person__isnull', False), ('organisation__isnull', False), _connector='OR'), name='agreementparticipant_person_or_organisation'),
        ),
        migrations.AddConstraint(
            model_name='agreementparticipant',
            constraint=models.UniqueConstraint(condition=models.Q(('person__isnull', False)), fields=('agreement', 'person', 'role'), name='agreementparticipant_unique_person_role'),
        ),
        migrations.AddConstraint(
            model_name='agreementparticipant',
            constraint=models.UniqueConstraint(condition=models.Q(('person__isnull', True)), fields=('agreement', 'organisation', 'role'), name='agreementparticipant_unique_organisation_role'),
        ),
        migrations.AddConstraint(
            model_name='agreementparticipant',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('person__isnull', True), ('role', 'party')), models.Q(('organisation__isnull', False), ('person__isnull', False), ('role', 'signatory')), _connector='OR'), name='agreementparticipant_party_or_signatory'),
        ),
    ]
