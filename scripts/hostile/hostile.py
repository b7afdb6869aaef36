#!/usr/bin/env python3
"""Hostile and heavy clients against a locally started release webhook (loopback only, bounded, self-stopping).

Usage: hostile.py ATTACK [--seconds N]    ATTACK: slowloris idle-flood oversized garbage half-close reset
                                                  metric-labels max soak rotation all
Starts `.build/release/linkerd-policy-webhook serve` on 127.0.0.1 with throwaway certificates, runs the attack
while a separate process sends legitimate AdmissionReviews (examples/reviews/server-create.json), then prints
one JSON line per attack with the legitimate traffic's count, failures and latency percentiles, the attack's
own figures, and the server's RSS and descriptor counts. Every loop is bounded in time and count; every target
address is 127.0.0.1.
"""
import argparse
import asyncio
import collections
import json
import os
import random
import resource
import shutil
import signal
import socket
import ssl
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.path.join(ROOT, ".build", "release", "linkerd-policy-webhook")
BODY = open(os.path.join(ROOT, "examples", "reviews", "server-create.json"), "rb").read()
UID = json.loads(BODY)["request"]["uid"].encode()
HOST = "127.0.0.1"


def raise_fd_limit(wanted):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(max(soft, wanted), hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def request(body=BODY, path="/validate?timeout=10s"):
    return (b"POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
            % (path.encode(), len(body))) + body


# MARK: - The server under test

class Server:
    """The release binary on two free loopback ports, with certificates in a temporary folder."""

    def __init__(self, extra_args=()):
        self.dir = tempfile.mkdtemp(prefix="hostile-")
        subprocess.run(["sh", os.path.join(ROOT, "certs", "generate.sh"), self.dir], check=True,
                       stdout=subprocess.DEVNULL)
        self.port, self.admin = free_port(), free_port()
        self.ca = os.path.join(self.dir, "ca.crt")
        self.cert, self.key = os.path.join(self.dir, "server.crt"), os.path.join(self.dir, "server.key")
        self.log = open(os.path.join(self.dir, "server.log"), "wb")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--server-addr", f"{HOST}:{self.port}", "--admin-addr", f"{HOST}:{self.admin}",
             "--server-tls-certs", self.cert, "--server-tls-key", self.key,
             "--inventory", os.path.join(ROOT, "examples", "inventory.yaml"), "--log-level", "warning", *extra_args],
            stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=lambda: raise_fd_limit(20000))
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with socket.create_connection((HOST, self.admin), timeout=1) as s:
                    s.sendall(b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    if b" 200 " in s.recv(1024):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not become ready")

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def fds(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def stop(self):
        alive = self.process.poll() is None
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = "killed"
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return {"alive_at_end": alive, "exit_code": code}


def client_context(ca):
    context = ssl.create_default_context(cafile=ca)
    context.check_hostname = True
    return context


# MARK: - Legitimate traffic (run in its own process so attack work does not skew its latency)

async def read_response(reader):
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    body = await reader.readexactly(length)
    return int(head.split(b" ", 2)[1]), head, body


async def legit_worker(port, ca, rate, deadline, results, reconnect_every):
    context = client_context(ca)
    interval = 1.0 / rate
    next_at = time.perf_counter()
    reader = writer = None
    sent = 0
    while time.perf_counter() < deadline:
        next_at += interval
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(HOST, port, ssl=context, server_hostname="localhost"), 10)
            start = time.perf_counter()
            writer.write(request())
            status, head, body = await asyncio.wait_for(read_response(reader), 10)
            elapsed = time.perf_counter() - start
            if status == 200 and UID in body:
                results["latencies"].append(elapsed)
            else:
                results["failures"].append(f"status {status}")
            sent += 1
            if b"connection: close" in head.lower() or (reconnect_every and sent % reconnect_every == 0):
                writer.close()
                writer = None
        except Exception as error:  # every failure is counted; the worker reconnects
            results["failures"].append(type(error).__name__ + ": " + str(error)[:80])
            results["failure_times"].append(time.perf_counter() - results["started"])
            if writer is not None:
                writer.close()
            writer = None
        delay = next_at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            next_at = time.perf_counter()
    if writer is not None:
        writer.close()


def legit_main(port, ca, seconds, rate, connections, reconnect_every):
    results = {"latencies": [], "failures": [], "failure_times": [], "started": time.perf_counter()}

    async def run():
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(legit_worker(port, ca, rate / connections, deadline, results, reconnect_every)
                               for _ in range(connections)))

    asyncio.run(run())
    latencies = sorted(results["latencies"])

    def pct(p):
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000, 2) if latencies else None

    print(json.dumps({"ok": len(latencies), "failed": len(results["failures"]),
                      "failures": sorted(set(results["failures"]))[:5],
                      "failure_seconds": sorted({round(t) for t in results["failure_times"]})[:20],
                      "p50_ms": pct(0.5), "p99_ms": pct(0.99), "max_ms": pct(1.0),
                      "rate_per_s": round(len(latencies) / seconds, 1)}))


