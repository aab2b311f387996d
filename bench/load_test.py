"""Load test: gunicorn (4 workers) on PostgreSQL, the parents' pages and the API, rate ramped.

    createdb -h 127.0.0.1 -U postgres fh_bench_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_load \\
        .venv/bin/python bench/load_test.py [--rates 10,20,30,40,60] [--stage-seconds 30] \\
            [--hold-seconds 600]

Fills an empty database (migrate, the demo data, the synthetic directory at --services), builds
what's on's window of upcoming sessions, runs `collectstatic` and ANALYZE, starts gunicorn on
127.0.0.1 with --workers, then ramps: offers requests at each rate of --rates in turn for
--stage-seconds each, until a rate does not hold (an error, or p95 at or over 200 ms); then
holds the highest rate that held for --hold-seconds, the figure that counts. Requests are sent
open loop: on schedule whether or not earlier ones have answered, so a slow server cannot slow
the test down and hide its own slowness. Each request is one of the parents' pages (home, find
with a postcode, a service, what's on, a hub page, a calendar) or the API, in fixed proportions. Per stage it prints
requests/s achieved, errors, and p50/p95/p99 per page; every 5 s it samples each gunicorn
worker's resident memory. It stops gunicorn and writes the figures as JSON to --out (the
server's log goes to var/load_test_gunicorn.log).

Bounded: only 127.0.0.1, at most --max-rate requests/s and --max-seconds of offered load in all,
at most --concurrency requests in flight. Refuses a database whose name does not contain "bench".

A plain script with threads and `http.client` rather than Locust: no new dependency for a fixed
mix of GETs, open-loop pacing (Locust's users wait for each answer, which understates latency
when the server falls behind), and the workers' memory sampled from /proc in the same run.
"""

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

HOST = "127.0.0.1"
TARGET_P95_MS = 200
# Page, weight: what parents open most (the home page, a search, a service) comes most often.
MIX = {
    "home": 10,
    "find (postcode)": 20,
    "service": 15,
    "what's on": 10,
    "hub": 10,
    "hub calendar (.ics)": 5,
    "service calendar (.ics)": 5,
    "api services": 10,
    "api search": 5,
    "api postcode": 5,
    "api service": 5,
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rates", default="10,20,30,40,60,80,100")
    parser.add_argument("--stage-seconds", type=float, default=30)
    parser.add_argument("--hold-seconds", type=float, default=600)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--max-rate", type=float, default=500)
    parser.add_argument("--max-seconds", type=float, default=1200)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "load_test.json")
    args = parser.parse_args()
    args.rates = [float(r) for r in args.rates.split(",")]
    if max(args.rates) > args.max_rate:
        parser.error(f"a rate above --max-rate {args.max_rate}")
    if len(args.rates) * args.stage_seconds + args.hold_seconds > args.max_seconds:
        parser.error(f"stages longer than --max-seconds {args.max_seconds}")
    return args


def prepare_database(services: int) -> dict[str, list[str]]:
    """Fill the bench database if empty; return the paths each page of MIX is drawn from."""
    from page_bench import analyze, load_directory, setup_django

    setup_django()
    from django.core.management import call_command

    from directory.models import Location, Service
    from geo.models import Postcode

    call_command("migrate", verbosity=0)
    if not Location.objects.filter(is_family_hub=True).exists():
        call_command("load_demo", verbosity=0)
    load_directory(services)
    call_command("rebuild_whats_on", verbosity=0)  # what's on reads the next 12 weeks' sessions
    analyze()
    hubs = list(
        Location.objects.filter(is_family_hub=True).exclude(slug="").values_list("slug", flat=True)
    )
    service_ids = [
        str(pk) for pk in Service.objects.order_by("?").values_list("pk", flat=True)[:200]
    ]
    # The demo's services have sessions at hubs; the synthetic ones fill the directory.
    demo_services = [
        str(pk) for pk in Service.objects.filter(illustrative=False).values_list("pk", flat=True)
    ] or service_ids[:20]
    # Full postcodes only: the table also holds districts and sectors (RM18, RM187) for places
    # named loosely, and the API answers a sector with 400, as its description says.
    full = Postcode.objects.filter(postcode__contains=" ")
    postcodes = list(full.order_by("?").values_list("postcode", flat=True)[:200])
    quoted = [urllib.parse.quote_plus(p) for p in postcodes]
    return {
        "home": ["/"],
        "find (postcode)": [f"/find/?postcode={p}" for p in quoted],
        "service": [f"/services/{pk}/" for pk in service_ids + demo_services],
        "what's on": ["/whats-on"] + [f"/whats-on?hub={slug}" for slug in hubs],
        "hub": [f"/hubs/{slug}/" for slug in hubs],
        "hub calendar (.ics)": [f"/calendar/hubs/{slug}.ics" for slug in hubs],
        "service calendar (.ics)": [f"/calendar/services/{pk}.ics" for pk in demo_services],
        "api services": [f"/api/services?page={n}" for n in (1, 2, 10, 100)],
        "api search": [
            f"/api/services?search={urllib.parse.quote_plus(w)}"
            for w in ("baby massage", "stay and play", "rhyme time", "breastfeeding")
        ],
        "api postcode": [f"/api/services?postcode={p}&proximity=5000" for p in quoted],
        "api service": [f"/api/services/{pk}" for pk in service_ids],
    }


