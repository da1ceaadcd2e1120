"""Work over many files at once: in parallel across cores (``--jobs``), with a progress
bar on a terminal and none in CI.

A command splits its files into chunks and hands each chunk to a *worker*, a
module-level function (so a process pool can send it by name) that returns a
picklable result: the findings of the files, the lines to quote, the test
results. The results come back in the order of the files, whatever order the
processes finish in, so a report is the same with 1 job or 8.

With one job, or with too few files for processes to pay for themselves, the
chunks run in this process, one after another: a single ``stridelift check
FILE`` never starts a pool. Processes are forked (the parent's imported
modules, loaded plugins and read settings come along for free, and a worker
finds them in its module's globals); where the platform cannot fork
(Windows), the chunks run in this process.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
R = TypeVar("R")

#: Below this many files a run stays in one process: forking, sending the work and
#: collecting it costs more than checking a handful of programs.
MIN_PARALLEL_ITEMS = 8
#: Chunks per process: small enough to balance programs of different sizes, large
#: enough that each chunk shares its included fragments and its parser.
CHUNKS_PER_JOB = 4
MAX_CHUNK = 32
#: Environment variables CI services set: no progress bar there.
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD")


class JobsError(ValueError):
    """``--jobs`` or the ``jobs`` setting is not a positive number or ``auto``."""


def available_cores() -> int:
    """The cores this process may run on (its affinity where the platform says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def resolve_jobs(value: int | str | None) -> int:
    """A ``--jobs`` value as a number of processes: ``auto`` (or nothing) is every
    core this process may use."""
    if value is None:
        return available_cores()
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "auto":
            return available_cores()
        try:
            value = int(text)
        except ValueError:
            raise JobsError(f"--jobs {value!r} is not a number of processes or 'auto'") from None
    if value < 1:
        raise JobsError(f"--jobs {value} is not a number of processes: use 1 or more, or 'auto'")
    return value


def progress_wanted(setting: bool | None = None) -> bool:
    """Whether to show a progress bar: as asked, else only when standard error is a
    terminal and no CI variable is set (a CI log fills with redrawn bars)."""
    if setting is not None:
        return setting
    if any(os.environ.get(name) for name in CI_VARIABLES):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def chunks(items: Sequence[T], jobs: int) -> list[list[T]]:
    """``items`` split into runs of neighbours (files of one folder tend to share
    their fragments): one run with one job, else about :data:`CHUNKS_PER_JOB` a job."""
    if jobs <= 1 or len(items) < MIN_PARALLEL_ITEMS:
        return [list(items)] if items else []
    size = max(1, min(MAX_CHUNK, math.ceil(len(items) / (jobs * CHUNKS_PER_JOB))))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def run_chunks(
    worker: Callable[[list[T]], R],
    items: Sequence[T],
    jobs: int,
    *,
    label: str = "files",
    progress: bool | None = None,
) -> list[R]:
    """``worker`` over ``items`` in chunks, across ``jobs`` processes; one result a
    chunk, in the order of ``items``."""
    parts = chunks(items, jobs)
    with _bar(len(items), label, progress_wanted(progress)) as advance:
        if len(parts) <= 1 or jobs <= 1 or not can_fork():
            results = []
            for part in parts:
                results.append(worker(part))
                advance(len(part))
            return results
        return _in_processes(worker, parts, min(jobs, len(parts)), advance)


def _in_processes(
    worker: Callable[[list[T]], R],
    parts: list[list[T]],
    jobs: int,
    advance: Callable[[int], None],
) -> list[R]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("fork")
    results: dict[int, R] = {}
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
    try:
        futures: dict[Future[R], int] = {
            pool.submit(worker, part): i for i, part in enumerate(parts)
        }
        for future in as_completed(futures):
            i = futures[future]
            results[i] = future.result()
            advance(len(parts[i]))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [results[i] for i in range(len(parts))]


@contextmanager
def _bar(total: int, label: str, shown: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on standard error (rich, loaded only when shown), cleared at
    the end; without one, a function that does nothing."""
    if not shown or total < 2:
        yield lambda count: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        f"[progress.description]{label}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        yield lambda count: bar.advance(task, count)
