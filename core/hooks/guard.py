"""Calling plugin code: under a time limit, with what comes back checked, and any
failure named.

Registration hooks run once; the callables their records carry (a style's
``week()`` and ``validate()``, an equipment set's ``resolve()``, an athlete
model's ``create()`` and its athlete's ``week()``) run while programs are
checked, planned and simulated. Every such call goes through a :class:`Guard`
that knows which plugin registered the callable, in which record, and where
the program uses it. Whatever goes wrong (an exception, a value of the wrong
type or out of its range, a call over the time limit) comes out as one
:class:`PluginFault`: an X001 finding at that place, naming the plugin, its
distribution and version, the hook, the record and the callable, and saying
what was expected. Callers report it and go on without the plugin's answer,
or stop when that is not sound.

The time limit (``$STRIDELIFT_PLUGIN_TIMEOUT`` seconds, :data:`DEFAULT_TIMEOUT`
by default, ``0`` for none) interrupts a call with ``SIGALRM`` where there is
one (POSIX, main thread), restoring the handler and any timer that was set;
elsewhere a call is timed and reported once it returns.
"""

from __future__ import annotations

import dataclasses
import math
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, TypeVar

from stridelift.core.diagnostics import Diagnostic
from stridelift.core.hooks.values import BadValue, show
from stridelift.core.source import Span
from stridelift.core.units import LIMITS

T = TypeVar("T")

#: The environment variable that sets the time limit of one call into a plugin.
TIMEOUT_VARIABLE = "STRIDELIFT_PLUGIN_TIMEOUT"
#: Seconds one call into a plugin may take; a generous multiple of any honest one.
DEFAULT_TIMEOUT = 5.0
_MESSAGE_CHARS = 160


class PluginTimeout(BaseException):
    """Raised inside a plugin's call when its time is up. Not an ``Exception``, so a
    plugin's own ``except Exception`` does not swallow it."""


class TimeoutSetting(ValueError):
    """``$STRIDELIFT_PLUGIN_TIMEOUT`` is not a number of seconds in range."""


def timeout_from_environment(environ: dict[str, str] | None = None) -> float:
    """The time limit ``$STRIDELIFT_PLUGIN_TIMEOUT`` sets, or :data:`DEFAULT_TIMEOUT`."""
    text = (os.environ if environ is None else environ).get(TIMEOUT_VARIABLE, "").strip()
    if not text:
        return DEFAULT_TIMEOUT
    limit = LIMITS["plugin_seconds"]
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds not in limit:
        raise TimeoutSetting(
            f"{TIMEOUT_VARIABLE}={show(text)} is not a number of seconds from "
            f"{limit.low:g} (no limit) to {limit.high:g}"
        )
    return seconds


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`PluginTimeout` in the block once ``seconds`` have passed (POSIX,
    main thread); a no-op elsewhere or with ``seconds`` 0."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    armed = True

    def expire(signum: int, frame: FrameType | None) -> None:
        if armed:
            raise PluginTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # someone else's timer was running: give it back what is left of it
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6))


def one_line(text: str, limit: int = _MESSAGE_CHARS) -> str:
    """A plugin's text (an exception's message) as one short line: it cannot forge
    or garble the lines stridelift prints."""
    flat = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def raised(exc: BaseException) -> str:
    """``raised KeyError: 'base'``, on one line."""
    message = str(exc)
    return one_line(f"raised {type(exc).__name__}" + (f": {message}" if message else ""))


@dataclass(frozen=True, slots=True)
class Culprit:
    """The plugin behind a callable, as its messages name it."""

    plugin: str
    distribution: str = ""
    version: str = ""

    def __str__(self) -> str:
        source = f"{self.distribution} {self.version}".strip()
        return f"plugin {self.plugin!r}" + (f" ({source})" if source else "")


class PluginFault(Exception):
    """A plugin's callable failed at run time: an X001 at the place that uses it."""

    def __init__(self, guard: Guard, call: str, problem: str, expected: str | None = None):
        self.guard = guard
        self.call = call
        self.problem = problem
        self.expected = expected
        detail = f"{call} {problem}" + (f", expected {expected}" if expected else "")
        self.message = f"{guard.culprit}: {guard.record} ({guard.hook}): {detail}"
        super().__init__(self.message)

    @property
    def strict(self) -> bool:
        return self.guard.strict

    @property
    def hint(self) -> str:
        return f"{self.guard.outcome}; update the plugin or tell its author"

    def to_diagnostic(self) -> Diagnostic:
        guard = self.guard
        path = guard.path if guard.path is not None else f"<plugin {guard.culprit.plugin}>"
        return Diagnostic.make(path, guard.span, "X001", self.message, self.hint)


@dataclass(frozen=True, slots=True)
class Guard:
    """How to call the callables of one plugin record, and what to say when they fail.

    ``record`` names the record (``periodization style 'wave'``), ``hook`` the hook
    that registered it; ``path`` and ``span`` are where the program (or the command
    line) uses it, and ``outcome`` says what the run does without it.
    """

    culprit: Culprit
    record: str
    hook: str
    timeout: float = DEFAULT_TIMEOUT
    strict: bool = False
    path: str | None = None
    span: Span | None = None
    outcome: str = "the run goes on without it"
    #: Every fault raised through this guard, and those of guards made from it.
    faults: list[PluginFault] = dataclasses.field(default_factory=list, compare=False)

    def at(self, path: str, span: Span | None, outcome: str) -> Guard:
        """The same guard for a use at ``path``/``span``, with what the run does instead."""
        return dataclasses.replace(self, path=path, span=span, outcome=outcome, faults=self.faults)

    def call(
        self,
        name: str,
        function: Callable[..., Any],
        *args: Any,
        check: Callable[[Any], T],
        passes: tuple[type[BaseException], ...] = (),
    ) -> T:
        """``function(*args)`` checked by ``check``, within the time limit; anything else
        raises :class:`PluginFault`. ``name`` is the call as messages show it
        (``week(3)``); exceptions of the ``passes`` types are the plugin's documented way
        to say no (``EquipmentValueError``) and go through as they are."""
        started = time.monotonic()
        try:
            with time_limit(self.timeout):
                value = check(function(*args))  # a returned generator runs inside the limit
        except passes:
            raise
        except PluginTimeout:
            raise self._fault(name, f"took longer than {self.timeout:g} s", self._limit()) from None
        except BadValue as bad:
            raise self._fault(name, bad.problem, bad.expected) from None
        except (Exception, SystemExit) as exc:  # the plugin's bug: name it, never a traceback
            raise self._fault(name, raised(exc)) from None
        elapsed = time.monotonic() - started
        if self.timeout and elapsed > self.timeout:  # where no alarm could interrupt it
            raise self._fault(name, f"took {elapsed:.1f} s", self._limit())
        return value

    def _limit(self) -> str:
        return f"at most {self.timeout:g} s a call (set {TIMEOUT_VARIABLE} to change it)"

    def _fault(self, name: str, problem: str, expected: str | None = None) -> PluginFault:
        fault = PluginFault(self, name, problem, expected)
        self.faults.append(fault)
        return fault