def start_gunicorn(workers: int, port: int) -> subprocess.Popen:
    """gunicorn as in production (DEBUG off, static files collected), on 127.0.0.1 only."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        # With DEBUG off, referrals' personal fields need a key of their own.
        "FIELD_ENCRYPTION_KEYS": os.environ.get("FIELD_ENCRYPTION_KEYS")
        or Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": str(ROOT / "var" / "load_test_static"),
        # The test stands for many parents behind one proxy: each sends its own address.
        "TRUSTED_PROXY_COUNT": "1",
        "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    # The access log is written as in production, to a file rather than this report.
    log = (ROOT / "var" / "load_test_gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "familyhubs.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz", headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    sys.exit("gunicorn did not answer /healthz within a minute")


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Client:
    """Keep-alive connections, one per thread; each request as a parent from its own address."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.local = threading.local()

    def get(self, path: str, parent: int) -> int:
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = http.client.HTTPConnection(
                HOST, self.port, timeout=30
            )
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": f"10.{parent // 65536 % 256}.{parent // 256 % 256}.{parent % 256}",
        }
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.local.connection = None
            return response.status
        except (OSError, http.client.HTTPException):
            self.local.connection = None
            raise


def run_stage(client: Client, paths: dict, rate: float, seconds: float, pool, rng) -> dict:
    """Offer `rate` requests/s for `seconds`; latency counts from when each was due."""
    results: dict[str, list] = defaultdict(list)
    errors: dict[str, list] = defaultdict(list)
    lock = threading.Lock()
    pages = list(MIX)
    weights = [MIX[p] for p in pages]

    def one(page: str, path: str, due: float, parent: int) -> None:
        try:
            status = client.get(path, parent)
        except Exception as error:  # a dropped connection is an error of the run, not a crash
            status = f"{type(error).__name__}"
        elapsed = (time.perf_counter() - due) * 1000
        with lock:
            results[page].append(elapsed)
            if status != 200:
                errors[page].append(f"{status} {path}")

    began = time.perf_counter()
    count = int(rate * seconds)
    futures = []
    for n in range(count):
        due = began + n / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        page = rng.choices(pages, weights)[0]
        futures.append(pool.submit(one, page, rng.choice(paths[page]), due, rng.randrange(5000)))
    for future in futures:
        future.result()
    wall = time.perf_counter() - began
    return {"rate": rate, "seconds": wall, "count": count, "results": results, "errors": errors}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(len(ordered) * q) - 1))]


def summarise(stage: dict) -> dict:
    every = [t for times in stage["results"].values() for t in times]
    error_count = sum(len(e) for e in stage["errors"].values())
    return {
        "offered_rate": stage["rate"],
        "seconds": round(stage["seconds"], 1),
        "achieved_rate": round(stage["count"] / stage["seconds"], 1),
        "requests": stage["count"],
        "errors": error_count,
        "error_examples": [e for errs in stage["errors"].values() for e in errs][:5],
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "p99_ms": round(percentile(every, 0.99), 1),
        "holds": error_count == 0 and percentile(every, 0.95) < TARGET_P95_MS,
        "pages": {
            page: {
                "requests": len(times),
                "errors": len(stage["errors"].get(page, [])),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "p99_ms": round(percentile(times, 0.99), 1),
            }
            for page, times in sorted(stage["results"].items())
        },
        "load_average": round(os.getloadavg()[0], 1),
    }


