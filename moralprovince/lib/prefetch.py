"""Reading the next piece of a long stream on a second thread while this one is used.

The database driver waits on its own work with Python's lock released, and so does polars:
reading the next rows while the last ones are formatted keeps both cores busy.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()


def read_ahead(read: Callable[[], T]) -> Iterator[T]:
    """Yield `read()` until it returns something empty, one call ahead on a second thread.

    The reader's error is raised here, where the pieces are used. Stopping early (a closed
    download) stops the thread after the call under way.
    """
    pieces: queue.Queue[object] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.is_set():
                piece = read()
                _put(pieces, piece if piece else _END, stop)
                if not piece:
                    return
        except BaseException as error:  # handed to the reading side
            _put(pieces, error, stop)

    thread = threading.Thread(target=run, name="read-ahead", daemon=True)
    thread.start()
    try:
        while (piece := pieces.get()) is not _END:
            if isinstance(piece, BaseException):
                raise piece
            yield piece  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()


def _put(pieces: queue.Queue[object], piece: object, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            pieces.put(piece, timeout=0.1)
            return
        except queue.Full:
            continue
