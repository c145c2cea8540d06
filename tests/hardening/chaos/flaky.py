"""A flaky outside world: the receiver answers a few requests with 503 (about ``per_second``
of them each second), so ``http.call`` tasks retry and callbacks wait in the callbacks queue
for their next attempt — where the emulator restart can catch them."""

from __future__ import annotations

import threading

from tests.support.receiver import Receiver


class Flakiness:
    """Context manager: scripts 503 answers on ``receiver`` while it is open."""

    def __init__(self, receiver: Receiver, per_second: int = 3) -> None:
        self._receiver, self._per_second = receiver, per_second
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chaos-flaky", daemon=True)

    def __enter__(self) -> Flakiness:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)
        self._receiver.script.clear()

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            if len(self._receiver.script) < self._per_second:
                self._receiver.answer(*[503] * self._per_second)
