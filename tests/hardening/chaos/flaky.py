"""A flaky outside world: the receiver answers about one request in ``every`` with 503, so
``http.call`` tasks retry and callbacks wait in the callbacks queue for their next attempt —
where the emulator restart can catch them. Rare enough that no task or callback runs out of
attempts (that would be the receiver's fault, not the platform's)."""

from __future__ import annotations

import threading

from tests.support.receiver import Receiver


class Flakiness:
    """Context manager: scripts a 503 answer on ``receiver`` after every ``every`` requests
    while it is open."""

    def __init__(self, receiver: Receiver, every: int = 10) -> None:
        self._receiver, self._every = receiver, every
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
        scripted_at = 0
        while not self._stop.wait(0.1):
            seen = len(self._receiver.requests)
            if seen - scripted_at >= self._every and not self._receiver.script:
                self._receiver.answer(503)
                scripted_at = seen
