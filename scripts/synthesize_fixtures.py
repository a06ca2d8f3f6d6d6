#!/usr/bin/env python3
"""Writes the synthesized fixtures under fixtures/ (docs/FIXTURES.md format).

Each fixture is built from the protocol facts of docs/UPSTREAM.md. Besides the HAR fields, each
carries `_fixture.expect`: what a client of the gateway must see, computed here independently
of the Swift stream parser, so the tests compare the gateway against a separate oracle.

It is the project's one fixture generator: it also writes the benchmark's fixtures under
benchmarks/fixtures/. With --check it writes everything into a temporary directory and fails,
naming each file, when a committed fixture differs from what it generates (the test command runs
it so): edit this script, never a synthesized fixture by hand.

Run from anywhere: python3 scripts/synthesize_fixtures.py [--check]
"""
import base64
import filecmp
import json
import os
import sys
import tempfile

REPOSITORY = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
ROOT = os.path.join(REPOSITORY, "fixtures")
BENCH_ROOT = os.path.join(REPOSITORY, "benchmarks", "fixtures")
RECORDED_AT = "2026-11-26T10:00:00Z"
V2 = "https://arena.ai"
LEGACY = "https://canary.lmarena.ai"

MODELS = {
    "gpt-4.1-2025-04-14": "14e9311c-94d2-40c2-8c54-273947e208b0",
    "claude-3-7-sonnet-20250219-thinking-32k": "be98fcfd-345c-4ae1-9a82-a19123ebf1d2",
    "gemini-2.0-flash-001": "7a55108b-b997-4cff-a72f-5aa83beee918",
    "deepseek-v3-0324": "2f5253e4-75be-473c-bcfc-baeb3df0f8ad",
    "claude-sonnet-4-20250514": "ac44dd10-0666-451c-b824-386ccfea7bcc",
    "dall-e-3": "bb97bc68-131c-4ea4-a59e-03a6252de0d2",
    "o3-mini": "c680645e-efac-4a81-b0af-da16902b2541",
    "qwen3-235b-a22b": "2595a594-fa54-4299-97cd-2d7380d21c80",
}