def start_legit(server, seconds, rate=100, connections=4, reconnect_every=0):
    return subprocess.Popen(
        [sys.executable, __file__, "_legit", "--port", str(server.port), "--ca", server.ca, "--seconds", str(seconds),
         "--rate", str(rate), "--connections", str(connections), "--reconnect-every", str(reconnect_every)],
        stdout=subprocess.PIPE)


def finish_legit(process):
    out, _ = process.communicate(timeout=600)
    return json.loads(out.decode().strip().splitlines()[-1])


# MARK: - Attacks

async def tls_connect(port, ca, timeout=10):
    return await asyncio.wait_for(
        asyncio.open_connection(HOST, port, ssl=client_context(ca), server_hostname="localhost"), timeout)


async def closed_by_peer(reader, timeout):
    """Seconds until the server closes the connection (EOF or reset), or None if it stayed open."""
    start = time.perf_counter()
    try:
        while True:
            data = await asyncio.wait_for(reader.read(65536), timeout - (time.perf_counter() - start))
            if not data:
                return time.perf_counter() - start
    except (ConnectionError, ssl.SSLError, OSError):
        return time.perf_counter() - start
    except asyncio.TimeoutError:
        return None


async def reopened_connections(server, stats, deadline, pause):
    """TLS connections for an attacker that reopens its connection whenever the last one ends, until `deadline`:
    each counted in `stats`; one the server refused counts as a connect error and is retried after `pause` s."""
    while time.perf_counter() < deadline:
        try:
            connection = await tls_connect(server.port, server.ca)
        except Exception:
            stats["connect_errors"] += 1
            await asyncio.sleep(pause)
            continue
        stats["connections_opened"] += 1
        yield connection


async def slowloris(server, seconds, count=1000):
    """`count` TLS connections, each sending one byte of a request head per second; reopened when closed."""
    stats = {"connections_opened": 0, "closed_by_server": 0, "close_after_s": [], "connect_errors": 0}
    head = b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Pad: " + b"a" * 4096
    deadline = time.perf_counter() + seconds

    async def one():
        async for reader, writer in reopened_connections(server, stats, deadline, pause=1):
            opened = time.perf_counter()
            closing = asyncio.ensure_future(closed_by_peer(reader, deadline - opened + 1))
            for byte in head:
                if closing.done() or time.perf_counter() >= deadline:
                    break
                try:
                    writer.write(bytes([byte]))
                except Exception:
                    break
                await asyncio.sleep(1)
            after = await closing if closing.done() else None
            if not closing.done():
                closing.cancel()
            if after is not None:
                stats["closed_by_server"] += 1
                stats["close_after_s"].append(time.perf_counter() - opened)
            writer.close()

    await asyncio.gather(*(one() for _ in range(count)))
    closes = stats.pop("close_after_s")
    stats["median_close_after_s"] = round(statistics.median(closes), 1) if closes else None
    return stats


