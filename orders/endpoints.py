"""Which endpoint the dispatch worker may send to now: a concurrency limit and a circuit breaker
per endpoint, so one slow or dead dispatcher cannot take the worker's threads from the others.

An endpoint is a gallery's courier dispatcher (key ``gallery:<id>``) or the mail server
(``email``). The worker asks :meth:`Endpoints.admit` before each send and reports each result
to :meth:`Endpoints.finished`:

* at most ``limit`` sends to one endpoint are in flight at once; another one waits its turn;
* the breaker: after ``failures`` timeouts or connection failures in a row (an HTTP answer, any
  status, shows the endpoint is alive and resets the count), the endpoint is *open* for
  ``cool_down_s``: its entries are deferred without a call. Then it is *half-open*: one entry
  is sent as a probe, the others wait for its result; success closes the breaker, another
  timeout or connection failure opens it for another cool-down.

A deferral is not an attempt: nothing was sent, so the entry's retry budget (the back-off and
its dead letter after about a day) is spent only by the sends that happen, the probes among
them; an endpoint that stays dead still gets its messages to the dead letters, one probe per
cool-down. The state lives in the worker's memory (each worker has its own, and a restarted
worker starts closed): it steers the threads of one process, it is no record.

``failures = 0`` turns the breaker off. Not thread-safe: the worker's main thread owns it.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable
from dataclasses import dataclass


class Admission(enum.Enum):
    SEND = "send"  # go ahead
    PROBE = "probe"  # go ahead, as the half-open breaker's one probe
    WAIT = "wait"  # the endpoint is at its limit, or a probe is out: keep it for a moment
    DEFER = "defer"  # the breaker is open: give the entry back until :meth:`reopens_in`


@dataclass
class _State:
    in_flight: int = 0
    failures: int = 0  # timeouts and connection failures in a row
    open_until: float | None = None  # monotonic seconds; None: closed
    probing: bool = False


class Endpoints:
    """The worker's book of endpoints: what is in flight, and each breaker."""

    def __init__(
        self,
        limit: int,
        failures: int,
        cool_down_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1:
            raise ValueError("the per-endpoint limit must be at least 1")
        self.limit = limit
        self.failures = failures
        self.cool_down_s = cool_down_s
        self._clock = clock
        self._states: dict[str, _State] = {}
        self.peak: dict[str, int] = {}  # the most sends in flight at once, per endpoint

    def _state(self, key: str) -> _State:
        return self._states.setdefault(key, _State())

    def admit(self, key: str) -> Admission:
        """May an entry for ``key`` be sent now? SEND and PROBE count it in flight at once."""
        state = self._state(key)
        if state.open_until is not None:
            if self._clock() < state.open_until:
                return Admission.DEFER
            if state.probing or state.in_flight:
                return Admission.WAIT  # the probe's answer decides
            state.probing = True
            self._start(key, state)
            return Admission.PROBE
        if state.in_flight >= self.limit:
            return Admission.WAIT
        self._start(key, state)
        return Admission.SEND

    def _start(self, key: str, state: _State) -> None:
        state.in_flight += 1
        self.peak[key] = max(self.peak.get(key, 0), state.in_flight)

    def finished(self, key: str, *, unreachable: bool, probe: bool = False) -> None:
        """A send to ``key`` ended: ``unreachable`` when it timed out or could not connect."""
        state = self._state(key)
        state.in_flight -= 1
        if probe:
            state.probing = False
        if not unreachable:
            state.failures, state.open_until = 0, None
            return
        state.failures += 1
        if not self.failures:
            return
        if probe or (state.open_until is None and state.failures >= self.failures):
            state.open_until = self._clock() + self.cool_down_s

    def is_open(self, key: str) -> bool:
        """Whether the breaker is open or half-open (not closed)."""
        return self._state(key).open_until is not None

    def reopens_in(self, key: str) -> float:
        """Seconds until an open breaker lets a probe through (0 when it would now)."""
        until = self._state(key).open_until
        return 0.0 if until is None else max(0.0, until - self._clock())

    def busy(self) -> set[str]:
        """Endpoints not to claim more for: at their limit, open, or waiting for a probe."""
        now = self._clock()
        return {
            key
            for key, state in self._states.items()
            if state.in_flight >= self.limit
            or state.probing
            or (state.open_until is not None and (now < state.open_until or state.in_flight))
        }

    def in_flight(self, key: str) -> int:
        return self._state(key).in_flight
