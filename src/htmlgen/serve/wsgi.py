"""Running the app on waitress: blocking for ``htmlgen serve``, in a thread for tests and benchmarks."""

from __future__ import annotations

import threading
from typing import Self

from flask import Flask
from waitress import create_server, wasyncore

from htmlgen.serve.settings import Limits

SPARE_THREADS = 8  # beyond the queue: for health checks and for answering 503 at once (threads are cheap)


def default_threads(limits: Limits) -> int:
    """One waitress thread per request the engine admits (generating + waiting), plus spares; with
    fewer, extra requests would wait inside waitress instead of getting their 503 at once."""
    return limits.max_batch + limits.queue_size + SPARE_THREADS


def make_server(app: Flask, limits: Limits, host: str = "127.0.0.1", port: int = 8000, threads: int | None = None,
                socket_map: dict | None = None):
    """A waitress server (not yet running); ``port=0`` picks a free port (see ``.effective_port``)."""
    return create_server(
        app, map=socket_map, host=host, port=port, threads=threads or default_threads(limits), ident="htmlgen",
        # The app answers an oversized body with a JSON 413; waitress only stops what is far beyond it.
        max_request_body_size=4 * limits.max_body_bytes,
        # Keep reading a connection while its request runs, so a client that hangs up is seen
        # (environ["waitress.client_disconnected"]) and its generation stops.
        channel_request_lookahead=1,
    )


class BackgroundServer:
    """waitress in a daemon thread, for tests and benchmarks::

        with BackgroundServer(app, limits) as server:
            requests.get(server.url + "/api/health")
    """

    def __init__(self, app: Flask, limits: Limits, host: str = "127.0.0.1", port: int = 0,
                 threads: int | None = None):
        self._map: dict = {}
        self.server = make_server(app, limits, host, port, threads, self._map)
        self.url = f"http://{host}:{self.server.effective_port}"
        self._thread = threading.Thread(target=self.server.run, name="waitress", daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        # Close the sockets from inside waitress's own loop thread (closing them from here races
        # its select()); the loop ends once nothing is left in its map.
        if self._thread.is_alive():
            try:
                self.server.trigger.pull_trigger(lambda: wasyncore.close_all(self._map))
            except OSError:  # its wake-up pipe is already closed: the loop is ending on its own
                wasyncore.close_all(self._map)
            self._thread.join(timeout)
        self.server.task_dispatcher.shutdown(timeout=timeout)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
