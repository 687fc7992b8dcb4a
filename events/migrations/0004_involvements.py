"""An event's hosts are its participations in the role ``host``: each organisation in
``Event.hosts`` without a host participation of its own (a person hosting for it, or the
organisation alone) becomes an organisation-only host participation; then ``hosts`` goes."""

import django.db.models.deletion
from django.db import migrations, models

HOST = "host"


def copy_hosts(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Participation = apps.get_model("events", "Participation")
    hosting = set(
        Participation.objects.filter(role=HOST).values_list("event_id", "organisation_id")
    )
    rows = []
    for link in Event.hosts.through.objects.order_by("pk").iterator():
        key = (link.event_id, link.organisation_id)
        if key not in hosting:
            hosting.add(key)
            rows.append(
                Participation(
                    event_id=link.event_id, organisation_id=link.organisation_id, role=HOST
                )
            )
    Participation.objects.bulk_create(rows, batch_size=2000)


def restore_hosts(apps, schema_editor):
    """Backwards: every organisation hosting is in ``hosts`` again; the organisation-only host
    rows this migration made go."""
    Event = apps.get_model("events", "Event")
    Participation = apps.get_model("events", "Participation")
    hosting = Participation.objects.filter(role=HOST, organisation__isnull=False)
    Event.hosts.through.objects.bulk_create(
        [
            Event.hosts.through(event_id=e, organisation_id=o)
            for e, o in set(hosting.values_list("event_id", "organisation_id"))
        ]
    )
    hosting.filter(person__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_event_search_text"),
        ("people", "0003_organisation_name_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalparticipation",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Für wen die Person dabei war, oder die Organisation allein.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="people.organisation",
                verbose_name="Organisation",
            ),
        ),
        migrations.AlterField(
            model_name="participation",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="Für wen die Person dabei war, oder die Organisation allein.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)ss",
                to="people.organisation",
                verbose_name="Organisation",
            ),
        ),
        migrations.AlterField(
            model_name="participation",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)ss",
                to="people.person",
                verbose_name="Person",
            ),
        ),
        migrations.RunPython(copy_hosts, restore_hosts, elidable=False),
        migrations.RemoveField(
            model_name="event",
            name="hosts",
        ),
    ]
