"""Queue background tasks only once the surrounding transaction has committed.

A task queued inside a transaction that later rolls back would act on rows that never
existed; and a failure to queue must not turn a committed write into an error answer.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

log = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """`task.enqueue(*args, **kwargs)` after commit; a queuing failure is logged."""

    def enqueue() -> None:
        try:
            task.enqueue(*args, **kwargs)
        except Exception:  # the write has committed; tell the operators, not the user
            log.exception("could not queue task %s", getattr(task, "name", task))

    transaction.on_commit(enqueue)
