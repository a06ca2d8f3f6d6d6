#!/usr/bin/env bash
# Runs every test: Swift units, replay, end-to-end over sockets, replay timing, the official
# OpenAI Python SDK against the demo and against `serve` in front of `mock`, and the client
# libraries against the demo, every answer checked against OpenAI's shapes.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

# The official SDK and the client libraries of Tests/clients, pinned so that pip resolves at once.
if [ ! -x .venv/bin/pytest ] || ! .venv/bin/python -c "import openai, httpx, langchain_openai, pydantic_ai, agents, instructor, litellm" 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r Tests/sdk/requirements.txt -r Tests/clients/requirements.txt
fi
# The set-up script's own decisions.
.venv/bin/pytest -q -p no:cacheprovider Tests/scripts

# One style: swift-format's lint with the project's .swift-format (the toolchain ships it).
swift format lint --strict --recursive Sources Tests Package.swift
# The layers may use only what their targets declare (docs/ARCHITECTURE.md, "The layers").
swift build --build-tests --explicit-target-dependency-import-check error
# Fixtures must be valid, hold no live credential, and be exactly what the one generator writes.
.build/debug/lmarena2api fixtures check fixtures
.build/debug/lmarena2api fixtures check benchmarks/fixtures
python3 scripts/synthesize_fixtures.py --check
timed='MockArenaTimingTests|RecordReplayRoundTripTests|ImagesEndToEndTests|PacingEndToEndTests'
swift test --skip "$timed"
# The suites that replay at recorded speed run each by itself: they assert only what the code
# controls (bytes, chunk boundaries, never early), but beside the parallel suites they would
# slow the others down for nothing. The pacing suite plays the site's penalty at tenths of a
# second: beside ninety other suites, a request could reach MockArena that much later than the
# gateway let it start.
for suite in MockArenaTimingTests RecordReplayRoundTripTests ImagesEndToEndTests PacingEndToEndTests; do
  swift test --filter "$suite"
done

binary=.build/debug/lmarena2api

# Fuzzing, a short run of every target (2,000 inputs each): the targets build and run; the long
# run and its figures are in docs/FUZZING.md.
bash scripts/fuzz.sh --runs 2000

# The benchmark, with tiny counts: it keeps working; its figures are not read here.
"$binary" bench --quick >/tmp/lmarena2api-bench.log 2>&1 || { cat /tmp/lmarena2api-bench.log; exit 1; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_ready() {
  for _ in $(seq 1 100); do
    if curl -fs "$1" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "server at $1 did not become ready" >&2
  return 1
}

# Layer 4a: the demo, exactly as the README runs it (at replay speed 0 to keep CI quick).
demo_port=$(free_port)
PORT=$demo_port "$binary" demo --speed 0 >/tmp/lmarena2api-demo.log 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$demo_port/healthz"
# Every body, chunk and event the clients see passes OpenAI's shapes (Tests/conformance); the
# checks themselves are tested first.
(cd Tests/conformance && ../../.venv/bin/pytest -q -p no:cacheprovider test_openai_shapes.py)
# The banner names MockArena's port: the vision tests read what arrived at its upload store.
demo_mock=$(grep -o 'recorded exchanges on http://[0-9.:]*' /tmp/lmarena2api-demo.log | grep -o 'http://.*')
LMARENA2API_BASE_URL="http://127.0.0.1:$demo_port/v1" MOCKARENA_URL="$demo_mock" .venv/bin/pytest -q Tests/sdk
# Layer 4c: the client libraries (LangChain, pydantic-ai, openai-agents, instructor, LiteLLM).
LMARENA2API_BASE_URL="http://127.0.0.1:$demo_port/v1" .venv/bin/pytest -q Tests/clients

# Layer 4a': a rate-limited burst through the SDK, on a demo of its own with REQUEST_RATE_LIMIT=5.
burst_port=$(free_port)
PORT=$burst_port REQUEST_RATE_LIMIT=5 "$binary" demo --speed 0 >/tmp/lmarena2api-burst.log 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$burst_port/healthz"
LMARENA2API_BASE_URL="http://127.0.0.1:$burst_port/v1" .venv/bin/pytest -q Tests/sdk_rate_limit

# Layer 4b: serve pointed at mock with LMARENA_BASE_URL must answer as the demo does.
mock_port=$(free_port)
serve_port=$(free_port)
"$binary" mock --fixtures fixtures --port "$mock_port" --speed 0 >/tmp/lmarena2api-mock.log 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$mock_port/_mockarena/health"
state_dir=$(mktemp -d)
# Pacing off, as in the demo: this MockArena penalizes no account.
PORT=$serve_port HOST=127.0.0.1 DATA_DIR="$state_dir" LMARENA_BASE_URL="http://127.0.0.1:$mock_port" LA_COOKIE=demo-session-1,demo-session-2,demo-session-3 RECAPTCHA_TOKEN=sdk-token \
  API_SECRET=sdk-key IMAGE_DOWNLOADS=any SESSION_CONCURRENCY=0 SESSION_MIN_INTERVAL=0 SESSION_WINDOW=0 "$binary" serve >/tmp/lmarena2api-serve.log 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$serve_port/healthz"
LMARENA2API_BASE_URL="http://127.0.0.1:$serve_port/v1" LMARENA2API_KEY=sdk-key MOCKARENA_URL="http://127.0.0.1:$mock_port" .venv/bin/pytest -q Tests/sdk
