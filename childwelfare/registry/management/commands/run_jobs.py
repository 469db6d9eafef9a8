"""python manage.py run_jobs [--queue-name NAME] [--batch]: the background job worker (imports,
exports, the annual report's files: django-tasks-db's `db_worker`), kept running when the
database is locked for longer than the connection waits.

On SQLite one long write (a 120,000-row roster imported from the command line holds the write
lock for half a minute) made `db_worker` raise "database is locked" from the statement that
claims the next job, outside its own retry; its thread died while the process stayed up, and
every import and export after it stayed 排队中 for good (QA, issue 14). Here the worker runs
without the autoreloader, and a locked database restarts it after a pause: the job rows are
the queue, so nothing is lost. Any other error stops the command (exit status 1), to be
restarted by the service manager (systemd `Restart=always`, README)."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.utils import OperationalError
from django_tasks_db.utils import is_locked_database_exception

PAUSE_SECONDS = 2.0


class Command(BaseCommand):
    help = "后台任务（导入、导出）处理进程；数据库被长时间锁定时自动重启，不丢任务"

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*", help="处理的队列（默认全部）")
        parser.add_argument("--batch", action="store_true", help="处理完已排队的任务后退出")

    def handle(self, *args, queue_name: str = "*", batch: bool = False, **options):
        while True:
            try:
                call_command("db_worker", queue_name=queue_name, batch=batch, reload=False)
                return
            except OperationalError as exc:
                if not is_locked_database_exception(exc):
                    raise
                self.stderr.write(f"数据库被锁定（{exc}），{PAUSE_SECONDS:.0f} 秒后重新开始处理任务")
                time.sleep(PAUSE_SECONDS)
