"""What every benchmark here times with: the best of a few runs."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of `repeat` runs of `run`, in seconds (garbage collection paused while timing,
    so that a collection the run did not cause is not counted)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            began = time.perf_counter()
            run()
            times.append(time.perf_counter() - began)
        finally:
            gc.enable()
    return min(times)