async def idle_flood(server, seconds, count=10000):
    """`count` plain TCP connections that never send a byte (no TLS handshake); reopened when closed."""
    stats = {"connected": 0, "closed_by_server": 0, "connect_errors": 0, "close_after_s": []}
    deadline = time.perf_counter() + seconds
    semaphore = asyncio.Semaphore(500)  # bounded connect burst

    async def one():
        while time.perf_counter() < deadline:
            async with semaphore:
                try:
                    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, server.port), 10)
                except Exception:
                    stats["connect_errors"] += 1
                    await asyncio.sleep(1)
                    continue
            stats["connected"] += 1
            after = await closed_by_peer(reader, deadline - time.perf_counter())
            writer.close()
            if after is None:
                break
            stats["closed_by_server"] += 1
            stats["close_after_s"].append(after)

    peak = {"fds": 0}

    async def sample():
        while time.perf_counter() < deadline:
            peak["fds"] = max(peak["fds"], server.fds())
            await asyncio.sleep(1)

    await asyncio.gather(sample(), *(one() for _ in range(count)))
    closes = stats.pop("close_after_s")
    stats["median_close_after_s"] = round(statistics.median(closes), 1) if closes else None
    stats["server_peak_fds"] = peak["fds"]
    return stats


async def cycle_modes(seconds, workers, modes, attempt):
    """`workers` tasks try `modes` in turn until `seconds` pass; counts the key each `attempt(mode)` returns, or
    `mode: ErrorName` when it raised."""
    counts = collections.Counter()
    deadline = time.perf_counter() + seconds

    async def worker(index):
        while time.perf_counter() < deadline:
            mode = modes[index % len(modes)]
            index += 1
            try:
                counts[await attempt(mode)] += 1
            except Exception as error:
                counts[f"{mode}: {type(error).__name__}"] += 1

    await asyncio.gather(*(worker(i) for i in range(workers)))
    return dict(counts)


