"""Load benchmark for `mtus-check serve` (not a test): N pre-checks over C keep-alive connections.

    python -m mtus_check.web.bench --workers 2 --clients 50 --count 20000

Starts the server on a free local port, sends generated requests (mtus_check.bench.generate) to
POST /v1/precheck, and prints requests/s and p50/p99 latency. The client runs on the same machine,
so it takes CPU from the server: the numbers are a floor."""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

from mtus_check.bench import generate


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _client(port: int, bodies: list[bytes], queue: asyncio.Queue[int], latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            try:
                i = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            body = bodies[i % len(bodies)]
            head = (
                "POST /v1/precheck HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n"
            )
            start = time.perf_counter()
            writer.write(head.encode() + body)
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if b" 200 " not in status:
                raise RuntimeError(f"request {i}: {status.decode().strip()}")
    finally:
        writer.close()


async def _drive(port: int, clients: int, count: int) -> tuple[float, list[float]]:
    # dated inside the period the bundled pack covers, so the rules are run rather than skipped
    dated = [{**r.model_dump(mode="json", exclude_none=True), "date_of_service": "2015-06-01"} for r in generate(500)]
    bodies = [json.dumps(d).encode() for d in dated]
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(count):
        queue.put_nowait(i)
    latencies: list[float] = []
    start = time.perf_counter()
    await asyncio.gather(*(_client(port, bodies, queue, latencies) for _ in range(clients)))
    return time.perf_counter() - start, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--count", type=int, default=20000)
    args = parser.parse_args()
    port = _free_port()
    cmd = [sys.executable, "-m", "mtus_check", "serve", "--port", str(port), "--workers", str(args.workers)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        asyncio.run(_drive(port, args.clients, min(args.count, 2000)))  # warm every worker
        elapsed, latencies = asyncio.run(_drive(port, args.clients, args.count))
    finally:
        server.terminate()
        server.wait(timeout=30)
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{len(latencies)} pre-checks, {args.clients} clients, {args.workers} workers: "
        f"{len(latencies) / elapsed:.0f} requests/s, p50 {1000 * cuts[49]:.1f} ms, p99 {1000 * cuts[98]:.1f} ms"
    )


if __name__ == "__main__":
    main()
