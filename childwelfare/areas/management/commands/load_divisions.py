from django.core.management.base import BaseCommand

from childwelfare.areas.services import load_divisions


class Command(BaseCommand):
    help = "载入国家统计局行政区划（省、市、区县、乡镇街道）。Load the bundled administrative divisions."

    def add_arguments(self, parser):
        parser.add_argument("--prefix", default="", help="只载入此代码下的区划，如 3201（南京市）")

    def handle(self, *args, prefix: str = "", **options):
        created = load_divisions(prefix=prefix)
        self.stdout.write(f"新增行政区划 {created} 个")
