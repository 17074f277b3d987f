"""Queue background tasks safely, and recover tasks a dead worker left behind.

`enqueue_on_commit(task, *args, **kwargs)` is how every module queues work after a write:
the task is queued only once the surrounding transaction commits (so a worker never sees
rows that may yet roll back), and a failure to queue is logged, never raised, because the
write already committed and the client must hear that it succeeded.

Tasks must be idempotent: a worker that dies (or loses its database) mid-task leaves it
RUNNING, and `requeue_stale_tasks` puts such tasks back in the queue after
`TASKS_STALE_AFTER` seconds, so a task may run again. Email tasks use
`trustbeat.lib.mail.send_once` for that.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def enqueue_safely(task: Any, *args: Any, **kwargs: Any) -> Any:
    """Queue `task` now; log and return None if the queue cannot take it."""
    try:
        return task.enqueue(*args, **kwargs)
    except Exception:
        # The write this task follows has committed; losing a notification is logged
        # loudly (with what to resend) rather than turned into a 500 for a saved write.
        logger.exception(
            "Could not queue task %s args=%r kwargs=%r", getattr(task, "name", task), args, kwargs
        )
        return None


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Queue `task(*args, **kwargs)` after the current transaction commits (now if none)."""
    transaction.on_commit(functools.partial(enqueue_safely, task, *args, **kwargs), robust=True)


def requeue_stale_tasks(older_than: dt.timedelta | None = None) -> int:
    """Put tasks RUNNING for longer than `older_than` back in the queue. Returns how many.

    Such a task's worker died or lost its database before recording the outcome. Running
    it again is safe because tasks are idempotent (see the module docstring).
    """
    from django_tasks_db.models import DBTaskResult

    if older_than is None:
        older_than = dt.timedelta(seconds=settings.TASKS_STALE_AFTER)
    cutoff = timezone.now() - older_than
    stale = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    count = stale.update(status="READY", started_at=None)
    if count:
        logger.warning("Re-queued %d task(s) left running since before %s", count, cutoff)
    return count


def release_task(task_id: Any) -> int:
    """Put one task this worker was running back in the queue (its run was cut off)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.running().filter(pk=task_id).update(
        status="READY", started_at=None
    )
