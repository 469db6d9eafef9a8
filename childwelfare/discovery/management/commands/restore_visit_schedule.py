"""manage.py restore_visit_schedule [--colour red ...]: re-write every child's stored next
visit date and latest colour (Child.next_visit_due, Child.latest_colour) from the visits,
assessments and interval settings, in one UPDATE. Run after changing VisitInterval rows other
than through the admin (which does this itself), or after loading visits with SQL."""

from django.core.management.base import BaseCommand
from django.db import transaction

from childwelfare.discovery.choices import Colour
from childwelfare.discovery.schedule import restore_schedule


class Command(BaseCommand):
    help = "Re-write the stored visit schedule (next due date, latest colour) of every child."

    def add_arguments(self, parser):
        parser.add_argument(
            "--colour",
            action="append",
            choices=Colour.values,
            help="only the children of this colour (green includes the never assessed); repeatable",
        )

    def handle(self, *args, colour=None, **options):
        with transaction.atomic():
            count = restore_schedule(colour)
        self.stdout.write(f"{count} children updated")
