"""Concurrent load on one URL from its own process: requests per second and latency.

    .venv/bin/python bench/oruk_load.py http://127.0.0.1:8765/api/services --seconds 10 --concurrency 4

Each of `concurrency` threads keeps one HTTP/1.1 connection open and sends GETs back to back.
Prints one JSON line: requests, errors, seconds, requests_per_second, median_ms, p95_ms.
"""

import argparse
import http.client
import json
import statistics
import threading
import time
import urllib.parse


def worker(url: str, until: float, latencies: list[float], errors: list[int]) -> None:
    parts = urllib.parse.urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    while time.perf_counter() < until:
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        except (OSError, http.client.HTTPException):
            errors.append(0)
            connection.close()
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            continue
        latencies.append(time.perf_counter() - started)
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    until = started + args.seconds
    threads = [
        threading.Thread(target=worker, args=(args.url, until, latencies, errors))
        for _ in range(args.concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    print(
        json.dumps(
            {
                "requests": len(latencies),
                "errors": len(errors),
                "seconds": round(elapsed, 2),
                "requests_per_second": round(len(latencies) / elapsed, 1),
                "median_ms": round(statistics.median(ordered) * 1000, 1),
                "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
