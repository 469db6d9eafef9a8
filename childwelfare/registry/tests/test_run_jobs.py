"""`manage.py run_jobs` keeps the job worker going through a locked database (QA: on SQLite a
long command-line import made django-tasks-db's `db_worker` raise "database is locked" where
it claims the next job; its thread died and every later import and export stayed 排队中).
The worker is paused and started again; any other error stops the command."""

from __future__ import annotations

import io
from unittest import mock

from django.core.management import call_command
from django.db.utils import OperationalError
from django.test import TestCase, override_settings

from childwelfare.registry.management.commands import run_jobs


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class RunJobsTest(TestCase):
    def test_a_locked_database_pauses_the_worker_and_the_queued_job_still_runs(self):
        from django_tasks_db.management.commands import db_worker

        calls = []

        def locked_once(worker):
            # The worker's loop (the library's own) is not run here: it closes the test's
            # connection between jobs. Its first start meets a locked database.
            calls.append(worker)
            if len(calls) == 1:
                raise OperationalError("database is locked")

        out, err = io.StringIO(), io.StringIO()
        with (
            mock.patch.object(db_worker.Worker, "run", locked_once),
            mock.patch.object(run_jobs, "PAUSE_SECONDS", 0),
        ):
            call_command("run_jobs", "--batch", stdout=out, stderr=err)
        self.assertEqual(len(calls), 2)  # started again after the pause, then ended
        self.assertIn("数据库被锁定", err.getvalue())

    def test_any_other_database_error_stops_it(self):
        from django_tasks_db.management.commands import db_worker

        def broken(worker):
            raise OperationalError("no such table: django_tasks_database_dbtaskresult")

        with mock.patch.object(db_worker.Worker, "run", broken), self.assertRaises(OperationalError):
            call_command("run_jobs", "--batch", stdout=io.StringIO(), stderr=io.StringIO())
