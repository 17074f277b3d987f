"""`manage.py run_worker`: django-tasks-db's worker, made to survive a database restart.

The stock `db_worker` exits on the first OperationalError, and a task it was running stays
RUNNING for good. This worker instead:

- on a database error anywhere (claiming, running, recording), closes its connections,
  waits with a capped back-off until the database answers again, puts the task it was
  running back in the queue, and carries on;
- a task that raised a database error is re-queued, not marked failed (the database,
  not the task, was at fault);
- every `--stale-check` seconds (and at start) re-queues tasks RUNNING for longer than
  `TASKS_STALE_AFTER` seconds, left by a worker that died (see trustbeat/lib/tasks.py).

It is still run under a supervisor (systemd `Restart=always`, docs/deploy.md) for the
failures no loop survives (out of memory, a kill).
"""

from __future__ import annotations

import logging
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from trustbeat.lib.tasks import release_task, requeue_stale_tasks

logger = logging.getLogger("trustbeat.worker")

MAX_BACKOFF_SECONDS = 10.0


class DatabaseLost(Exception):  # noqa: N818 - reads as "raise DatabaseLost"
    """The database failed while a task ran; the task should run again later."""


class ReconnectingWorker(Worker):
    def __init__(self, *, stale_check: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stale_check = stale_check
        self.current_task_id: Any = None
        self.last_stale_check = 0.0

    # -- the loop ------------------------------------------------------------------------

    def run(self) -> None:
        logger.info("Starting worker %s (reconnecting)", self.worker_id)
        while self.running:
            try:
                if self._step() == "stop":
                    return
            except (DatabaseError, DatabaseLost) as error:
                logger.warning("Database unavailable (%s); waiting to reconnect", error)
                self._wait_for_database()
                if self.current_task_id is not None:
                    released = self._quietly(release_task, self.current_task_id)
                    logger.warning("Re-queued task %s after reconnecting (%s)",
                                   self.current_task_id, released)
                    self.current_task_id = None

    def _step(self) -> str:
        close_old_connections()
        now = time.monotonic()
        if now - self.last_stale_check >= self.stale_check:
            self.last_stale_check = now
            requeue_stale_tasks()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is not None:
            self.current_task_id = task_result.pk
            self.run_task(task_result)
            self.current_task_id = None
        elif self.batch:
            return "stop"
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            return "stop"
        close_old_connections()
        if self.running and task_result is None:
            time.sleep(self.interval)
        return "next"

    def run_task(self, db_task_result: DBTaskResult[Any, Any]) -> None:
        """Run one task and record the outcome.

        Unlike the stock worker, a database error raised by the task means "run it again
        once the database is back", not "failed": the task did nothing wrong.
        """
        from django_tasks_db.compat import TaskContext, task_finished, task_started

        self.running_task = True
        try:
            try:
                task = db_task_result.task
                task_result = db_task_result.task_result
                sender = type(task.get_backend())
                task_started.send(sender=sender, task_result=task_result)
                if task.takes_context:
                    value = task.call(TaskContext(task_result=task_result),
                                      *task_result.args, **task_result.kwargs)
                else:
                    value = task.call(*task_result.args, **task_result.kwargs)
            except DatabaseError as error:
                raise DatabaseLost(str(error)) from error
            except Exception as error:  # noqa: BLE001 - a task's own failure is recorded
                db_task_result.set_failed(error)
                logger.exception("Task %s failed", db_task_result.pk)
                return
            db_task_result.set_successful(value)
            task_finished.send(sender=sender, task_result=db_task_result.task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    # -- reconnecting --------------------------------------------------------------------

    def _wait_for_database(self) -> None:
        delay = 0.5
        while self.running:
            self._quietly(connections.close_all)
            try:
                connections["default"].ensure_connection()
                logger.info("Database is back")
                return
            except DatabaseError:
                time.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF_SECONDS)

    @staticmethod
    def _quietly(function: Any, *args: Any) -> Any:
        try:
            return function(*args)
        except DatabaseError as error:
            logger.warning("Still no database: %s", error)
            return None


class Command(BaseCommand):
    help = "Run background tasks from the database queue, surviving database restarts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--queue-name", default=DEFAULT_TASK_QUEUE_NAME,
                            help="Comma-separated queues, or '*' for all.")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds to wait when the queue is empty.")
        parser.add_argument("--stale-check", type=float, default=60.0,
                            help="Seconds between checks for tasks a dead worker left.")
        parser.add_argument("--batch", action="store_true",
                            help="Run what is queued, then exit.")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--worker-id", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = ReconnectingWorker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or get_random_string(32),
            excluded_queue_names=[],
            stale_check=options["stale_check"],
        )
        worker.configure_signals()
        worker.run()
