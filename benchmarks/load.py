"""A small closed-loop load generator: N threads, each with one keep-alive connection,
sending requests back to back for a fixed time and timing each one."""

import http.client
import threading
import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: tuple = ()


@dataclass
class Result:
    requests: int = 0
    seconds: float = 0.0
    latencies: list = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    queries: list = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    bad_examples: list = field(default_factory=list)

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, fraction):
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    @property
    def non_200(self):
        return sum(n for status, n in self.statuses.items() if status != 200) + sum(
            self.errors.values()
        )

    @property
    def queries_median(self):
        if not self.queries:
            return None
        ordered = sorted(self.queries)
        return ordered[len(ordered) // 2]


def send(conn, request):
    headers = dict(request.headers)
    if request.body is not None:
        headers.setdefault("Content-Type", "application/json")
    conn.request(request.method, request.path, body=request.body, headers=headers)
    response = conn.getresponse()
    body = response.read()
    return response, body


def fetch(host, port, request, timeout=60):
    """One request on a new connection: (status, headers dict, body)."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        response, body = send(conn, request)
        return response.status, dict(response.getheaders()), body
    finally:
        conn.close()


def run(host, port, requests, duration, concurrency, warmup=0.0):
    """Drives `requests` (rotating through the list) for `duration` seconds after a warm-up."""
    result = Result()
    lock = threading.Lock()
    start_at = time.perf_counter() + warmup
    stop_at = start_at + duration
    started = threading.Barrier(concurrency)
    finished = []
    measured = []

    def worker(index):
        local = Result()
        last_done = start_at
        position = index * max(1, len(requests) // concurrency)
        conn = http.client.HTTPConnection(host, port, timeout=60)
        started.wait()
        # Closed loop: a request started before the end is waited for and counted, so a slow
        # endpoint still gives figures; the window is stretched to the last answer.
        # A very slow endpoint still gets measured: past the end, the connections carry on
        # until one of them has finished a measured request (for at most a minute).
        while time.perf_counter() < stop_at or (
            not measured and time.perf_counter() < stop_at + 60
        ):
            request = requests[position % len(requests)]
            position += 1
            began = time.perf_counter()
            try:
                response, body = send(conn, request)
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
                if began >= start_at:
                    local.errors[type(exc).__name__] += 1
                continue
            done = time.perf_counter()
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
            if response.status != 200 and len(local.bad_examples) < 3:
                local.bad_examples.append((request.path, response.status, body[:200]))
            if began < start_at:  # warm-up: only failures count
                if response.status != 200:
                    local.statuses[response.status] += 1
                continue
            last_done = max(last_done, done)
            local.requests += 1
            measured.append(1)
            local.latencies.append(done - began)
            local.statuses[response.status] += 1
            count = response.getheader("X-Query-Count")
            if count is not None:
                local.queries.append(int(count))
        conn.close()
        with lock:
            result.requests += local.requests
            result.latencies.extend(local.latencies)
            result.statuses.update(local.statuses)
            result.queries.extend(local.queries)
            result.errors.update(local.errors)
            result.bad_examples.extend(local.bad_examples[:3])
            finished.append(last_done)

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = max(duration, max(finished, default=stop_at) - start_at)
    return result
