"""Remove what 0005 copied into the involvement tables: the delegation's leader and organisers,
agreement parties and signatories (and their history tables)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0005_copy_involvements"),
    ]

    operations = [
        migrations.RemoveField(model_name="delegation", name="leader"),
        migrations.RemoveField(model_name="historicaldelegation", name="leader"),
        migrations.RemoveField(model_name="delegation", name="organisers"),
        migrations.DeleteModel(name="Signatory"),
        migrations.DeleteModel(name="HistoricalSignatory"),
        migrations.DeleteModel(name="AgreementParty"),
        migrations.DeleteModel(name="HistoricalAgreementParty"),
    ]