def line(prefix, value):
    return (prefix + ":" + json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def chunk(offset, data):
    try:
        return {"offsetMs": round(offset, 1), "text": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"offsetMs": round(offset, 1), "base64": base64.b64encode(data).decode()}


def paced(pieces, first=300.0, step=40.0):
    return [chunk(first + i * step, p) for i, p in enumerate(pieces)]


def v2_request(model, prompt, modality="chat"):
    # The shape the site's UI sent on 2026-06-01: mode direct-battle, no modelB ids.
    body = {
        "id": "019ac000-0000-7000-8000-000000000001", "mode": "direct-battle", "modelAId": MODELS[model],
        "userMessageId": "019ac000-0000-7000-8000-000000000002",
        "modelAMessageId": "019ac000-0000-7000-8000-000000000003",
        "userMessage": {"content": prompt, "experimental_attachments": [], "metadata": {}},
        "modality": modality, "recaptchaV3Token": "REDACTED",
    }
    return V2 + "/nextjs-api/stream/create-evaluation", json.dumps(body, sort_keys=True, ensure_ascii=False)


def legacy_request(model, prompt):
    evaluation = "3f1c2a4e-0000-4000-8000-000000000001"
    user = {"id": "3f1c2a4e-0000-4000-8000-000000000002", "role": "user", "content": prompt,
            "experimental_attachments": [], "parentMessageIds": [], "participantPosition": "a",
            "modelId": None, "evaluationSessionId": evaluation, "status": "pending", "failureReason": None}
    answer = dict(user, id="3f1c2a4e-0000-4000-8000-000000000003", role="assistant", content="",
                  parentMessageIds=[user["id"]], modelId=MODELS[model])
    body = {"id": evaluation, "mode": "direct", "modelAId": MODELS[model], "userMessageId": user["id"],
            "modelAMessageId": answer["id"], "modality": "chat", "messages": [user, answer]}
    return LEGACY + "/api/stream/create-evaluation", json.dumps(body, sort_keys=True)


def entry(url, body, status, chunks, content_type="text/plain; charset=utf-8", extra_headers=(), fault=None, match=None):
    raw = b"".join(base64.b64decode(c["base64"]) if "base64" in c else c["text"].encode() for c in chunks)
    origin = url.split("/", 3)[:3]
    v2 = "/nextjs-api/" in url
    headers = [
        {"name": "content-type", "value": "application/json" if v2 else "text/plain;charset=UTF-8"},
        {"name": "accept", "value": "text/event-stream" if v2 else "*/*"},
        {"name": "origin", "value": "/".join(origin)},
        {"name": "referer", "value": "/".join(origin) + "/"},
        {"name": "user-agent", "value": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36"},
        {"name": "cookie", "value": "REDACTED"},
    ]
    try:
        content = {"size": len(raw), "mimeType": content_type, "text": raw.decode("utf-8")}
    except UnicodeDecodeError:
        content = {"size": len(raw), "mimeType": content_type, "text": base64.b64encode(raw).decode(), "encoding": "base64"}
    wait = chunks[0]["offsetMs"] if chunks else 120.0
    total = chunks[-1]["offsetMs"] if chunks else wait
    result = {
        "startedDateTime": "2026-11-26T10:00:00.000Z", "time": total,
        "request": {"method": "POST", "url": url, "httpVersion": "HTTP/1.1", "headers": headers, "cookies": [],
                    "queryString": [], "headersSize": -1, "bodySize": len(body.encode()),
                    "postData": {"mimeType": "application/json" if v2 else "text/plain;charset=UTF-8", "text": body}},
        "response": {"status": status, "statusText": {200: "OK", 301: "Moved Permanently", 401: "Unauthorized", 403: "Forbidden", 429: "Too Many Requests", 500: "Internal Server Error"}.get(status, ""),
                     "httpVersion": "HTTP/1.1",
                     "headers": [{"name": "content-type", "value": content_type}] + [{"name": n, "value": v} for n, v in extra_headers],
                     "cookies": [], "redirectURL": "", "headersSize": -1, "bodySize": len(raw), "content": content,
                     "_chunks": chunks},
        "cache": {}, "timings": {"send": 0, "wait": wait, "receive": round(total - wait, 1)},
    }
    if fault:
        result["_fault"] = fault
    if match:
        result["_match"] = match
    return result


def write(group, name, description, dialect, entries, expect, source="synthesized"):
    info = {"description": description, "source": source, "dialect": dialect, "recordedAt": RECORDED_AT}
    if expect is not None:
        info["expect"] = expect
    doc = {"log": {"version": "1.2", "creator": {"name": "lmarena2api", "version": "0.1.0"},
                   "_fixture": info,
                   "entries": entries}}
    os.makedirs(os.path.join(ROOT, group), exist_ok=True)
    with open(os.path.join(ROOT, group, name + ".har"), "w", encoding="utf-8") as handle:
        json.dump(doc, handle, indent=2, ensure_ascii=False, sort_keys=True)
        handle.write("\n")


def chat_expect(model, prompt, content, reasoning="", finish="stop", usage=None, dialect="v2"):
    expect = {"model": model, "prompt": prompt, "status": 200, "content": content, "finishReason": finish}
    if reasoning:
        expect["reasoning"] = reasoning
    if usage:
        expect["usage"] = usage
    if dialect != "v2":
        expect["dialect"] = dialect
    return expect


CHALLENGE_PAGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">
</head><body><div class="main-wrapper" role="main"><div class="main-content">
<noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript>
</div></div><script>(function(){window._cf_chl_opt={cvId: '3',cZone: 'arena.ai',cType: 'managed',cRay: '8f00000000000001'};
var cpo=document.createElement('script');cpo.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8f00000000000001';
document.getElementsByTagName('head')[0].appendChild(cpo);}());</script></body></html>
"""

BLOCK_PAGE = """<!DOCTYPE html><html class="no-js" lang="en-US"><head><title>Attention Required! | Cloudflare</title></head>
<body><div id="cf-wrapper"><div id="cf-error-details" class="cf-error-details-wrapper"><div class="cf-wrapper cf-header cf-error-overview">
<h1 data-translate="block_headline">Sorry, you have been blocked</h1>
<h2 class="cf-subheadline"><span data-translate="unable_to_access">You are unable to access</span> arena.ai</h2></div></div></div></body></html>
"""

BEACON_PAGE = """<!DOCTYPE html><html lang="en"><head><title>LMArena</title></head><body><div id="__next">Sign in to continue</div>
<script defer src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script></body></html>
"""

TURNSTILE_PAGE = """<!DOCTYPE html><html><head><title>Verify you are human</title>
<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script></head>
<body><form action="/verify" method="POST"><div class="cf-turnstile" data-sitekey="0x4AAAAAAAexample"></div></form></body></html>
"""


def cloudflare(model):
    html = "text/html; charset=UTF-8"
    prompt = "Meet a Cloudflare challenge"
    url, body = v2_request(model, prompt)
    write("cloudflare", "challenge", "403 with cf-mitigated: challenge and the interstitial page", "v2",
          [entry(url, body, 403, paced([CHALLENGE_PAGE.encode()], first=90.0), content_type=html,
                 extra_headers=[("cf-mitigated", "challenge"), ("server", "cloudflare")])],
          {"model": model, "prompt": prompt, "status": 503, "errorCode": "cloudflare_challenge"})
    prompt = "Meet a challenge without the header"
    url, body = v2_request(model, prompt)
    write("cloudflare", "challenge-no-header", "503 with the interstitial page and no cf-mitigated header: the parse decides", "v2",
          [entry(url, body, 503, paced([CHALLENGE_PAGE.encode()], first=90.0), content_type=html)],
          {"model": model, "prompt": prompt, "status": 503, "errorCode": "cloudflare_challenge"})
    prompt = "Meet a Cloudflare block"
    url, body = v2_request(model, prompt)
    write("cloudflare", "block", "403 Attention Required: the IP is blocked", "v2",
          [entry(url, body, 403, paced([BLOCK_PAGE.encode()], first=70.0), content_type=html)],
          {"model": model, "prompt": prompt, "status": 503, "errorCode": "cloudflare_blocked"})
    prompt = "Meet the passive beacon"
    url, body = v2_request(model, prompt)
    write("cloudflare", "lookalike-beacon", "a look-alike: an ordinary page that loads Cloudflare's passive beacon", "v2",
          [entry(url, body, 200, paced([BEACON_PAGE.encode()], first=70.0), content_type=html)],
          {"model": model, "prompt": prompt, "status": 502, "errorCode": "upstream_html"})
    prompt = "Meet a Turnstile widget"
    url, body = v2_request(model, prompt)
    write("cloudflare", "lookalike-turnstile", "a look-alike: a 403 page with the site's own Turnstile widget", "v2",
          [entry(url, body, 403, paced([TURNSTILE_PAGE.encode()], first=70.0), content_type=html)],
          {"model": model, "prompt": prompt, "status": 502, "errorCode": "upstream_html"})
    prompt = "Quote a challenge page"
    texts = ["The page said \"Just a moment...\" ", "and set window._cf_chl_opt; ", "<title>Attention Required! | Cloudflare</title>"]
    url, body = v2_request(model, prompt)
    write("cloudflare", "lookalike-answer", "a look-alike: a model answer that quotes challenge markers is an answer", "v2",
          [entry(url, body, 200, paced([line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop"})]))],
          chat_expect(model, prompt, "".join(texts)))


def tiny_png():
    """A valid 1x1 PNG: one opaque pixel in the colour of dawn."""
    import struct
    import zlib

    def chunk_of(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xa0\x60")
    return b"\x89PNG\r\n\x1a\n" + chunk_of(b"IHDR", header) + chunk_of(b"IDAT", pixels) + chunk_of(b"IEND", b"")


def write_image(group, name, description, path, data):
    result = {
        "startedDateTime": "2026-11-26T10:00:00.000Z", "time": 35.0,
        "request": {"method": "GET", "url": "https://images.arena.ai" + path, "httpVersion": "HTTP/1.1", "headers": [],
                    "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
                     "headers": [{"name": "content-type", "value": "image/png"}], "cookies": [], "redirectURL": "",
                     "headersSize": -1, "bodySize": len(data),
                     "content": {"size": len(data), "mimeType": "image/png", "text": base64.b64encode(data).decode(), "encoding": "base64"},
                     "_chunks": [{"offsetMs": 30.0, "base64": base64.b64encode(data).decode()}]},
        "cache": {}, "timings": {"send": 0, "wait": 30.0, "receive": 5.0},
    }
    doc = {"log": {"version": "1.2", "creator": {"name": "lmarena2api", "version": "0.1.0"},
                   "_fixture": {"description": description, "source": "synthesized", "dialect": "v2", "recordedAt": RECORDED_AT},
                   "entries": [result]}}
    with open(os.path.join(ROOT, group, name + ".har"), "w", encoding="utf-8") as handle:
        json.dump(doc, handle, indent=2, sort_keys=True)
        handle.write("\n")


def main():
    # A short answer with usage on the finish line.
    model, prompt = "gpt-4.1-2025-04-14", "Say hello"
    texts = ["Hello", "! How can", " I help you", " today?"]
    pieces = [line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop", "usage": {"promptTokens": 9, "completionTokens": 8}})]
    url, body = v2_request(model, prompt)
    write("chat", "short", "a short answer in four text chunks, usage on the finish line", "v2",
          [entry(url, body, 200, paced(pieces))],
          chat_expect(model, prompt, "".join(texts), usage={"prompt_tokens": 9, "completion_tokens": 8}))

    # A long answer: 1,200 text chunks, 5 ms apart, no usage (the gateway estimates it).
    model, prompt = "gemini-2.0-flash-001", "Count from 1 to 1200 in words"
    texts = [("" if i == 0 else " ") + f"w{i + 1}" for i in range(1200)]
    pieces = [line("af", {"messageId": "019ac000-0000-7000-8000-0000000000aa"})]
    pieces += [line("a0", t) for t in texts]
    pieces += [line("ae", {"finishReason": "stop", "usage": {"promptTokens": 10, "completionTokens": 2400}, "isContinued": False})]
    pieces += [line("ad", {"finishReason": "stop"})]
    url, body = v2_request(model, prompt)
    write("chat", "long", "a long answer: 1,200 text chunks 5 ms apart, no usage on the finish line", "v2",
          [entry(url, body, 200, paced(pieces, first=250.0, step=5.0))],
          chat_expect(model, prompt, "".join(texts)))

    # Every JSON escape, and characters of 1 to 4 UTF-8 bytes split across chunk boundaries.
    model, prompt = "deepseek-v3-0324", "Show me escapes and unicode"
    escaped = ['a0:"quote \\" backslash \\\\ slash \\/ "\n', 'a0:"bs\\b ff\\f nl\\n cr\\r tab\\t ctl\\u0001 "\n',
               'a0:"\\u00e9\\u4e2d\\ud83d\\ude00 "\n']
    escaped_text = 'quote " backslash \\ slash / ' + "bs\b ff\f nl\n cr\r tab\t ctl\u0001 " + "é中😀 "
    raw_texts = ["ASCII a, ", "two é ñ ß, ", "three € 中文 ✓, ", "four 😀 𝄞 🇺🇳"]
    stream = b"".join(e.encode() for e in escaped) + b"".join(line("a0", t) for t in raw_texts)
    stream += line("ad", {"finishReason": "stop"})
    pieces = [stream[i:i + 3] for i in range(0, len(stream), 3)]
    url, body = v2_request(model, prompt)
    write("stream", "escapes-unicode", "every JSON escape, and 1- to 4-byte characters split across 3-byte chunks", "v2",
          [entry(url, body, 200, paced(pieces, first=200.0, step=2.0))],
          chat_expect(model, prompt, escaped_text + "".join(raw_texts)))

    # CRLF line endings and a `data: ` prefix, lines split mid-prefix.
    model, prompt = "o3-mini", "Reply over data lines"
    texts = ["Lines ", "with CRLF ", "and data prefixes."]
    stream = b"".join(b"data: " + line("a0", t)[:-1] + b"\r\n" for t in texts)
    stream += b"data: " + line("ad", {"finishReason": "stop"})[:-1] + b"\r\n"
    pieces = [stream[i:i + 7] for i in range(0, len(stream), 7)]
    url, body = v2_request(model, prompt)
    write("stream", "data-prefix-crlf", "lines with a data: prefix and CRLF endings, split every 7 bytes", "v2",
          [entry(url, body, 200, paced(pieces, first=150.0, step=3.0))],
          chat_expect(model, prompt, "".join(texts)))

    # A reasoning model: thinking first, then the answer.
    model, prompt = "claude-3-7-sonnet-20250219-thinking-32k", "Why is the sky blue? Think first."
    thoughts = ["The user asks", " about Rayleigh", " scattering."]
    texts = ["Short wavelengths", " scatter more,", " so the sky looks blue."]
    pieces = [line("ag", t) for t in thoughts] + [line("a0", t) for t in texts]
    pieces += [line("ad", {"finishReason": "stop", "usage": {"promptTokens": 14, "completionTokens": 30}})]
    url, body = v2_request(model, prompt)
    write("chat", "reasoning", "a reasoning model: ag: thinking lines, then a0: text", "v2",
          [entry(url, body, 200, paced(pieces))],
          chat_expect(model, prompt, "".join(texts), reasoning="".join(thoughts),
                      usage={"prompt_tokens": 14, "completion_tokens": 30}))

    # Heartbeats, step lines, tool-call lines, another participant and unknown prefixes in the middle.
    model, prompt = "claude-sonnet-4-20250514", "Answer with heartbeats in between"
    pieces = [line("a2", [{"type": "heartbeat"}]), line("af", {"messageId": "019ac000-0000-7000-8000-0000000000bb"}),
              line("a0", "Before the step. "), line("a2", [{"type": "heartbeat"}]),
              line("ae", {"finishReason": "tool-calls", "isContinued": True}),
              line("ac", {"toolCallId": "call_1", "argsTextDelta": "{}"}), b"b0:\"participant b is ignored\"\n",
              b"a8:{\"unknown\":true}\n", b"zz:\"unknown prefix\"\n", b"no prefix at all\n", b"\n",
              line("af", {"messageId": "019ac000-0000-7000-8000-0000000000cc"}), line("a0", "After the step."),
              line("a2", [{"type": "heartbeat"}]), line("ad", {"finishReason": "stop"})]
    url, body = v2_request(model, prompt)
    write("stream", "heartbeats-steps", "heartbeats, step lines, tool-call lines and unknown prefixes between text", "v2",
          [entry(url, body, 200, paced(pieces, first=200.0, step=30.0))],
          chat_expect(model, prompt, "Before the step. After the step."))

    # An image model. Its image URL points at MockArena ({{mockarena}} becomes MockArena's own
    # origin on replay), which serves the PNG from the GET entry below.
    model, prompt = "dall-e-3", "A lighthouse at dawn, watercolor"
    pieces = [line("a2", [{"type": "heartbeat"}]),
              line("a2", [{"type": "image", "image": "{{mockarena}}/images/lighthouse.png", "mimeType": "image/png"}]),
              line("ad", {"finishReason": "stop"})]
    url, body = v2_request(model, prompt, modality="image")
    write("image", "single-image", "an image model: one a2: image line after a heartbeat", "v2",
          [entry(url, body, 200, paced(pieces, first=400.0, step=300.0))],
          chat_expect(model, prompt, "![image]({{mockarena}}/images/lighthouse.png)"))
    write_image("image", "lighthouse-png", "the bytes of the generated image, for b64_json", "/images/lighthouse.png", tiny_png())

    model, prompt = "dall-e-3", "Describe a lighthouse instead of drawing it"
    url, body = v2_request(model, prompt, modality="image")
    write("image", "text-instead", "an image model that answers with text only: no image for /v1/images/generations", "v2",
          [entry(url, body, 200, paced([line("a0", "I cannot draw that."), line("ad", {"finishReason": "stop"})]))],
          chat_expect(model, prompt, "I cannot draw that."))

    # Errors.
    model, prompt = "qwen3-235b-a22b", "Fail after some text"
    pieces = [line("a0", "Partial "), line("a0", "answer"), line("a3", "An error occurred while generating the response")]
    url, body = v2_request(model, prompt)
    write("errors", "a3-after-text", "an a3: error line after two text chunks", "v2",
          [entry(url, body, 200, paced(pieces))],
          {"model": model, "prompt": prompt, "status": 200, "content": "Partial answer", "streamErrorCode": "arena_error",
           "nonStreamStatus": 502})

    model, prompt = "qwen3-235b-a22b", "Fail before any text"
    url, body = v2_request(model, prompt)
    write("errors", "a3-first", "an a3: error as the first line: an error status, never a fake success", "v2",
          [entry(url, body, 200, paced([line("a3", "Model is overloaded")]))],
          {"model": model, "prompt": prompt, "status": 502, "errorCode": "arena_error"})

    model, prompt = "qwen3-235b-a22b", "Answer with nothing"
    url, body = v2_request(model, prompt)
    write("errors", "empty-200", "a 200 whose stream has only a finish line: no text, no image", "v2",
          [entry(url, body, 200, paced([line("ad", {"finishReason": "stop"})]))],
          {"model": model, "prompt": prompt, "status": 502, "errorCode": "upstream_empty"})

    model, prompt = "qwen3-235b-a22b", "Arena error marker"
    url, body = v2_request(model, prompt)
    write("errors", "has-arena-error", "the hasArenaError marker as the first text", "v2",
          [entry(url, body, 200, paced([line("a0", "hasArenaError")]))],
          {"model": model, "prompt": prompt, "status": 502, "errorCode": "arena_error"})

    # Failures that take a session out of service answer only the session named in _match, so the
    # demo's sessions never meet them. With that one session, the pool has nothing left to offer.
    doomed = {"cookieContains": "arena-auth-prod-v1=doomed-session"}
    model, prompt = "qwen3-235b-a22b", "Rate limit me"
    url, body = v2_request(model, prompt)
    write("errors", "rate-limited", "429 with Retry-After: the only session cools down, so the client gets 429 with its Retry-After", "v2",
          [entry(url, body, 429, paced([b'{"error":"Too Many Requests","retryAfter":30}'], first=80.0),
                 content_type="application/json", extra_headers=[("retry-after", "30")], match=doomed)],
          {"model": model, "prompt": prompt, "status": 429, "errorCode": "sessions_rate_limited", "retryAfter": 30,
           "sessions": "doomed-session"})

    model, prompt = "qwen3-235b-a22b", "Use a logged out session"
    url, body = v2_request(model, prompt)
    write("errors", "session-invalid", "401, and a refresh (GET /) brings no new cookie: the only session is disabled, so the client gets 503", "v2",
          [entry(url, body, 401, paced([b'{"error":"User does not have access to evaluation session"}'], first=60.0),
                 content_type="application/json", match=doomed),
           page_entry(V2 + "/", match=doomed)],
          {"model": model, "prompt": prompt, "status": 503, "errorCode": "no_usable_session", "sessions": "doomed-session"})

    # A server error: counted against the session, retried on another; with one session the client gets 502.
    model, prompt = "qwen3-235b-a22b", "Meet a server error"
    url, body = v2_request(model, prompt)
    write("errors", "server-error", "500 with a JSON error: retried on another session, then 502", "v2",
          [entry(url, body, 500, paced([b'{"error":"Internal Server Error"}'], first=120.0), content_type="application/json")],
          {"model": model, "prompt": prompt, "status": 502, "errorCode": "upstream_error"})

    # A sequence: the first request is rate-limited, the retry on the next session is answered.
    model, prompt = "gemini-2.0-flash-001", "Rate limited once, then answered"
    url, body = v2_request(model, prompt)
    texts = ["Answered ", "on the retry."]
    write("pool", "rate-limited-then-answered", "a sequence: 429 with Retry-After 5, then an answer (the retry on another session gets it)", "v2",
          [entry(url, body, 429, paced([b'{"error":"Too Many Requests"}'], first=50.0), content_type="application/json",
                 extra_headers=[("retry-after", "5")]),
           entry(url, body, 200, paced([line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop"})]))],
          dict(chat_expect(model, prompt, "".join(texts)), sessions="seq-a,seq-b"))

    # Failover across the pool: the first session is rate-limited, the second logged out, the third answers.
    model, prompt = "gpt-4.1-2025-04-14", "Fail over between sessions"
    url, body = v2_request(model, prompt)
    texts = ["Answered by ", "the third session."]
    write("pool", "failover", "three sessions: 429 on the first, 401 on the second (whose refresh brings no new cookie), an answer on the third (_match)", "v2",
          [entry(url, body, 429, paced([b'{"error":"Too Many Requests"}'], first=50.0), content_type="application/json",
                 extra_headers=[("retry-after", "20")], match={"cookieContains": "arena-auth-prod-v1=demo-session-1"}),
           entry(url, body, 401, paced([b'{"error":"User does not have access to evaluation session"}'], first=40.0),
                 content_type="application/json", match={"cookieContains": "arena-auth-prod-v1=demo-session-2"}),
           page_entry(V2 + "/", match={"cookieContains": "arena-auth-prod-v1=demo-session-2"}),
           entry(url, body, 200, paced([line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop"})]),
                 match={"cookieContains": "arena-auth-prod-v1=demo-session-3"})],
          dict(chat_expect(model, prompt, "".join(texts)), sessions="demo-session-1,demo-session-2,demo-session-3"))

    # The legacy dialect.
    model, prompt = "gpt-4.1-2025-04-14", "Say hello the old way"
    texts = ["Hello ", "from the ", "legacy dialect."]
    pieces = [line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop"})]
    url, body = legacy_request(model, prompt)
    write("legacy", "short", "a short answer in the legacy dialect (canary.lmarena.ai, whole message tree)", "legacy",
          [entry(url, body, 200, paced(pieces))],
          chat_expect(model, prompt, "".join(texts), dialect="legacy"))

    # A connection reset in the middle of the answer.
    model, prompt = "gpt-4.1-2025-04-14", "Lose the connection midway"
    pieces = [line("a0", t) for t in ["Two chunks ", "arrive, ", "then the connection drops."]] + [line("ad", {"finishReason": "stop"})]
    url, body = v2_request(model, prompt)
    write("faults", "reset-mid-stream", "the connection is reset after two text chunks (_fault)", "v2",
          [entry(url, body, 200, paced(pieces), fault={"kind": "reset", "afterChunks": 2})],
          {"model": model, "prompt": prompt, "status": 200, "content": "Two chunks arrive, ",
           "streamErrorCode": "upstream_connection_closed", "nonStreamStatus": 502})

    # Stalls: the head arrives, then nothing (before content, and after two chunks).
    model, prompt = "gpt-4.1-2025-04-14", "Stall before answering"
    url, body = v2_request(model, prompt)
    write("faults", "stall-before-content", "the head arrives, then nothing: the idle timeout answers 504", "v2",
          [entry(url, body, 200, paced([line("a0", "never sent")]), fault={"kind": "stall", "afterChunks": 0})],
          {"model": model, "prompt": prompt, "status": 504, "errorCode": "upstream_timeout"})

    model, prompt = "gpt-4.1-2025-04-14", "Stall in the middle"
    pieces = [line("a0", t) for t in ["Two chunks ", "arrive, ", "then silence."]] + [line("ad", {"finishReason": "stop"})]
    url, body = v2_request(model, prompt)
    write("faults", "stall-mid-stream", "two text chunks, then silence: an error frame after the idle timeout", "v2",
          [entry(url, body, 200, paced(pieces), fault={"kind": "stall", "afterChunks": 2})],
          {"model": model, "prompt": prompt, "status": 200, "content": "Two chunks arrive, ",
           "streamErrorCode": "upstream_timeout", "nonStreamStatus": 504})

    model, prompt = "gpt-4.1-2025-04-14", "Take your time"
    url, body = v2_request(model, prompt)
    write("faults", "slow-head", "the response head comes after 5 s: past a short first-byte timeout", "v2",
          [entry(url, body, 200, paced([line("a0", "Late."), line("ad", {"finishReason": "stop"})], first=5000.0, step=10.0))],
          {"model": model, "prompt": prompt, "status": 200, "content": "Late.", "finishReason": "stop"})

    cloudflare(model="gpt-4.1-2025-04-14")

    # Paced chunks for timing tests: 6 chunks 100 ms apart.
    model, prompt = "gpt-4.1-2025-04-14", "Pace your answer"
    texts = ["one ", "two ", "three ", "four ", "five"]
    pieces = [line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop"})]
    url, body = v2_request(model, prompt)
    write("timing", "paced", "six chunks 100 ms apart, for replay timing tests", "v2",
          [entry(url, body, 200, paced(pieces, first=50.0, step=100.0))],
          chat_expect(model, prompt, "".join(texts)))


CHALLENGE_429_PAGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow"><meta name="viewport" content="width=device-width,initial-scale=1"></head><body><div class="main-wrapper" role="main"><div class="main-content"><noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript></div></div><script>(function(){window._cf_chl_opt = {cvId: '3', cZone: "arena.ai", cType: 'managed', cRay: '9a00000000000000', cH: 'REDACTED', cUPMDTk: "/nextjs-api/stream/create-evaluation?__cf_chl_tk=REDACTED", cFPWv: 'g', cITimeS: '1780000000', md: 'REDACTED'};var cpo = document.createElement('script');cpo.src = '/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=9a00000000000000';window._cf_chl_opt.cOgUHash = location.hash === '' && location.href.indexOf('#') !== -1 ? '#' : location.hash;document.getElementsByTagName('head')[0].appendChild(cpo);}());</script></body></html>"""


def supabase_cookie(user, serial, expires_at, anonymous=False):
    """A synthetic arena-auth-prod-v1 value shaped as the site's (docs/UPSTREAM.md, "The session
    cookie"): base64, no prefix, of a Supabase session. Its refresh_token starts with "fixture-",
    which is how `fixtures check` tells a hand-made session from a live one."""
    def b64url(data):
        return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")
    claims = {"sub": user, "exp": expires_at, "is_anonymous": anonymous, "role": "authenticated"}
    token = b64url({"alg": "ES256", "typ": "JWT"}) + "." + b64url(claims) + ".fixture-signature-" + str(serial)
    session = {"access_token": token, "token_type": "bearer", "expires_in": 3600, "expires_at": expires_at,
               "refresh_token": "fixture-refresh-" + str(serial),
               "user": {"id": user, "is_anonymous": anonymous, "aud": "authenticated"}}
    return base64.b64encode(json.dumps(session, separators=(",", ":")).encode()).decode().rstrip("=")


def set_cookie(name, value, max_age=34560000):
    return f"{name}={value}; Path=/; Max-Age={max_age}; SameSite=Lax"


def page_entry(url, status=200, set_cookies=(), match=None, title="LMArena"):
    """GET of a page of the site (a session refresh): HTML, with synthetic Set-Cookie values in
    `_setCookies` and, as a recording has them, `set-cookie` headers that say REDACTED."""
    html = f"<!DOCTYPE html><html><head><title>{title}</title></head><body><div id=\"__next\"></div></body></html>"
    raw = html.encode()
    headers = [{"name": "content-type", "value": "text/html; charset=utf-8"}]
    headers += [{"name": "set-cookie", "value": c.split("=", 1)[0] + "=REDACTED"} for c in set_cookies]
    result = {
        "startedDateTime": "2026-11-26T10:00:00.000Z", "time": 40.0,
        "request": {"method": "GET", "url": url, "httpVersion": "HTTP/1.1",
                    "headers": [{"name": "accept", "value": "text/html,application/xhtml+xml"}, {"name": "cookie", "value": "REDACTED"}],
                    "cookies": [], "queryString": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "OK" if status == 200 else "", "httpVersion": "HTTP/1.1", "headers": headers,
                     "cookies": [], "redirectURL": "", "headersSize": -1, "bodySize": len(raw),
                     "content": {"size": len(raw), "mimeType": "text/html; charset=utf-8", "text": html},
                     "_chunks": [{"offsetMs": 40.0, "text": html}]},
        "cache": {}, "timings": {"send": 0, "wait": 40.0, "receive": 0.0},
    }
    if set_cookies:
        result["response"]["_setCookies"] = list(set_cookies)
    if match:
        result["_match"] = match
    return result


def sessions():
    """Cookie rotation and refresh (issue: sessions that keep working), on synthetic Supabase sessions."""
    auth = "arena-auth-prod-v1"
    user = "5f0c3a9e-0000-4000-8000-00000000a11c"
    far = 4102444800  # 2100-01-01: the background refresh leaves these alone
    v = [supabase_cookie(user, n, far + n) for n in range(4)]
    model, prompt = "gpt-4.1-2025-04-14", "Rotate my session"
    url, body = v2_request(model, prompt)
    texts = ["Fresh", " cookies", " every time."]
    answer = [line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop"})]
    # v1 comes back as two chunks, v2 as one cookie again (the chunks deleted), v3 as one cookie.
    half = len(v[1]) // 2
    rotations = [
        [set_cookie(auth, "", 0), set_cookie(auth + ".0", v[1][:half]), set_cookie(auth + ".1", v[1][half:])],
        [set_cookie(auth, v[2]), set_cookie(auth + ".0", "", 0), set_cookie(auth + ".1", "", 0)],
        [set_cookie(auth, v[3]), set_cookie("__cf_bm", "fixture-bot-management-3")],
    ]
    matches = [{"cookies": {auth: v[0]}}, {"cookies": {auth + ".0": v[1][:half], auth + ".1": v[1][half:]}}, {"cookies": {auth: v[2]}}]
    entries = []
    for index in range(3):
        e = entry(url, body, 200, paced(answer, first=60.0), match=matches[index],
                  extra_headers=[("set-cookie", c.split("=", 1)[0] + "=REDACTED") for c in rotations[index]])
        e["response"]["_setCookies"] = rotations[index]
        entries.append(e)
    # Any other cookie (a spent one) is refused, as the site refuses a spent session.
    entries.append(entry(url, body, 401, paced([b'{"message":"User not found"}'], first=40.0), content_type="application/json"))
    write("sessions", "rotate-every-answer",
          "every answer rotates the session cookie (single, then chunked, then single again); a spent cookie gets 401", "v2",
          entries, {**chat_expect(model, prompt, "".join(texts)), "sessions": v[0]})

    old, new = supabase_cookie(user, 10, 1767225600), supabase_cookie(user, 11, far)  # old expired on 2026-01-01
    model, prompt = "gpt-4.1-2025-04-14", "Refresh me first"
    url, body = v2_request(model, prompt)
    texts = ["Signed", " in again."]
    write("sessions", "refresh-after-401",
          "401 to an expired session; GET / with it answers a rotated cookie; the request is sent again with it and answers", "v2",
          [entry(url, body, 401, paced([b'{"message":"JWT expired"}'], first=40.0), content_type="application/json", match={"cookies": {auth: old}}),
           page_entry(V2 + "/", set_cookies=[set_cookie(auth, new)], match={"cookies": {auth: old}}),
           entry(url, body, 200, paced([line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop"})], first=60.0),
                 match={"cookies": {auth: new}})],
          {**chat_expect(model, prompt, "".join(texts)), "sessions": old})


# The tool and JSON instructions exactly as the gateway writes them (Sources/OpenAISurface/Chat/
# PromptInstructions.swift); ToolFixtureTests fails when the two drift apart.
WEATHER_TOOL = {"name": "get_weather", "description": "Current weather in a city",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}


def compact(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def tools_instruction(tools, choice="auto", parallel=True):
    lines = ["You can call tools (functions). These are the tools:", ""]
    for tool in tools:
        lines.append("- " + tool["name"] + (": " + tool["description"] if tool.get("description") else ""))
        lines.append("  Parameters (JSON Schema): " + compact(tool.get("parameters", {})))
    lines += ["", "To call a tool, answer with a block of exactly this form, and nothing else for that call:",
              '<tool_call>{"name": "' + tools[0]["name"] + '", "arguments": {...}}</tool_call>',
              "The arguments are a JSON object that follows the tool's parameters. Write no code fence around the block.",
              "To call several tools, write one block for each." if parallel else "Call at most one tool in an answer.",
              "After calling, stop: each result comes back in a later message as <tool_result>. When no tool is needed, answer normally."]
    if choice == "required":
        lines.append("You must call at least one tool in this answer.")
    return "\n".join(lines)


JSON_OBJECT_INSTRUCTION = "Answer with one JSON object and nothing else: no prose before or after it, no code fence."


def with_instructions(instructions, user_text):
    return "[System]\n" + instructions + "\n\n[User]\n" + user_text


def tools():
    """Answers with <tool_call> blocks and JSON, to requests as the gateway writes them."""
    model = "gpt-4.1-2025-04-14"
    answer = [line("a0", "Let me check. "), line("a0", '<tool_call>{"name": "get_weather", '),
              line("a0", '"arguments": {"city": "Paris"}}</tool_call>'), line("ad", {"finishReason": "stop"})]
    prompt = with_instructions(tools_instruction([WEATHER_TOOL]), "What is the weather in Paris?")
    url, body = v2_request(model, prompt)
    write("tools", "weather-call", "a tool call in the <tool_call> notation, for a request offering get_weather", "v2",
          [entry(url, body, 200, paced(answer, first=60.0))], None)
    answer = [line("a0", "It is 21 C and sunny in Paris."), line("ad", {"finishReason": "stop"})]
    prompt = with_instructions(tools_instruction([WEATHER_TOOL]),
                               "What is the weather in Paris?\n\n[Assistant]\n"
                               + '<tool_call>{"arguments":{"city":"Paris"},"name":"get_weather"}</tool_call>'
                               + '\n\n[Tool]\n<tool_result id="call_weather_1">\n{"temperature_c": 21, "sky": "sunny"}\n</tool_result>')
    url, body = v2_request(model, prompt)
    write("tools", "weather-answer", "the answer after the tool's result came back in the transcript", "v2",
          [entry(url, body, 200, paced(answer, first=60.0))], None)
    answer = [line("a0", "```json\n"), line("a0", '{"city": "Paris", "country": "France"}'), line("a0", "\n```"), line("ad", {"finishReason": "stop"})]
    prompt = with_instructions(JSON_OBJECT_INSTRUCTION, "Name a capital city and its country as JSON.")
    url, body = v2_request(model, prompt)
    write("tools", "json-object", "a JSON answer in a code fence, for response_format json_object", "v2",
          [entry(url, body, 200, paced(answer, first=60.0))], None)


def wildcard():
    """Answers for conversations whose wording a client library decides (its tool schemas, its
    instructions): each entry answers any prompt that contains its texts (_match.promptContains),
    so LangChain, pydantic-ai, openai-agents, instructor and LiteLLM meet the same answers as the
    SDK. Exact fixtures (fixtures/tools) come first in path order."""
    model = "gpt-4.1-2025-04-14"
    url, body = v2_request(model, "(any prompt that meets _match)")
    finish = line("ad", {"finishReason": "stop"})
    # No text before the call: pydantic-ai's run_stream takes the first text as the final output.
    call = [line("a0", '<tool_call>{"name": "get_weather", '), line("a0", '"arguments": {"city": "Paris"}}</tool_call>'), finish]
    after = [line("a0", "It is 21 C and sunny in Paris."), finish]
    city = '{"city": "Paris", "country": "France"}'
    entries = [
        entry(url, body, 200, paced(after, first=60.0),
              match={"promptContains": ["You can call tools", "get_weather", "</tool_result>"]}),
        entry(url, body, 200, paced(call, first=60.0),
              match={"promptContains": ["You can call tools", "get_weather", "What is the weather in Paris?"], "promptLacks": ["</tool_result>"]}),
        entry(url, body, 200, paced([line("a0", '<tool_call>{"name": "CityInfo", "arguments": ' + city + '}</tool_call>'), finish], first=60.0),
              match={"promptContains": ["You can call tools", "- CityInfo", "Name a capital city and its country."]}),
        entry(url, body, 200, paced([line("a0", '<tool_call>{"name": "PartialCityInfo", "arguments": ' + city + '}</tool_call>'), finish], first=60.0),
              match={"promptContains": ["You can call tools", "- PartialCityInfo", "Name a capital city and its country."]}),
        entry(url, body, 200, paced([line("a0", '<tool_call>{"name": "final_result", "arguments": ' + city + '}</tool_call>'), finish], first=60.0),
              match={"promptContains": ["You can call tools", "- final_result", "Name a capital city and its country."]}),
        entry(url, body, 200, paced([line("a0", "```json\n" + city + "\n```"), finish], first=60.0),
              match={"promptContains": ["Answer with one JSON value that follows this JSON Schema", "Name a capital city and its country."],
                     "promptLacks": ["You can call tools"]}),
    ]
    write("wildcard", "clients", "answers for client libraries' tool and structured-output conversations, by what their prompts contain", "v2",
          entries, None)


def captures():
    """Fixtures that reproduce shapes captured from the live site (docs/UPSTREAM.md names each capture)."""
    json_type = "application/json"
    ratelimit = [("ratelimit", "limit=1800, remaining=1795, reset=275"), ("ratelimit-policy", "1800;w=300")]

    model, prompt = "claude-sonnet-4-20250514", "oiiiiiii"
    url, body = v2_request(model, prompt)
    pieces = [line("a2", [{"type": "heartbeat"}]),
              line("a2", [{"type": "webdev", "event": {"type": "init", "files": [], "templateKind": "vanilla"}}]),
              line("a2", [{"type": "webdev", "event": {"type": "title", "title": "Informal user greeting"}}]),
              line("a0", "Oi"), line("a0", "! "), line("ad", {"finishReason": "stop"})]
    write("capture", "webdev-heartbeat",
          "follows stream_arena_2026-06-01_webdev_claude-sonnet-4-6.txt: a heartbeat and two webdev a2 events (skipped), "
          "two text lines, a finish line without usage (the gateway estimates it), and the ratelimit headers of "
          "headers_ratelimit_create-evaluation_2026-06-01", "v2",
          [entry(url, body, 200, paced(pieces, first=250.0, step=60.0), extra_headers=ratelimit)],
          chat_expect(model, prompt, "Oi! "), source="capture-shaped")

    model, prompt = "gpt-4.1-2025-04-14", "responda exatamente: sem-browser-ok"
    url, body = v2_request(model, prompt)
    pieces = [line("a0", "sem"), line("a0", "-browser-ok"), line("ad", {"finishReason": "stop"})]
    write("capture", "direct-http", "follows stream_arena_2026-06-01_direct-http_sem-browser-ok.txt: two text lines and a finish line without usage", "v2",
          [entry(url, body, 200, paced(pieces, first=400.0, step=30.0))],
          chat_expect(model, prompt, "sem-browser-ok"), source="capture-shaped")

    model, prompt = "gpt-4.1-2025-04-14", "End without a finish line"
    url, body = v2_request(model, prompt)
    pieces = [line("a0", "sem"), line("a0", "-browser-ok")]
    write("capture", "no-finish-line",
          "follows stream_arena_2026-06-01_direct-http_sem-browser-ok.txt without its ad: line (now and then a stream "
          "ends so): a clean close after text is a normal finish", "v2",
          [entry(url, body, 200, paced(pieces, first=400.0, step=30.0))],
          chat_expect(model, prompt, "sem-browser-ok"), source="capture-shaped")

    model, prompt = "deepseek-v3-0324", "Meet a moderation block"
    url, body = v2_request(model, prompt)
    pieces = [line("a2", [{"type": "heartbeat"}]),
              line("ae", {"finishReason": "error", "message": "Your message was blocked by our content policy", "isContinued": False})]
    write("capture", "ae-message",
          "an ae: line with a message before any text, as two bridges report a moderation block: an error, retried, then 502", "v2",
          [entry(url, body, 200, paced(pieces))],
          {"model": model, "prompt": prompt, "status": 502, "errorCode": "arena_error"}, source="capture-shaped")

    model, prompt = "deepseek-v3-0324", "Finish a step quietly"
    url, body = v2_request(model, prompt)
    pieces = [line("a0", "Step one. "), line("ae", {"finishReason": "stop", "isContinued": True}),
              line("a0", "Step two."), line("ad", {"finishReason": "stop"})]
    write("capture", "ae-without-message", "an ae: step line without a message between text lines: ignored", "v2",
          [entry(url, body, 200, paced(pieces))],
          chat_expect(model, prompt, "Step one. Step two."), source="capture-shaped")

    model, prompt = "deepseek-v3-0324", "Meet an embedded error"
    url, body = v2_request(model, prompt)
    pieces = [line("a3", json.dumps({"error": {"message": "The model is overloaded, try again later", "code": "model_overloaded"}}))]
    write("capture", "a3-json-error", "an a3: text that embeds a JSON error: the client gets its message and code", "v2",
          [entry(url, body, 200, paced(pieces))],
          {"model": model, "prompt": prompt, "status": 502, "errorCode": "model_overloaded"}, source="capture-shaped")

    model, prompt = "gemini-2.0-flash-001", "A prompt lmarena refuses once"
    url, body = v2_request(model, prompt)
    texts = ["Answered ", "after prompt failed."]
    write("capture", "prompt-failed",
          "follows error_429_prompt-failed.json: 429 prompt failed (the token or the prompt, not a rate limit), then an "
          "answer for the next attempt", "v2",
          [entry(url, body, 429, paced([b'{"error":"prompt failed"}'], first=90.0), content_type=json_type, extra_headers=ratelimit),
           entry(url, body, 200, paced([line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop"})]))],
          {"model": model, "prompt": prompt, "status": 502, "errorCode": "prompt_failed"},
          source="capture-shaped")

    model, prompt = "gpt-4.1-2025-04-14", "Meet a challenge as a 429"
    url, body = v2_request(model, prompt)
    write("capture", "challenge-429",
          "Cloudflare's managed challenge (the shape of cloudflare_challenge_managed_claude.ai_2026-08-19.html) answered "
          "as a 429 with cf-mitigated: challenge: Cloudflare, not a rate limit", "v2",
          [entry(url, body, 429, paced([CHALLENGE_429_PAGE.encode()], first=90.0), content_type="text/html; charset=UTF-8",
                 extra_headers=[("cf-mitigated", "challenge"), ("server", "cloudflare")])],
          {"model": model, "prompt": prompt, "status": 503, "errorCode": "cloudflare_challenge"}, source="capture-shaped")

    doomed = {"cookieContains": "arena-auth-prod-v1=doomed-session"}
    model, prompt = "qwen3-235b-a22b", "Send only half the cookies"
    url, body = v2_request(model, prompt)
    write("capture", "user-not-found",
          "follows error_401_user-not-found.json: the only session is disabled, and the message says which cookies LA_COOKIE must carry", "v2",
          [entry(url, body, 401, paced([b'{"message":"User not found"}'], first=60.0), content_type=json_type, match=doomed),
           page_entry(V2 + "/", match=doomed)],
          {"model": model, "prompt": prompt, "status": 503, "errorCode": "no_usable_session", "sessions": "doomed-session"},
          source="capture-shaped")

    model, prompt = "dall-e-3", "Draw with an anonymous session first"
    url, body = v2_request(model, prompt, modality="image")
    write("capture", "login-gate-then-signed-in",
          "follows error_login-gate.json: the anonymous session meets the login gate, the signed-in one answers", "v2",
          [entry(url, body, 403, paced([b'{"error":"Login required","code":"LOGIN_GATE"}'], first=60.0), content_type=json_type,
                 match={"cookieContains": "arena-auth-prod-v1=anonymous-session"}),
           entry(url, body, 200, paced([line("a2", [{"type": "image", "image": "{{mockarena}}/images/lighthouse.png"}]),
                                        line("ad", {"finishReason": "stop"})]),
                 match={"cookieContains": "arena-auth-prod-v1=signed-in-session"})],
          dict(chat_expect("dall-e-3", prompt, "![image]({{mockarena}}/images/lighthouse.png)"),
               sessions="anonymous-session,signed-in-session"),
          source="capture-shaped")

    model, prompt = "dall-e-3", "Draw with anonymous sessions only"
    url, body = v2_request(model, prompt, modality="image")
    write("capture", "login-gate",
          "follows error_login-gate.json: every session is anonymous, so the client gets 403 telling the operator to sign in", "v2",
          [entry(url, body, 403, paced([b'{"error":"Login required","code":"LOGIN_GATE"}'], first=60.0), content_type=json_type)],
          {"model": model, "prompt": prompt, "status": 403, "errorCode": "login_required"}, source="capture-shaped")

    model, prompt = "o3-mini", "Use a model this account may not"
    url, body = v2_request(model, prompt)
    write("capture", "not-allowed", "follows error_403_not-allowed_create-chat.json: 403 naming the model", "v2",
          [entry(url, body, 403, paced([b'{"error":"Not allowed"}'], first=60.0), content_type=json_type)],
          {"model": model, "prompt": prompt, "status": 403, "errorCode": "model_not_allowed"}, source="capture-shaped")

    model, prompt = "gpt-4.1-2025-04-14", "Follow the old domain"
    url, body = v2_request(model, prompt)
    write("capture", "redirect",
          "lmarena.ai answers 301 to arena.ai: never followed for a POST (it would become a GET, which gets 405)", "v2",
          [entry(url, body, 301, [], content_type="text/plain",
                 extra_headers=[("location", "https://arena.ai/nextjs-api/stream/create-evaluation")])],
          {"model": model, "prompt": prompt, "status": 502, "errorCode": "upstream_redirect"}, source="capture-shaped")

    model, prompt = "qwen3-235b-a22b", "Rate limit me without Retry-After"
    url, body = v2_request(model, prompt)
    write("capture", "rate-limited-by-window",
          "a 429 without Retry-After but with the ratelimit header of headers_ratelimit_create-evaluation_2026-06-01 "
          "(reset=120): the only session rests until the window resets", "v2",
          [entry(url, body, 429, paced([b'{"error":"Too Many Requests"}'], first=80.0), content_type=json_type,
                 extra_headers=[("ratelimit", "limit=1800, remaining=0, reset=120"), ("ratelimit-policy", "1800;w=300")], match=doomed)],
          {"model": model, "prompt": prompt, "status": 429, "errorCode": "sessions_rate_limited", "retryAfter": 120,
           "sessions": "doomed-session"}, source="capture-shaped")

    model, prompt = "qwen3-235b-a22b", "Use up the window"
    url, body = v2_request(model, prompt)
    texts = ["The last ", "request of the window."]
    write("capture", "window-used-up",
          "an answer whose ratelimit header (the shape of headers_ratelimit_create-evaluation_2026-06-01) says remaining=0: "
          "answered, then the session rests until reset without waiting for a 429", "v2",
          [entry(url, body, 200, paced([line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop"})]),
                 extra_headers=[("ratelimit", "limit=1800, remaining=0, reset=275"), ("ratelimit-policy", "1800;w=300")], match=doomed)],
          dict(chat_expect(model, prompt, "".join(texts)), sessions="doomed-session"), source="capture-shaped")


def uuid7(day, tail):
    """A UUIDv7 whose time is noon UTC of `day` (YYYY-MM-DD), with `tail` (12 hex digits) as its last group."""
    import datetime
    ms = int(datetime.datetime.strptime(day, "%Y-%m-%d").replace(hour=12, tzinfo=datetime.timezone.utc).timestamp() * 1000)
    h = f"{ms:012x}"
    return f"{h[:8]}-{h[8:12]}-7{tail[:3]}-8{tail[3:6]}-{tail[-12:].rjust(12, '0')}"


CATALOG_MODELS = {
    "gemini-3.1-pro-preview": uuid7("2026-02-19", "a1c0ffee0001"),
    "gpt-5.5-instant": uuid7("2026-05-28", "b2c0ffee0002"),
    "qwen3.5-max-preview": uuid7("2026-03-04", "c3c0ffee0003"),
    "grok-4.6": uuid7("2026-09-10", "d4c0ffee0004"),
    "grok-4.6 (earlier)": uuid7("2026-08-20", "d4c0ffee0005"),
    "grok-4.6-search": uuid7("2026-09-12", "d4c0ffee0006"),
    "seedream-5.0-pro": uuid7("2026-09-01", "e5c0ffee0007"),
    "claude-sonnet-4-6-search": uuid7("2026-02-17", "f6c0ffee0008"),
    "webdev-only": uuid7("2026-07-01", "a7c0ffee0009"),
    "internal-eval": uuid7("2026-10-01", "b8c0ffee000a"),
    "dreamina-seedance-2.5-720p": uuid7("2026-09-20", "c9c0ffee000b"),
}
MODELS.update({name: CATALOG_MODELS[name] for name in
               ["gemini-3.1-pro-preview", "qwen3.5-max-preview", "seedream-5.0-pro", "claude-sonnet-4-6-search"]})


def catalog_model(key, organization, provider, public, name, display, inputs, outputs, rank=None, selectable=True):
    model = {"id": CATALOG_MODELS.get(key) or MODELS[key], "organization": organization, "provider": provider,
             "publicName": public, "name": name, "displayName": display,
             "capabilities": {"inputCapabilities": inputs, "outputCapabilities": outputs}, "userSelectable": selectable}
    if rank is not None:
        model["rank"] = rank
    return model


def catalog():
    """The model catalogue in the shape of GET /nextjs-api/model-catalog as captured on 2026-10-06
    (arenas, duplicate display names, codenames, a display name with a trailing newline), with
    today's kind of models and the models the other fixtures answer for."""
    text_in = {"text": True, "image": True, "file": True}
    image_in = {"text": True, "image": {"requiresUpload": False, "multipleImages": True}}
    text = [
        catalog_model("gemini-3.1-pro-preview", "google", "googleVertexGlobal", "gemini-3.1-pro-preview", "gemini-3.1-pro-preview",
                      "gemini-3.1-pro-preview", text_in, {"text": True, "web": True}, rank=1),
        catalog_model("gpt-5.5-instant", "openai", "openaiResponses", "gpt-5.5-instant", "gpt-5.5-instant-2026-05-28",
                      "gpt-5.5-instant", text_in, {"text": True}, rank=12),
        catalog_model("qwen3.5-max-preview", "alibaba", "alibaba", "kiteki", "kiteki", "qwen3.5-max-preview",
                      {"text": True}, {"text": True}, rank=20),
        catalog_model("grok-4.6", "xai", "xaiApi", "grok-4.6", "grok-4.6-thinking", "grok-4.6", text_in, {"text": True}, rank=5),
        catalog_model("grok-4.6 (earlier)", "xai", "xaiApi", "grok-4.6", "grok-4.6", "grok-4.6", {"text": True}, {"text": True}),
        catalog_model("internal-eval", "lmarena", "internal", "internal-eval", "internal-eval", "internal-eval",
                      {"text": True}, {"text": True}, selectable=False),
    ]
    seed = {"gpt-4.1-2025-04-14": "openai", "claude-3-7-sonnet-20250219-thinking-32k": "anthropic", "gemini-2.0-flash-001": "google",
            "deepseek-v3-0324": "deepseek", "claude-sonnet-4-20250514": "anthropic", "o3-mini": "openai", "qwen3-235b-a22b": "alibaba"}
    for key, organization in seed.items():
        text.append(catalog_model(key, organization, organization, key, key, key, {"text": True}, {"text": True}))
    groups = [
        {"arena": "text", "models": text, "complete": True},
        {"arena": "code", "models": [
            catalog_model("gemini-3.1-pro-preview", "google", "googleVertexGlobal", "gemini-3.1-pro-preview",
                          "gemini-3.1-pro-preview", "gemini-3.1-pro-preview", text_in, {"text": True, "web": True}, rank=2),
            catalog_model("webdev-only", "anthropic", "anthropic", "claude-webdev", "claude-webdev", "claude-webdev",
                          {"text": True}, {"web": True}, rank=3)], "complete": True},
        {"arena": "text-to-image", "models": [
            catalog_model("seedream-5.0-pro", "bytedance", "byteplus", "seedream-5.0-pro", "seedream-5.0-pro", "seedream-5.0-pro",
                          image_in, {"image": {"aspectRatios": ["1:1"]}}, rank=10),
            catalog_model("dall-e-3", "openai", "openai", "dall-e-3", "dall-e-3", "dall-e-3", {"text": True},
                          {"image": {"aspectRatios": ["1:1"]}})], "complete": True},
        {"arena": "search", "models": [
            catalog_model("claude-sonnet-4-6-search", "anthropic", "anthropicSearch", "claude-sonnet-4-6-search",
                          "claude-sonnet-4-6-search", "claude-sonnet-4-6-search", {"text": True}, {"search": True}, rank=7),
            catalog_model("grok-4.6-search", "xai", "xaiResponsesSearch", "grok-4.6", "grok-4.6-search", "grok-4.6",
                          {"text": True}, {"search": True}, rank=8)], "complete": True},
        {"arena": "text-to-video", "models": [
            catalog_model("dreamina-seedance-2.5-720p", "bytedance", "byteplus", "dreamina-seedance-2.5-720p",
                          "dreamina-seedance-2.5-720p", "dreamina-seedance-2.5-720p\n", {"text": True}, {"video": True})],
         "complete": True},
    ]
    body = json.dumps(groups, separators=(",", ":"), ensure_ascii=False).encode()
    url = V2 + "/nextjs-api/model-catalog"
    def get_entry(status, data, content_type):
        result = entry(url, "", status, paced([data], first=120.0), content_type=content_type)
        result["request"]["method"] = "GET"
        result["request"]["headers"] = [h for h in result["request"]["headers"] if h["name"] in ("user-agent", "cookie")]
        result["request"]["bodySize"] = 0
        del result["request"]["postData"]
        return result
    write("catalog", "model-catalog",
          "GET /nextjs-api/model-catalog in the shape captured on 2026-10-06 (catalog_model-catalog_2026-10-06_*): then, "
          "for every later read, a 500 (the catalogue endpoint starts failing)", "v2",
          [get_entry(200, body, "application/json"), get_entry(500, b'{"error":"Internal Server Error"}', "application/json")],
          None, source="capture-shaped")

    def answer(name, model, prompt, pieces, modality="chat", description=""):
        url, body = v2_request(model, prompt, modality)
        write("catalog", name, description, "v2", [entry(url, body, 200, paced(pieces))], None, source="capture-shaped")

    answer("gemini-3.1-pro-preview", "gemini-3.1-pro-preview", "What is new in 2026?",
           [line("a2", [{"type": "heartbeat"}]), line("a0", "Models with "), line("a0", "longer memories."), line("ad", {"finishReason": "stop"})],
           description="an answer from a model of the 2026 catalogue, in the 2026 stream shape")
    answer("kiteki", "qwen3.5-max-preview", "Introduce yourself",
           [line("a0", "I am "), line("a0", "Qwen."), line("ad", {"finishReason": "stop"})],
           description="an answer from the model whose publicName is the codename kiteki")
    answer("seedream-image", "seedream-5.0-pro", "A lighthouse at dusk",
           [line("a2", [{"type": "heartbeat"}]), line("a2", [{"type": "image", "image": "{{mockarena}}/images/lighthouse.png", "mimeType": "image/png"}]),
            line("ad", {"finishReason": "stop"})], modality="image",
           description="an image from a text-to-image model of the 2026 catalogue")
    source_a = json.dumps({"source": {"url": "https://www.swift.org/blog/swift-6.3-released/", "title": "Swift 6.3 Released"}})
    source_b = json.dumps({"source": {"url": "https://forums.swift.org/t/swift-6-3/1", "title": "Swift Forums: Swift 6.3"}})
    answer("search-citations", "claude-sonnet-4-6-search", "What happened in Swift 6.3?",
           [line("ac", {"toolCallId": "citation-source", "argsTextDelta": source_a}),
            line("a0", "Swift 6.3 shipped "), line("a0", "with faster builds. "),
            line("ac", {"toolCallId": "citation-source", "argsTextDelta": source_b}),
            line("ac", {"toolCallId": "other-tool", "argsTextDelta": "{}"}),
            line("a0", "The forums discuss it."), line("ad", {"finishReason": "stop"})], modality="search",
           description="a search answer: citation-source tool-call deltas before and between the text, as the one bridge that "
                       "parses them reads them (no capture of one is published)")


# Image upload (vision), as docs/UPSTREAM.md describes the site's flow. The action ids are
# 42 hex digits as the site's are; the *_STALE ones are what a pinned id looks like after a deploy.
ACTION_GENERATE = "7f3a9c2e41d0b8f6a5e4c3b2a1908f7e6d5c4b3a21"
ACTION_SIGNED = "40b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0"
ACTION_GENERATE_STALE = "7f00000000000000000000000000000000000000de"
ACTION_SIGNED_STALE = "4000000000000000000000000000000000000000de"
SIGNED_QUERY = ("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD"
                "&X-Amz-Credential=REDACTED&X-Amz-Date={{amz-date}}&X-Amz-Expires=%d&X-Amz-Signature=REDACTED&X-Amz-SignedHeaders=host")


def vision():
    """The image upload flow: the page and script chunk that name the actions, the two actions,
    a stale id, and answers of a vision model to requests that carry attachments."""
    def get_entry(url, text, content_type, match=None, accept="*/*"):
        result = entry(url, "", 200, paced([text.encode()], first=30.0), content_type=content_type, match=match)
        result["request"]["method"] = "GET"
        result["request"]["headers"] = [{"name": "accept", "value": accept}, {"name": "user-agent", "value": result["request"]["headers"][4]["value"]}]
        result["request"]["bodySize"] = 0
        del result["request"]["postData"]
        return result

    def action_entry(action, arguments, status, reply, content_type="text/x-component"):
        result = entry(V2 + "/", json.dumps(arguments), status, paced([reply.encode()], first=60.0), content_type=content_type,
                       match={"headerContains": {"next-action": action}})
        result["request"]["headers"] = [h for h in result["request"]["headers"] if h["name"] not in ("accept", "content-type")] + [
            {"name": "accept", "value": "text/x-component"}, {"name": "content-type", "value": "text/plain;charset=UTF-8"},
            {"name": "next-action", "value": action}]
        result["request"]["postData"]["mimeType"] = "text/plain;charset=UTF-8"
        return result

    page = ("<!DOCTYPE html><html><head><title>LMArena</title>"
            '<script src="/_next/static/chunks/webpack-1a2b3c4d.js" async=""></script>'
            '<script src="/_next/static/chunks/app/layout-3c4d5e6f.js" async=""></script>'
            '<script src="/_next/static/chunks/app/page-5e6f7a8b.js" async=""></script></head>'
            '<body><div id="__next"></div><script>self.__next_f.push([1,"7:I[\\"1234\\",[\\"static/chunks/app/c/page-7a8b9c0d.js\\"],\\"default\\"]"])</script>'
            "</body></html>")
    layout = ('"use strict";(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[1177],{4411:(e,t,a)=>{a.d(t,{signOut:()=>n});'
              'var r=a(5251);let n=(0,r.createServerReference)("00aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00",r.callServer,void 0,r.findSourceMapURL,"signOut")}}]);')
    script = ('"use strict";(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[8974],{2210:(e,t,a)=>{a.d(t,{generateUploadUrl:()=>s,getSignedUrl:()=>l});'
              f'var r=a(5251);let s=(0,r.createServerReference)("{ACTION_GENERATE}",r.callServer,void 0,r.findSourceMapURL,"generateUploadUrl"),'
              f'l=(0,r.createServerReference)("{ACTION_SIGNED}",r.callServer,void 0,r.findSourceMapURL,"getSignedUrl")}}}}]);')
    flight_head = '0:{"a":"$@1","f":"","b":"fixture-build-2026-11"}\n'
    upload_url = "{{mockarena}}/_mockarena/uploads/{{upload-key}}?" + SIGNED_QUERY % 600
    signed_url = "{{mockarena}}/_mockarena/uploads/{{request-key}}?" + SIGNED_QUERY % 3600
    generate = flight_head + "1:" + json.dumps({"success": True, "data": {"uploadUrl": upload_url, "key": "{{upload-key}}"}}, separators=(",", ":")) + "\n"
    signed = flight_head + "1:" + json.dumps({"success": True, "data": {"url": signed_url}}, separators=(",", ":")) + "\n"
    entries = [
        get_entry(V2 + "/", page, "text/html; charset=utf-8", match={"headerContains": {"sec-fetch-mode": "navigate"}},
                  accept="text/html,application/xhtml+xml"),
        get_entry(V2 + "/_next/static/chunks/app/layout-3c4d5e6f.js", layout, "application/javascript; charset=UTF-8"),
        get_entry(V2 + "/_next/static/chunks/app/page-5e6f7a8b.js", script, "application/javascript; charset=UTF-8"),
        action_entry(ACTION_GENERATE, ["image-1.png", "image/png"], 200, generate),
        action_entry(ACTION_SIGNED, ["fixture/0190c0de-0000-7000-8000-000000000001/image-1.png"], 200, signed),
        # A deploy later, the old ids are unknown: Next.js answers 404 with this text (capture
        # error_server-action-not-found_2025-08.txt).
        action_entry(ACTION_GENERATE_STALE, ["image-1.png", "image/png"], 404, "Server action not found.", content_type="text/plain"),
        action_entry(ACTION_SIGNED_STALE, ["fixture/0190c0de-0000-7000-8000-000000000001/image-1.png"], 404, "Server action not found.",
                     content_type="text/plain"),
    ]
    write("vision", "upload-flow",
          "the image upload: GET / and its page chunk name the two server actions; generateUploadUrl hands out a storage key and "
          "upload URL, getSignedUrl the signed URL (MockArena's upload store keeps the PUT bytes there); stale ids get 'Server action not found.'",
          "v2", entries, None)

    model = "gemini-3.1-pro-preview"
    prompt = "What is in this screenshot?"
    url, body = v2_request(model, prompt)
    recorded = json.loads(body)
    recorded["userMessage"]["experimental_attachments"] = [{
        "name": "image-1.png", "contentType": "image/png",
        "url": "https://arena.ai/_mockarena/uploads/fixture/0190c0de-0000-7000-8000-000000000001/image-1.png?" + SIGNED_QUERY.replace("{{amz-date}}", "20261126T100000Z") % 3600}]
    texts = ["A terminal ", "window showing ", "a passing test run."]
    answer = [line("a2", [{"type": "heartbeat"}])] + [line("a0", t) for t in texts] + [line("ad", {"finishReason": "stop"})]
    follow = ["The second image ", "shows the same terminal, ", "now with one failure."]
    write("vision", "screenshot",
          "a vision model of the catalogue describes an attached screenshot; a conversation whose earlier turn carried an image "
          "(its transcript marks [Image 1] and [Image 2]) gets its own answer", "v2",
          [entry(url, json.dumps(recorded, sort_keys=True), 200, paced(answer, first=80.0)),
           entry(url, json.dumps(recorded, sort_keys=True), 200, paced([line("a0", t) for t in follow] + [line("ad", {"finishReason": "stop"})], first=80.0),
                 match={"promptContains": ["[Image 1]", "[Image 2]"]})],
          None)


def bench(name, prompt, chunks, spacing):
    """A benchmark answer: `chunks` text chunks `spacing` ms apart after 20 ms, then the finish."""
    texts = ["Benchmark" if i == 0 else f" word{i}" for i in range(chunks)]
    pieces = [chunk(20 + i * spacing, line("a0", t)) for i, t in enumerate(texts)]
    pieces.append(chunk(20 + chunks * spacing, line("ad", {"finishReason": "stop", "usage": {"promptTokens": 3, "completionTokens": chunks}})))
    url, body = v2_request("gpt-4.1-2025-04-14", prompt)
    doc = {"log": {"version": "1.2", "creator": {"name": "lmarena2api", "version": "0.1.0"},
                   "_fixture": {"description": f"benchmark: {chunks} chunks", "source": "synthesized", "dialect": "v2",
                                "recordedAt": RECORDED_AT},
                   "entries": [entry(url, body, 200, pieces)]}}
    os.makedirs(BENCH_ROOT, exist_ok=True)
    with open(os.path.join(BENCH_ROOT, name + ".har"), "w", encoding="utf-8") as handle:
        json.dump(doc, handle, indent=2, ensure_ascii=False, sort_keys=True)
        handle.write("\n")


def benchmarks():
    # The prompts and counts are the ones Sources/Bench/BenchAnswers.swift asks for.
    bench("short", "bench short", 4, 0)
    bench("long", "bench long", 1000, 0)
    bench("paced", "bench paced", 400, 50)
    bench("paced-quick", "bench paced quick", 10, 50)


def generated_files(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files if f.endswith(".har"))


def is_synthesized(path):
    """Whether the generator owns the file: synthesized and capture-shaped fixtures."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)["log"].get("_fixture", {}).get("source") in ("synthesized", "capture-shaped")


def check():
    """Regenerates into a temporary directory and compares with the committed fixtures."""
    global ROOT, BENCH_ROOT
    committed = {"fixtures": ROOT, "benchmarks/fixtures": BENCH_ROOT}
    with tempfile.TemporaryDirectory() as scratch:
        ROOT, BENCH_ROOT = os.path.join(scratch, "fixtures"), os.path.join(scratch, "benchmarks", "fixtures")
        main()
        captures()
        sessions()
        tools()
        wildcard()
        catalog()
        vision()
        benchmarks()
        fresh = {"fixtures": ROOT, "benchmarks/fixtures": BENCH_ROOT}
        problems = []
        for label, directory in committed.items():
            generated = set(generated_files(fresh[label]))
            for name in sorted(generated):
                mine = os.path.join(directory, name)
                if not os.path.exists(mine):
                    problems.append(f"{label}/{name}: missing (the generator writes it)")
                elif not filecmp.cmp(mine, os.path.join(fresh[label], name), shallow=False):
                    problems.append(f"{label}/{name}: differs from what the generator writes")
            for name in generated_files(directory) if os.path.isdir(directory) else []:
                if name not in generated and is_synthesized(os.path.join(directory, name)):
                    problems.append(f"{label}/{name}: says it is synthesized, but the generator does not write it")
    for problem in problems:
        print("synthesize_fixtures --check: " + problem, file=sys.stderr)
    if problems:
        print("regenerate with: python3 scripts/synthesize_fixtures.py (and commit the result)", file=sys.stderr)
        return 1
    print("synthesize_fixtures --check: the committed fixtures are what the generator writes")
    return 0


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        sys.exit(check())
    main()
    captures()
    sessions()
    tools()
    wildcard()
    catalog()
    vision()
    benchmarks()