def run_and_print(client: Client, paths: dict, rate: float, seconds: float, pool, rng) -> dict:
    summary = summarise(run_stage(client, paths, rate, seconds, pool, rng))
    print(
        f"{rate:g} req/s offered for {seconds:g}s: {summary['achieved_rate']} achieved, "
        f"{summary['errors']} errors, p95 {summary['p95_ms']} ms, "
        f"load average {summary['load_average']}",
        flush=True,
    )
    return summary


def sample_memory(master: int, samples: list, stop: threading.Event, began: float) -> None:
    while not stop.is_set():
        workers = {pid: rss_mb(pid) for pid in worker_pids(master)}
        samples.append(
            {
                "t": round(time.perf_counter() - began),
                "rss_mb": {str(pid): round(mb, 1) for pid, mb in workers.items() if mb},
                "load_average": round(os.getloadavg()[0], 1),
            }
        )
        stop.wait(5)


def print_report(stages: list[dict], hold: dict | None, memory: list[dict]) -> None:
    print(
        "\nRamp:\n\n| offered req/s | achieved req/s | requests | errors | p50 ms | p95 ms | p99 ms "
        "| load avg | holds |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for s in stages:
        print(
            f"| {s['offered_rate']:g} | {s['achieved_rate']} | {s['requests']} | {s['errors']} "
            f"| {s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | {s['load_average']} "
            f"| {'yes' if s['holds'] else 'no'} |"
        )
    best = hold or stages[0]
    print(
        f"\n{'Held' if hold else 'No rate held; the first stage,'} at "
        f"{best['offered_rate']:g} req/s for {best['seconds']:.0f}s: "
        f"{best['achieved_rate']} req/s achieved, {best['requests']} requests, "
        f"{best['errors']} errors, p50 {best['p50_ms']} ms, p95 {best['p95_ms']} ms, "
        f"p99 {best['p99_ms']} ms, load average {best['load_average']} at the end\n"
    )
    print("| page | requests | errors | p50 ms | p95 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for page, p in best["pages"].items():
        print(
            f"| {page} | {p['requests']} | {p['errors']} | {p['p50_ms']} | {p['p95_ms']} "
            f"| {p['p99_ms']} |"
        )
    if memory:
        first, last = memory[0]["rss_mb"], memory[-1]["rss_mb"]
        peak = defaultdict(float)
        for sample in memory:
            for pid, mb in sample["rss_mb"].items():
                peak[pid] = max(peak[pid], mb)
        print("\nWorker memory (RSS MB): start, peak, end")
        for pid in sorted(first):
            print(f"  worker {pid}: {first[pid]}, {peak[pid]}, {last.get(pid)}")
    for s in [*stages, *([hold] if hold else [])]:
        for example in s["error_examples"]:
            print(f"  error at {s['offered_rate']:g} req/s: {example}")


def main() -> None:
    args = parse_args()
    # Stopped early (kill, timeout): still stop gunicorn, through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    paths = prepare_database(args.services)
    from django.db import connections

    connections.close_all()
    server = start_gunicorn(args.workers, args.port)
    client = Client(args.port)
    rng = random.Random(2025)
    memory: list[dict] = []
    stop = threading.Event()
    began = time.perf_counter()
    sampler = threading.Thread(target=sample_memory, args=(server.pid, memory, stop, began))
    sampler.start()
    stages: list[dict] = []
    hold = None
    try:
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            for page in MIX:  # warm every worker's caches before timing
                for path in paths[page][:3]:
                    client.get(path, 0)
            for rate in args.rates:
                stages.append(run_and_print(client, paths, rate, args.stage_seconds, pool, rng))
                if not stages[-1]["holds"]:
                    break
            held = [s["offered_rate"] for s in stages if s["holds"]]
            if held and args.hold_seconds:
                hold = run_and_print(client, paths, held[-1], args.hold_seconds, pool, rng)
    finally:
        stop.set()
        sampler.join()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print_report(stages, hold, memory)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"ramp": stages, "hold": hold, "memory": memory}, indent=1))
    print(f"\nFigures written to {args.out}")


if __name__ == "__main__":
    main()
