"""Load-test the running chat app: N concurrent askers for a fixed time, on loopback only.

    .venv/bin/python -m eval.load_ui                      # 20 askers for 60 s at 127.0.0.1:7860
    .venv/bin/python -m eval.load_ui --askers 5 --seconds 10 --url http://127.0.0.1:7861/

Each asker is its own Gradio session (``gradio_client``) asking the app's ``/ask`` endpoint,
the same event the Ask button runs, one question after another until the time is up. The
run is bounded: at most 64 askers and 600 seconds, no new question after the deadline, and
each question times out. It prints the request count, errors and p50/p95 latency.
"""

from __future__ import annotations

import argparse
import ipaddress
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError
from dataclasses import dataclass, field
from urllib.parse import urlparse

MAX_ASKERS = 64
MAX_SECONDS = 600
QUESTIONS = [  # answered by the sample papers (ui/samples), plus one the papers do not cover
    "What are council tax arrears now?",
    "Which audits received Limited assurance?",
    "When will the revised Contract Procedure Rules go to Full Council?",
    "What is the Fair Collection Protocol?",
    "How many fuel cards were still active for vehicles that had been disposed of?",
    "What was the Head of Internal Audit's opinion for 2024/25?",
    "What was the council tax collection rate for 2024/25?",
    "What is the budget for the new town hall?",
]
ANSWERED = ('class="ref-list"', 'class="refusal"')


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str = "") -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds)


def check_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SystemExit(f"{url}: refusing to load-test anything but this machine (loopback)")


def asker(
    number: int, url: str, deadline: float, timeout: float, tally: Tally, auth: tuple | None
) -> None:
    from gradio_client import Client

    try:
        client = Client(url, auth=auth, verbose=False)
    except Exception as exc:  # a session that cannot even start counts as one error
        tally.add(0.0, f"connect: {exc}")
        return
    asked = number
    while time.monotonic() < deadline:
        question = QUESTIONS[asked % len(QUESTIONS)]
        asked += 1
        started = time.monotonic()
        job = client.submit(question, "", "", "", "", "", "", api_name="/ask")
        try:
            html = job.result(timeout=timeout)[0]
        except TimeoutError:
            job.cancel()
            tally.add(0.0, f"timeout after {timeout:g} s")
            continue
        except Exception as exc:
            tally.add(0.0, f"{type(exc).__name__}: {exc}")
            continue
        if any(mark in html for mark in ANSWERED):
            tally.add(time.monotonic() - started)
        else:
            tally.add(0.0, "no answer in the reply")
    client.close()


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def run(
    url: str, askers: int, seconds: float, timeout: float, auth: tuple | None = None
) -> dict[str, float]:
    """Run the load and return its figures (also what the command prints)."""
    check_loopback(url)
    askers = max(1, min(askers, MAX_ASKERS))
    seconds = max(1.0, min(seconds, MAX_SECONDS))
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    with ThreadPoolExecutor(max_workers=askers) as pool:
        for number in range(askers):
            pool.submit(asker, number, url, deadline, timeout, tally, auth)
    elapsed = time.monotonic() - started
    done = sorted(tally.latencies)
    return {
        "askers": askers,
        "seconds": round(elapsed, 1),
        "requests": len(done) + len(tally.errors),
        "answered": len(done),
        "errors": len(tally.errors),
        "per_second": round(len(done) / elapsed, 2),
        "p50": round(percentile(done, 0.50), 2) if done else 0.0,
        "p95": round(percentile(done, 0.95), 2) if done else 0.0,
        "max": round(done[-1], 2) if done else 0.0,
        "first_error": tally.errors[0] if tally.errors else "",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--askers", type=int, default=20, help=f"at most {MAX_ASKERS}")
    parser.add_argument("--seconds", type=float, default=60, help=f"at most {MAX_SECONDS}")
    parser.add_argument("--timeout", type=float, default=120, help="per question")
    parser.add_argument("--username", default="")
    parser.add_argument("--password", default="")
    args = parser.parse_args(argv)
    auth = (args.username, args.password) if args.username else None
    check_loopback(args.url)
    print(f"{args.askers} askers for {args.seconds:g} s against {args.url} ...", file=sys.stderr)
    figures = run(args.url, args.askers, args.seconds, args.timeout, auth)
    print(
        f"{figures['requests']} requests from {figures['askers']} askers in "
        f"{figures['seconds']} s: {figures['answered']} answered, {figures['errors']} errors; "
        f"{figures['per_second']} answers/s; latency p50 {figures['p50']} s, "
        f"p95 {figures['p95']} s, max {figures['max']} s"
    )
    if figures["first_error"]:
        print(f"first error: {figures['first_error']}")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
