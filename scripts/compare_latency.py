#!/usr/bin/env python3
"""Paired time-to-first-byte comparison of two builds of lmarena2api.

Starts `mock` and `serve` of each binary over benchmarks/fixtures, then sends streamed chat
requests to the two gateways alternately (so drift of a noisy machine hits both alike) and prints
the median and p90 time to first byte of each. `lmarena2api bench` runs its repetitions one after
the other, minutes apart; this pairs them request by request.

Usage: python3 scripts/compare_latency.py OLD_BINARY NEW_BINARY [REQUESTS]   (from the repository root)
Pacing is off unless COMPARE_ENV says otherwise: settings in COMPARE_ENV ("NAME=VALUE NAME=VALUE")
are given to both gateways, e.g.
COMPARE_ENV="SESSION_CONCURRENCY=1 SESSION_MIN_INTERVAL=0 SESSION_WINDOW=0" for one free, paced account.
"""
import socket, subprocess, time, os, statistics, json, sys
def free():
    s=socket.socket(); s.bind(("127.0.0.1",0)); p=s.getsockname()[1]; s.close(); return p
def wait(port, path):
    for _ in range(200):
        try:
            c=socket.create_connection(("127.0.0.1",port),timeout=1); c.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()); d=c.recv(100); c.close()
            if b"200" in d: return
        except OSError: pass
        time.sleep(0.05)
    raise SystemExit("not ready")
def stack(binary, fixtures):
    mp, sp = free(), free()
    env=dict(os.environ)
    m=subprocess.Popen([binary,"mock","--fixtures",fixtures,"--port",str(mp),"--speed","0"],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)
    env.update({"PORT":str(sp),"HOST":"127.0.0.1","LMARENA_BASE_URL":f"http://127.0.0.1:{mp}","LA_COOKIE":"bench-session","RECAPTCHA_TOKEN":"bench-token","REQUEST_RATE_LIMIT":"0","API_SECRET":"","DATA_DIR":"none",
                "SESSION_CONCURRENCY":"0","SESSION_MIN_INTERVAL":"0","SESSION_WINDOW":"0"})
    env.update(dict(pair.split("=",1) for pair in os.environ.get("COMPARE_ENV","").split()))
    s=subprocess.Popen([binary,"serve"],env=env,stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)
    wait(mp,"/_mockarena/health"); wait(sp,"/healthz")
    return (m,s,sp)
body=json.dumps({"model":"gpt-4.1-2025-04-14","stream":True,"messages":[{"role":"user","content":"bench short"}]}).encode()
req=b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body
def ttfb(port):
    c=socket.create_connection(("127.0.0.1",port)); t=time.perf_counter(); c.sendall(req); c.recv(1); t2=time.perf_counter()
    while c.recv(65536): pass
    c.close(); return (t2-t)*1000
def main():
    fixtures=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "benchmarks", "fixtures")
    old=stack(sys.argv[1], fixtures)
    new=stack(sys.argv[2], fixtures)
    a,b=[],[]
    for i in range(50): ttfb(old[2]); ttfb(new[2])
    for i in range(int(sys.argv[3]) if len(sys.argv) > 3 else 1000):
        if i%2: a.append(ttfb(old[2])); b.append(ttfb(new[2]))
        else: b.append(ttfb(new[2])); a.append(ttfb(old[2]))
    for p in old[:2]+new[:2]: p.terminate()
    q=lambda v,x: statistics.quantiles(v,n=100)[x-1]
    print(f"old: p50 {statistics.median(a):.3f} p90 {q(a,90):.3f} ms   new: p50 {statistics.median(b):.3f} p90 {q(b,90):.3f} ms  (n={len(a)} each, alternating)")


if __name__ == "__main__":
    main()
