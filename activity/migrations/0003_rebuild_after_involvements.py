"""Recompute the derived activity tables once the involvements have their one shape (hosts,
leaders and organisers now count the same way everywhere, venues no longer count).

It runs the live code (activity.maintain.rebuild), which is what the tables are defined by; a
database without involvements (every new one) has nothing to rebuild and skips it, so later
schema changes cannot break a fresh ``migrate``.
"""

from django.db import migrations


def rebuild(apps, schema_editor):
    Participation = apps.get_model("events", "Participation")
    DelegationMember = apps.get_model("partnerships", "DelegationMember")
    Participant = apps.get_model("partnerships", "AgreementParticipant")
    if not any(m.objects.exists() for m in (Participation, DelegationMember, Participant)):
        return
    from activity import maintain

    maintain.rebuild()


class Migration(migrations.Migration):
    atomic = False  # rebuild() has its own transaction and vacuums after it

    dependencies = [
        ("activity", "0002_dashboard_indexes"),
        ("events", "0004_involvements"),
        ("partnerships", "0006_remove_old_involvements"),
        # rebuild() runs the live code, which reads the contact log's involvements too
        ("contacts", "0001_initial"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=False)]