async def oversized(server, seconds, workers=8):
    """Heads past 16 KiB, Content-Length past the body limit, and chunked bodies streaming past it."""
    kinds = {
        "huge-head": b"POST /validate HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"b" * (1 << 20) + b"\r\n\r\n",
        "huge-content-length": b"POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 107374182400\r\n\r\n",
        "many-headers": b"POST /validate HTTP/1.1\r\nHost: x\r\n" + b"X-A: 1\r\n" * 5000 + b"\r\n",
        "chunked-16MiB": None,
    }

    async def attempt(name):
        reader, writer = await tls_connect(server.port, server.ca)
        if name == "chunked-16MiB":
            writer.write(b"POST /validate HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"%x\r\n" % 65536 + b"c" * 65536 + b"\r\n"
            for _ in range(256):
                writer.write(chunk)
                await writer.drain()
        else:
            writer.write(kinds[name])
            await writer.drain()
        status, _, _ = await asyncio.wait_for(read_response(reader), 15)
        writer.close()
        return f"{name}: {status}"

    return {"answers": await cycle_modes(seconds, workers, list(kinds), attempt)}


def client_hello():
    """The first flight of a real TLS client (a ClientHello), from a memory BIO."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ssl.create_default_context().wrap_bio(incoming, outgoing, server_hostname="localhost")
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return outgoing.read()


async def garbage(server, seconds, workers=32):
    """Random bytes instead of a ClientHello, a ClientHello cut short and followed by garbage, an HTTP request
    in plaintext, and random records after a complete handshake."""
    hello = client_hello()
    rng = random.Random(7)

    async def attempt(mode):
        if mode == "after-handshake":
            reader, writer = await tls_connect(server.port, server.ca)
            raw = writer.transport.get_extra_info("socket")
            # Write a forged application-data record straight to the TCP socket, bypassing TLS.
            os.write(raw.fileno(), b"\x17\x03\x03\x00\x40" + rng.randbytes(64))
        else:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, server.port), 10)
            if mode == "random":
                writer.write(rng.randbytes(rng.randint(1, 4096)))
            elif mode == "hello-then-garbage":
                writer.write(hello[: len(hello) // 2] + rng.randbytes(512))
            else:
                writer.write(request())
        after = await closed_by_peer(reader, 15)
        writer.close()
        return f"{mode}: closed" if after is not None else f"{mode}: left open 15 s"

    modes = ("random", "hello-then-garbage", "plaintext-http", "after-handshake")
    return {"outcomes": await cycle_modes(seconds, workers, modes, attempt)}


async def half_close(server, seconds, workers=32):
    """A full request then shutdown(SHUT_WR) on TCP (no close_notify); and a half-close before any byte."""

    async def attempt(mode):
        if mode == "before-handshake":
            reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, server.port), 10)
            writer.transport.get_extra_info("socket").shutdown(socket.SHUT_WR)
            after = await closed_by_peer(reader, 15)
            outcome = f"{mode}: closed" if after is not None else f"{mode}: left open"
        else:
            reader, writer = await tls_connect(server.port, server.ca)
            writer.write(request() if mode == "after-request" else request()[:40])
            await writer.drain()
            writer.transport.get_extra_info("socket").shutdown(socket.SHUT_WR)
            try:
                status, _, _ = await asyncio.wait_for(read_response(reader), 15)
                outcome = f"{mode}: answered {status}"
            except Exception as error:
                outcome = f"{mode}: {type(error).__name__}"
        writer.close()
        return outcome

    modes = ("after-request", "before-handshake", "mid-head")
    return {"outcomes": await cycle_modes(seconds, workers, modes, attempt)}


async def reset(server, seconds, workers=32):
    """Connections aborted with RST (SO_LINGER 0) mid-handshake, mid-head, mid-body and right after a request."""
    hello = client_hello()
    linger = struct.pack("ii", 1, 0)

    async def attempt(mode):
        if mode == "mid-handshake":
            reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, server.port), 10)
            writer.write(hello[:100])
        else:
            reader, writer = await tls_connect(server.port, server.ca)
            payload = request()
            writer.write({"mid-head": payload[:50], "mid-body": payload[:len(payload) - 1000],
                          "after-request": payload}[mode])
        await writer.drain()
        await asyncio.sleep(0.01)
        raw = writer.transport.get_extra_info("socket")
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        writer.transport.abort()
        return mode

    modes = ("mid-handshake", "mid-head", "mid-body", "after-request")
    return {"resets_sent": await cycle_modes(seconds, workers, modes, attempt)}


async def admin_get(server, path, timeout=10):
    """One GET on the admin port (plain HTTP, Connection: close): status, body bytes and seconds taken."""
    start = time.perf_counter()
    reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, server.admin), timeout)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await asyncio.wait_for(reader.read(-1), timeout)
    writer.close()
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body, time.perf_counter() - start


def labelled_review(kind, operation, group):
    """An AdmissionReview whose kind, group and operation are the attacker's."""
    review = json.loads(BODY)
    review["request"]["kind"] = {"group": group, "version": "v1", "kind": kind}
    review["request"]["operation"] = operation
    return json.dumps(review).encode()


async def metric_labels(server, seconds, workers=8):
    """Reviews with distinct random kinds (1 KiB each, and every 500th 1 MiB) and operations, as fast as `workers`
    keep-alive connections go; meanwhile /metrics is scraped every 0.5 s and /healthz asked every 0.1 s."""
    deadline = time.time() + seconds
    counts = collections.Counter()
    scrapes, health = [], []

    async def worker(index):
        rng = random.Random(index)
        reader, writer = await tls_connect(server.port, server.ca)
        while time.time() < deadline:
            sent = counts["sent"]
            size = (1 << 20) if sent % 500 == 499 else 1024
            kind = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(size))
            operation = rng.choice(["CREATE", "UPDATE", "DELETE", "CONNECT", "".join(rng.choice("XYZ") for _ in range(64))])
            group = rng.choice(["policy.linkerd.io", "x%d.example" % rng.randrange(1 << 30)])
            try:
                writer.write(request(labelled_review(kind, operation, group)))
                await writer.drain()
                status, _, _ = await asyncio.wait_for(read_response(reader), 15)
                counts["sent"] += 1
                counts[f"status {status}"] += 1
            except Exception as error:
                counts[type(error).__name__] += 1
                writer.close()
                reader, writer = await tls_connect(server.port, server.ca)
        writer.close()

    async def scraper():
        while time.time() < deadline:
            status, body, took = await admin_get(server, "/metrics")
            scrapes.append((status, len(body), took))
            await asyncio.sleep(0.5)

    async def prober():
        while time.time() < deadline:
            status, _, took = await admin_get(server, "/healthz")
            health.append((status, took))
            await asyncio.sleep(0.1)

    await asyncio.gather(*(worker(i) for i in range(workers)), scraper(), prober())
    _, final, final_took = await admin_get(server, "/metrics")
    health_ms = sorted(took * 1000 for _, took in health)
    return {
        "reviews": dict(counts),
        "metrics_bytes_max": max(size for _, size, _ in scrapes), "metrics_bytes_end": len(final),
        "metrics_series_end": sum(1 for line in final.split(b"\n") if line and not line.startswith(b"#")),
        "scrapes": len(scrapes), "scrape_ms_max": round(max(t for _, _, t in scrapes) * 1000, 2),
        "scrape_ms_end": round(final_took * 1000, 2),
        "healthz": {"count": len(health), "non_200": sum(1 for status, _ in health if status != 200),
                    "p50_ms": round(health_ms[len(health_ms) // 2], 2), "max_ms": round(health_ms[-1], 2)},
    }


async def trickle(server, seconds, count=18, interval=5):
    """`count` TLS connections (all but two of the server's --max-connections 20), each sending a whole head and
    then one body byte every `interval` seconds, so no idle timeout ever fires; reopened when the server answers
    or closes. The request deadline must answer each with 408 and free its slot."""
    stats = collections.Counter()
    answered_after = []
    deadline = time.perf_counter() + seconds
    head = b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n"

    async def one():
        async for reader, writer in reopened_connections(server, stats, deadline, pause=0.5):
            opened = time.perf_counter()
            try:
                writer.write(head)
                await writer.drain()
            except Exception:
                stats["closed before the head was sent"] += 1
                writer.close()
                continue
            answer = asyncio.ensure_future(read_response(reader))
            while not answer.done() and time.perf_counter() < deadline:
                try:
                    writer.write(b"{")
                except Exception:
                    break
                await asyncio.wait([answer], timeout=interval)
            if answer.done() and answer.exception() is None:
                status, _, _ = answer.result()
                stats[f"answered {status}"] += 1
                answered_after.append(time.perf_counter() - opened)
            elif answer.done():
                stats["closed without an answer"] += 1
            else:
                answer.cancel()
            writer.close()

    await asyncio.gather(*(one() for _ in range(count)))
    figures = dict(stats)
    figures["median_answer_after_s"] = round(statistics.median(answered_after), 2) if answered_after else None
    figures["max_answer_after_s"] = round(max(answered_after), 2) if answered_after else None
    return figures


async def partial_bodies(server, seconds, count=45, body=7 << 20):
    """`count` TLS connections, each sending a head announcing `body` bytes and all but the last byte of it, then
    holding; reopened when closed. The buffer budget (--max-buffered-bytes, what a 256Mi container limit gives)
    must close the connections past it so RSS stays far under the container limit."""
    stats = collections.Counter()
    peak = {"rss_kib": 0}
    deadline = time.perf_counter() + seconds
    head = b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % body
    chunk = b"a" * (64 << 10)

    async def one():
        async for reader, writer in reopened_connections(server, stats, deadline, pause=0.5):
            closing = asyncio.ensure_future(closed_by_peer(reader, deadline - time.perf_counter() + 1))
            try:
                writer.write(head)
                sent = 0
                while sent < body - 1 and not closing.done():
                    piece = chunk[:min(len(chunk), body - 1 - sent)]
                    writer.write(piece)
                    await writer.drain()
                    sent += len(piece)
                stats["bodies_all_but_one_byte_sent"] += 1 if sent == body - 1 else 0
            except Exception:
                stats["write_failed"] += 1
            after = await closing
            stats["closed_by_server" if after is not None else "still_open_at_end"] += 1
            writer.close()

    async def sampler():
        while time.perf_counter() < deadline:
            peak["rss_kib"] = max(peak["rss_kib"], server.rss_kib())
            await asyncio.sleep(0.1)

    await asyncio.gather(*(one() for _ in range(count)), sampler())
    return {**dict(stats), "peak_rss_mib": round(peak["rss_kib"] / 1024, 1),
            "bytes_attempted_at_once_mib": round(count * body / (1 << 20), 1)}


ATTACKS = {"slowloris": slowloris, "idle-flood": idle_flood, "oversized": oversized, "garbage": garbage,
           "half-close": half_close, "reset": reset, "metric-labels": metric_labels, "trickle": trickle,
           "partial-bodies": partial_bodies}

# Server flags an attack needs: a connection limit the trickle can fill; the budget a 256Mi container limit gives.
ATTACK_SERVER_ARGS = {"trickle": ["--max-connections", "20"], "partial-bodies": ["--max-buffered-bytes", "64Mi"]}
# Legitimate traffic an attack leaves room for: one client reconnecting every 5 requests, so new clients are
# tried while the other free slot absorbs a closing connection not yet reaped.
ATTACK_LEGIT = {"trickle": {"connections": 1, "rate": 10, "reconnect_every": 5}}


def run_attack(name, seconds):
    raise_fd_limit(20000)
    server = Server(ATTACK_SERVER_ARGS.get(name, ()))
    try:
        baseline = {"rss_kib": server.rss_kib(), "fds": server.fds()}
        legit = start_legit(server, seconds + 2, **ATTACK_LEGIT.get(name, {}))
        time.sleep(1)
        attack = asyncio.run(ATTACKS[name](server, seconds))
        during = {"rss_kib": server.rss_kib(), "fds": server.fds()}
        legit_result = finish_legit(legit)
        time.sleep(3)
        after = {"rss_kib": server.rss_kib(), "fds": server.fds()}
    finally:
        stopped = server.stop()
    return {"attack": name, "seconds": seconds, "legit": legit_result, "attack_figures": attack,
            "server": {"baseline": baseline, "end_of_attack": during, "3s_after": after, **stopped}}


# MARK: - Capacity, soak and rotation

def measure_max(server, seconds=10, connections=16):
    """Closed-loop throughput with `connections` keep-alive clients in two processes (the client is the
    bottleneck on 2 shared cores, so this is the most this tool can drive, not the server's ceiling)."""
    processes = [start_legit(server, seconds, rate=100000, connections=connections // 2) for _ in range(2)]
    results = [finish_legit(p) for p in processes]
    return {"rate_per_s": round(sum(r["rate_per_s"] for r in results), 1), "failed": sum(r["failed"] for r in results),
            "p99_ms": max(r["p99_ms"] or 0 for r in results)}


def soak(seconds):
    server = Server()
    try:
        maximum = measure_max(server)
        time.sleep(2)
        baseline = {"rss_kib": server.rss_kib(), "fds": server.fds()}
        rate = int(maximum["rate_per_s"] * 0.8)
        legit = [start_legit(server, seconds, rate=rate // 2, connections=8) for _ in range(2)]
        samples = []
        start = time.time()
        while any(p.poll() is None for p in legit) and time.time() - start < seconds + 60:
            samples.append((round(time.time() - start, 1), server.rss_kib(), server.fds()))
            time.sleep(1)
        results = [finish_legit(p) for p in legit]
        time.sleep(3)
        after = {"rss_kib": server.rss_kib(), "fds": server.fds()}
    finally:
        stopped = server.stop()
    half = [s for s in samples if s[0] >= seconds / 2]
    slope = 0.0
    if len(half) > 2:
        xs, ys = [s[0] for s in half], [s[1] for s in half]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / max(sum((x - mx) ** 2 for x in xs), 1e-9)
    rss = [s[1] for s in samples]
    return {"attack": "soak", "seconds": seconds, "max": maximum, "target_rate_per_s": rate,
            "legit": {"ok": sum(r["ok"] for r in results), "failed": sum(r["failed"] for r in results),
                      "rate_per_s": round(sum(r["rate_per_s"] for r in results), 1),
                      "p50_ms": max(r["p50_ms"] or 0 for r in results), "p99_ms": max(r["p99_ms"] or 0 for r in results),
                      "failures": sum((r["failures"] for r in results), [])[:5]},
            "server": {"baseline": baseline, "rss_kib_min": min(rss), "rss_kib_max": max(rss),
                       "rss_kib_first": rss[0], "rss_kib_last": rss[-1],
                       "rss_slope_kib_per_min_second_half": round(slope * 60, 1),
                       "fds_max_during": max(s[2] for s in samples), "after": after, **stopped}}


def served_certificate(server):
    """The SHA-256 of the certificate a new TLS client is served now."""
    import hashlib
    with socket.create_connection((HOST, server.port), timeout=5) as raw:
        with client_context(server.ca).wrap_socket(raw, server_hostname="localhost") as tls:
            return hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest()[:16]


def rotation(seconds):
    """Swaps the serving certificate every second (atomic renames, as kubelet swaps a Secret) while clients,
    half of them opening a new connection for every request, keep sending reviews."""
    server = Server()
    spare = tempfile.mkdtemp(prefix="hostile-rotate-")
    try:
        # A second serving pair signed by the same CA: generate.sh makes a CA per folder, so re-sign here.
        subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-out", f"{spare}/b.key"], check=True, capture_output=True)
        subprocess.run(["openssl", "req", "-new", "-key", f"{spare}/b.key", "-subj", "/CN=localhost",
                        "-out", f"{spare}/b.csr"], check=True, capture_output=True)
        with open(f"{spare}/ext", "w") as ext:
            ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
        subprocess.run(["openssl", "x509", "-req", "-in", f"{spare}/b.csr", "-CA", server.ca, "-CAkey",
                        os.path.join(server.dir, "ca.key"), "-CAcreateserial", "-days", "2", "-extfile",
                        f"{spare}/ext", "-out", f"{spare}/b.crt"], check=True, capture_output=True)
        shutil.copy(server.cert, f"{spare}/a.crt")
        shutil.copy(server.key, f"{spare}/a.key")
        keep_alive = start_legit(server, seconds, rate=200, connections=4)
        fresh = start_legit(server, seconds, rate=100, connections=4, reconnect_every=1)
        rotations = 0
        served = []
        start = time.time()
        while time.time() - start < seconds:
            pair = "b" if rotations % 2 == 0 else "a"
            # Key first, then certificate, each by rename: a reload may see a new key with the old certificate
            # for a moment, which the server must refuse while keeping the previous pair.
            for suffix, target in (("key", server.key), ("crt", server.cert)):
                shutil.copy(f"{spare}/{pair}.{suffix}", target + ".tmp")
                os.replace(target + ".tmp", target)
            rotations += 1
            time.sleep(0.5)
            served.append(served_certificate(server))
            time.sleep(0.5)
        results = {"keep_alive": finish_legit(keep_alive), "new_connection_each_request": finish_legit(fresh)}
        # How often the certificate a new client sees changed: each change is a reload that took effect.
        reloads = sum(1 for a, b in zip(served, served[1:]) if a != b)
    finally:
        stopped = server.stop()
        shutil.rmtree(spare, ignore_errors=True)
    return {"attack": "rotation", "seconds": seconds, "rotations": rotations, "legit": results,
            "served_certificate_changes": reloads, "server": stopped}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "_legit":
        parser = argparse.ArgumentParser()
        for flag in ("--port", "--rate", "--connections", "--reconnect-every"):
            parser.add_argument(flag, type=int)
        parser.add_argument("--seconds", type=float)
        parser.add_argument("--ca")
        args = parser.parse_args(sys.argv[2:])
        legit_main(args.port, args.ca, args.seconds, args.rate, args.connections, args.reconnect_every)
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("attack", choices=[*ATTACKS, "max", "soak", "rotation", "all"])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("ATTACK_SECONDS", "20")))
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} is missing: run `make release` first")
    names = [*ATTACKS, "rotation"] if args.attack == "all" else [args.attack]
    for name in names:
        if name == "soak":
            result = soak(int(os.environ.get("SOAK_SECONDS", args.seconds)))
        elif name == "rotation":
            result = rotation(args.seconds)
        elif name == "max":
            server = Server()
            try:
                result = {"attack": "max", **measure_max(server, seconds=args.seconds)}
            finally:
                server.stop()
        else:
            result = run_attack(name, args.seconds)
        print(json.dumps(result), flush=True)


main()
