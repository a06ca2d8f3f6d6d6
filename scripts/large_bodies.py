#!/usr/bin/env python3
"""Memory under concurrent large bodies (issue 11, defect 4): `serve` in front of `mock`, then
N concurrent chat requests of SIZE bytes each; prints the gateway's peak RSS (VmHWM), its RSS
five seconds after the last answer, and the statuses the clients got.

    python3 scripts/large_bodies.py [--binary .build/release/lmarena2api] [--clients 30] [--size 8000000]
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port, path):
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit(f"nothing answered on port {port}")


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) / 1024
    return fields


def post(port, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("POST", "/v1/chat/completions", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError as error:
        # An early answer (503) closes the connection while the body is still being sent.
        try:
            return connection.getresponse().status
        except Exception:
            return type(error).__name__


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/lmarena2api")
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--size", type=int, default=8_000_000)
    options = parser.parse_args()
    mock_port, serve_port = free_port(), free_port()
    logs = tempfile.mkdtemp()
    mock = subprocess.Popen([options.binary, "mock", "--fixtures", "fixtures", "--port", str(mock_port), "--speed", "0"],
                            stdout=open(os.path.join(logs, "mock.log"), "w"), stderr=subprocess.STDOUT)
    environment = dict(os.environ, PORT=str(serve_port), HOST="127.0.0.1", DATA_DIR="none", REQUEST_RATE_LIMIT="0", SESSION_CONCURRENCY="0", SESSION_MIN_INTERVAL="0", SESSION_WINDOW="0", MAX_PROMPT_CHARS="10000000",
                       LMARENA_BASE_URL=f"http://127.0.0.1:{mock_port}", LA_COOKIE="demo-session-1", RECAPTCHA_TOKEN="t", MAX_RETRIES="0")
    serve = subprocess.Popen([options.binary, "serve"], env=environment,
                             stdout=open(os.path.join(logs, "serve.log"), "w"), stderr=subprocess.STDOUT)
    try:
        wait_ready(mock_port, "/_mockarena/health")
        wait_ready(serve_port, "/healthz")
        start = memory(serve.pid)
        body = json.dumps({"model": "gpt-4.1-2025-04-14", "messages": [{"role": "user", "content": "x" * options.size}]}).encode()
        with concurrent.futures.ThreadPoolExecutor(options.clients) as pool:
            statuses = list(pool.map(lambda _: post(serve_port, body), range(options.clients)))
        time.sleep(5)
        end = memory(serve.pid)
        counts = {str(s): statuses.count(s) for s in sorted(set(statuses), key=str)}
        print(open(os.path.join(logs, "serve.log")).read()[-3000:], file=sys.stderr) if os.environ.get("SHOW_LOG") else None
        print(json.dumps({"clients": options.clients, "bytes": len(body), "rss_start_mib": round(start["VmRSS"], 1),
                          "peak_rss_mib": round(end["VmHWM"], 1), "rss_after_mib": round(end["VmRSS"], 1), "statuses": counts}))
    finally:
        serve.terminate()
        mock.terminate()
        serve.wait()
        mock.wait()


if __name__ == "__main__":
    main()
