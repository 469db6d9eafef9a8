"""manage.py recompute_name_keys: rewrite the children's stored pinyin search and sort keys
after their definition (lib.pinyin) changed."""

from django.core.management.base import BaseCommand

from childwelfare.registry.models import Child
from childwelfare.registry.name_keys import recompute_name_keys


class Command(BaseCommand):
    help = "Recompute the stored pinyin search and sort keys of every child (lib.pinyin.name_keys)."

    def handle(self, *args, **options):
        updated = recompute_name_keys(Child)
        self.stdout.write(f"{updated} children updated")
