#!/usr/bin/env python3
"""Paired CPU comparison of two builds of lmarena2api: CPU time per 1,000 streamed chunks.

Starts `mock` and `serve` of each binary over benchmarks/fixtures (speed 0), then runs rounds of
streams of the 1,000-chunk answer through each gateway in turn (8 at once, 64 per round), reading
every byte, and reads each gateway's CPU time from /proc/PID/stat around the round. Alternating
rounds put the drift of a busy machine on both alike; `lmarena2api bench` runs its builds minutes apart.

Usage: python3 scripts/compare_cpu.py OLD_BINARY NEW_BINARY [ROUNDS] [chat|responses]   (from the repository root)
Settings in COMPARE_ENV ("NAME=VALUE ...") are given to both gateways.
"""
import json, os, socket, statistics, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_latency import free, wait  # noqa: E402  (the stack helpers)


def stack(binary, fixtures):
    mock_port, serve_port = free(), free()
    mock = subprocess.Popen([binary, "mock", "--fixtures", fixtures, "--port", str(mock_port), "--speed", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, PORT=str(serve_port), HOST="127.0.0.1", LMARENA_BASE_URL=f"http://127.0.0.1:{mock_port}",
               LA_COOKIE="bench-session", RECAPTCHA_TOKEN="bench-token", REQUEST_RATE_LIMIT="0", API_SECRET="", DATA_DIR="none",
               SESSION_CONCURRENCY="0", SESSION_MIN_INTERVAL="0", SESSION_WINDOW="0")
    env.update(dict(pair.split("=", 1) for pair in os.environ.get("COMPARE_ENV", "").split()))
    serve = subprocess.Popen([binary, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait(mock_port, "/_mockarena/health")
    wait(serve_port, "/healthz")
    return mock, serve, serve_port


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


RESPONSES = len(sys.argv) > 4 and sys.argv[4] == "responses"
if RESPONSES:
    PATH = b"/v1/responses"
    BODY = json.dumps({"model": "gpt-4.1-2025-04-14", "stream": True, "input": "bench long"}).encode()
else:
    PATH = b"/v1/chat/completions"
    BODY = json.dumps({"model": "gpt-4.1-2025-04-14", "stream": True, "messages": [{"role": "user", "content": "bench long"}]}).encode()
REQUEST = b"POST " + PATH + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(BODY) + BODY


def stream(port):
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(REQUEST)
    while connection.recv(65536):
        pass
    connection.close()


def round_of(port, pid, streams=64, parallel=8):
    before = cpu_seconds(pid)
    for start in range(0, streams, parallel):
        threads = [threading.Thread(target=stream, args=(port,)) for _ in range(parallel)]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
    return (cpu_seconds(pid) - before) * 1000 / streams  # ms per stream of 1,000 chunks


fixtures = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks", "fixtures")
old, new = stack(sys.argv[1], fixtures), stack(sys.argv[2], fixtures)
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
round_of(old[2], old[1].pid, 16); round_of(new[2], new[1].pid, 16)
a, b = [], []
for index in range(rounds):
    pair = [(old, a), (new, b)] if index % 2 else [(new, b), (old, a)]
    for (mock, serve, port), sink in pair:
        sink.append(round_of(port, serve.pid))
for process in old[:2] + new[:2]:
    process.terminate()
print(f"old: median {statistics.median(a):.2f} ms (min {min(a):.2f}, max {max(a):.2f})   "
      f"new: median {statistics.median(b):.2f} ms (min {min(b):.2f}, max {max(b):.2f})   CPU per 1,000 chunks ({PATH.decode()}), {rounds} alternating rounds of 64 streams")
