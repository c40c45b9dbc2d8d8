"""A bounded load test of `baji serve` on loopback.

    python benchmarks/serve.py [--clients 16] [--seconds 20] [--workers 1]
                               [--kind full|answers|roster] [--port 0]

Starts `baji serve` as its own process on a free loopback port, waits for /healthz,
then runs ``--clients`` concurrent clients for ``--seconds`` seconds, each sending its
next request as soon as the last one is answered (HTTP/1.1 keep-alive, one connection a
client), stops them, stops the service, and prints requests per second, the latency
percentiles and the number of errors (any answer but 200, or a broken connection).
It exits 1 if there was any error.

Each request evaluates one candidate (benchmarks/roster.py's first random profiles,
seeded, as JSON bodies) against ``shanghai-2026`` on 2026-09-01:

- ``full``: ``POST /v1/evaluate``, the whole decision (trace, citations) of all five
  levels, as `baji.evaluate` gives it;
- ``answers``: the same with ``answers_only=true``;
- ``roster``: ``POST /v1/evaluate/roster`` with 100 rows a request, answers only
  (the figure is then requests, not rows: multiply by 100).

The clients are a small asyncio HTTP/1.1 client in this process, so that their own cost
stays low; on a two-core machine they still share the CPU with the service, which the
figures include.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from roster import profiles as random_profiles  # noqa: E402 - benchmarks/roster.py

AS_OF = "2026-09-01"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(port: int, workers: int) -> subprocess.Popen[bytes]:
    """`baji serve` on loopback, answering /healthz (or an error if it does not start)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "baji", "serve", "--port", str(port), "--workers",
         str(workers), "--log-level", "warning"], stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                err = process.stderr.read().decode() if process.stderr else ""
                raise SystemExit(f"baji serve did not start:\n{err}") from None
            time.sleep(0.1)


def _requests(kind: str, count: int) -> list[bytes]:
    """The raw HTTP requests the clients send, in turn."""
    profiles = [json.dumps(p, default=str).encode() for p in random_profiles(count, seed=7)]
    if kind == "roster":
        bodies = [b"\n".join(profiles[i:i + 100]) + b"\n"
                  for i in range(0, len(profiles) - 99, 100)]
        target = f"/v1/evaluate/roster?pack=shanghai-2026&as_of={AS_OF}&answers_only=true"
        media = "application/x-ndjson"
    else:
        bodies = profiles
        target = f"/v1/evaluate?pack=shanghai-2026&as_of={AS_OF}"
        target += "&answers_only=true" if kind == "answers" else ""
        media = "application/json"
    return [(f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {media}\r\n"
             f"Content-Length: {len(body)}\r\n\r\n").encode() + body for body in bodies]


async def _read_response(reader: asyncio.StreamReader) -> int:
    """Read one response (Content-Length or chunked body); return its status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in
               (line.partition(":") for line in lines[1:] if line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _client(port: int, requests: list[bytes], offset: int, stop_at: float,
                  latencies: list[float], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = offset
    try:
        while time.perf_counter() < stop_at:
            request = requests[i % len(requests)]
            i += 1
            started = time.perf_counter()
            writer.write(request)
            try:
                status = await _read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                errors.append(repr(exc))
                return
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(f"HTTP {status}")
    finally:
        writer.close()


async def _load(port: int, requests: list[bytes], clients: int, seconds: float
                ) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    stop_at = started + seconds
    await asyncio.gather(*(_client(port, requests, n * 7, stop_at, latencies, errors)
                           for n in range(clients)))
    return latencies, errors, time.perf_counter() - started


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=1000)[round(q * 1000) - 1] if len(values) > 1 \
        else values[0]


def main(argv: list[str] | None = None) -> int:
    """Run the load test; print the figures; 1 if any request failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--kind", choices=("full", "answers", "roster"), default="full")
    parser.add_argument("--warmup", type=float, default=2.0,
                        help="seconds of load before the measured run (not counted)")
    args = parser.parse_args(argv)
    port = _free_port()
    requests = _requests(args.kind, 2000)
    process = _start(port, args.workers)
    try:
        if args.warmup > 0:
            asyncio.run(_load(port, requests, args.clients, args.warmup))
        latencies, errors, elapsed = asyncio.run(
            _load(port, requests, args.clients, args.seconds))
    finally:
        process.terminate()
        process.wait(timeout=30)
    import baji

    print(f"baji {baji.__version__} serve --workers {args.workers}: {args.kind}, "
          f"{args.clients} clients, {args.seconds:g} s; CPython {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}")
    count = len(latencies)
    print(f"requests      {count:>10,}")
    print(f"requests/s    {count / elapsed:>10,.0f}")
    if latencies:
        print(f"latency p50   {_percentile(latencies, 0.50) * 1000:>10.1f} ms")
        print(f"latency p99   {_percentile(latencies, 0.99) * 1000:>10.1f} ms")
        print(f"latency max   {max(latencies) * 1000:>10.1f} ms")
    print(f"errors        {len(errors):>10,}" + (f"  (first: {errors[0]})" if errors else ""))
    return 1 if errors or not latencies else 0


if __name__ == "__main__":
    raise SystemExit(main())
