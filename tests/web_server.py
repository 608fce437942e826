"""A real uvicorn server on 127.0.0.1 in a thread, for the HTTP and browser tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from duban.pipeline.app import bind_socket, create_app
from duban.pipeline.web.security import Security


@contextmanager
def running(index_url: str, security: Security | None = None, **config: object) -> Iterator[str]:
    """Serve the app as `serve` does (cross-checks in a worker process) on a free loopback port;
    yields its base URL and stops the server after."""
    sock = bind_socket("127.0.0.1", 0)
    app = create_app(index_url, security or Security.for_bind("127.0.0.1", None), isolate=True)
    options = {"log_level": "warning", "timeout_keep_alive": 5, "access_log": False, **config}
    server = uvicorn.Server(uvicorn.Config(app, **options))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()
