"""Schedule events of ``template.yaml``, run locally at ``min(rate, local interval)``."""

from __future__ import annotations

import logging
import threading

from infra.events import scheduled_event
from infra.handlers import LambdaContext, load_handler
from infra.template import Schedule

logger = logging.getLogger("autonomos.scheduler")


class ScheduledFunction:
    def __init__(self, schedule: Schedule, interval: float) -> None:
        self.schedule = schedule
        self.interval = min(schedule.rate_seconds, interval)
        self._handler = load_handler(schedule.code_uri, schedule.handler)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"schedule-{schedule.function}", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(self.schedule.timeout_seconds)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self._handler(
                    scheduled_event(self.schedule.function),
                    LambdaContext(self.schedule.function, self.schedule.timeout_seconds),
                )
            except Exception:
                logger.exception("scheduled function %s failed", self.schedule.function)
