"""``manage.py send_reminders [--days N] [--dry-run]``: mail each reader their due and overdue
follow-ups and the agreements ending soon (run daily from cron or a systemd timer)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from reports.reminders import message, reminders


class Command(BaseCommand):
    help = (
        "Sendet jeder Person mit Rolle und E-Mail-Adresse ihre fälligen Wiedervorlagen und die "
        "bald auslaufenden Vereinbarungen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=7, help="Auch was in so vielen Tagen fällig wird (7)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Nur zeigen, an wen.")

    def handle(self, *args, days, dry_run, **options):
        today = timezone.localdate()
        sent = 0
        for reminder in reminders(today, days):
            mail = message(reminder, today, settings.LANGUAGE_CODE)
            if dry_run:
                self.stdout.write(f"{reminder.user.email}: {mail.subject}")
                continue
            mail.send()
            sent += 1
        if not dry_run:
            self.stdout.write(self.style.SUCCESS(f"{sent} Erinnerung(en) verschickt."))
