"""What a long build tells the person waiting: a progress bar on a terminal, plain log lines elsewhere.

On a terminal (``stream.isatty()``) each counted phase redraws one line in place (``\\r``), at most ten
times a second. Anywhere else (CI logs, a file) a counted phase prints a line at each tenth of the way,
and every phase prints one line when it ends, with its time and the peak memory so far, so a log shows
where the time and the memory went.
Short builds stay quiet: nothing is printed for a phase of fewer than ``QUIET_BELOW`` items.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

QUIET_BELOW = 500
BAR_WIDTH = 30


class Progress:
    def __init__(self, stream: TextIO | None = None, total: int = 0) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty()
        self.total = total
        """Items in the build (articles); phases with so few stay silent."""

    def say(self, message: str) -> None:
        """Tell the person waiting something they should know now (on its own line, whatever the size)."""
        self.stream.write(f"digest: {message}\n")
        self.stream.flush()

    @contextmanager
    def phase(self, label: str, count: int = 0) -> Iterator[Counter]:
        """A step of the build; advance the counter it yields when ``count`` items are to be done."""
        counter = Counter(self, label, count)
        start = time.perf_counter()
        yield counter
        if self.total >= QUIET_BELOW:
            counter.finish(time.perf_counter() - start)


class Counter:
    def __init__(self, progress: Progress, label: str, count: int) -> None:
        self.progress, self.label, self.count = progress, label, count
        self.done = 0
        self._shown_at = 0.0
        self._tenths_shown = 0

    def __call__(self, advance: int) -> None:
        self.done += advance
        if self.progress.total < QUIET_BELOW or not self.count:
            return
        if self.progress.interactive:
            now = time.perf_counter()
            if now - self._shown_at >= 0.1 or self.done >= self.count:
                self._shown_at = now
                filled = BAR_WIDTH * self.done // self.count
                bar = "#" * filled + "-" * (BAR_WIDTH - filled)
                self._write(f"\r{self.label:<10} [{bar}] {self.done}/{self.count}")
        else:
            tenths = 10 * self.done // self.count
            if tenths > self._tenths_shown:
                self._tenths_shown = tenths
                self._write(f"digest: {self.label}: {self.done}/{self.count} ({10 * tenths}%)\n")

    def finish(self, seconds: float) -> None:
        done = f" {self.done} of {self.count}," if self.count else ""
        end = "\r\033[K" if self.progress.interactive else ""
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        self._write(f"{end}digest: {self.label}:{done} {seconds:.1f} s (peak memory so far {peak} MB)\n")

    def _write(self, text: str) -> None:
        self.progress.stream.write(text)
        self.progress.stream.flush()
