#!/usr/bin/env python3
"""Writes the seed corpus and the dictionary of every fuzzing target (scripts/fuzz.sh).

Seeds come from the fixtures (stream bodies, Cloudflare pages, catalogues, Set-Cookie headers,
the fixture files themselves) and from capture-shaped requests written here: what the gateway
reads from clients, from lmarena and from its settings. Usage: fuzz_seeds.py OUTPUT_DIR
"""
import base64
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURE_DIRS = [ROOT / "fixtures", ROOT / "benchmarks" / "fixtures"]
TARGETS = ["stream-parser", "cloudflare-detector", "chat-request", "cookies", "catalogue", "fixture-loader"]
LARGEST_SEED = 64 * 1024


def b64(obj):
    return base64.b64encode(json.dumps(obj).encode()).decode().rstrip("=")


# A synthetic Supabase session cookie, shaped as arena.ai sets it (never a real token).
SESSION = "base64-" + b64({"access_token": "x.%s.y" % b64({"exp": 1790003600, "sub": "fixture-user", "is_anonymous": True}),
                           "refresh_token": "fixture-refresh", "expires_at": 1790003600, "user": {"id": "fixture-user"}})

CHAT_REQUESTS = [
    {"model": "gpt-5.1", "messages": [{"role": "user", "content": "Say hello"}]},
    {"model": "claude-opus-4-5", "stream": True, "stream_options": {"include_usage": True},
     "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
                  {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Again"}]},
    {"model": "gemini-3.1-pro-preview", "messages": [{"role": "user", "content": [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "detail": "low"}}]}]},
    {"model": "gpt-5.1", "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
                                                                  "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
     "tool_choice": "auto", "messages": [{"role": "user", "content": "Weather in Paris?"},
                                         {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
                                         {"role": "tool", "tool_call_id": "call_1", "content": "18C"}]},
    {"model": "gpt-5.1", "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "schema": {"type": "object"}}},
     "stop": ["\n\n"], "max_tokens": 50, "n": 2, "temperature": 0.2, "messages": [{"role": "user", "content": "JSON please"}]},
    {"model": "gpt-5.1", "input": "Say hello", "instructions": "Be brief.", "max_output_tokens": 100},
    {"model": "gpt-5.1", "stream": True, "input": [{"role": "user", "content": [{"type": "input_text", "text": "Hi"},
                                                                          {"type": "input_image", "image_url": "https://example.com/a.png"}]}],
     "text": {"format": {"type": "json_object"}}},
]

LA_COOKIES = [
    "arena-auth-prod-v1=" + SESSION,
    "cf_clearance=fixture-clearance; arena-auth-prod-v1=" + SESSION + "; cf_bm=x; country=FR",
    "arena-auth-prod-v1.0=" + SESSION[:60] + "; arena-auth-prod-v1.1=" + SESSION[60:],
    SESSION + "|fixture-clearance",
    "demo-session-1,demo-session-2\ndemo-session-3",
]
SET_COOKIES = [
    "arena-auth-prod-v1=" + SESSION + "; Path=/; Max-Age=34560000; SameSite=Lax",
    "arena-auth-prod-v1.0=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    "cf_clearance=fixture-new; Path=/; Domain=.arena.ai; HttpOnly; Secure",
    "__cf_bm=abc; path=/; expires=Sat, 28-Nov-26 10:30:00 GMT",
]

DICTIONARIES = {
    "stream-parser": ["a0:", "ag:", "a2:", "a3:", "ad:", "ac:", "ae:", "af:", "b0:", "data: ", "\\x0A", "\\x0D\\x0A", "\\\"",
                      "\\\\u0000", "\\\\ud83d\\\\ude00", "\\\\ud800", "finishReason", "usage", "promptTokens",
                      "completionTokens", "hasArenaError", "toolCallId", "citation-source", "image", "url", "title"],
    "cloudflare-detector": ["<title>", "Just a moment...", "_cf_chl_opt", "/cdn-cgi/challenge-platform/h/b/orchestrate/",
                            "challenge-form", "Attention Required! | Cloudflare", "block_headline", "<script", "<form",
                            "<!--", "<![CDATA[", "</", "<h1", "id=", "src="],
    "chat-request": ["\\\"model\\\"", "\\\"messages\\\"", "\\\"role\\\"", "\\\"content\\\"", "\\\"user\\\"", "\\\"system\\\"",
                     "\\\"assistant\\\"", "\\\"tool\\\"", "\\\"developer\\\"", "\\\"tools\\\"", "\\\"tool_calls\\\"",
                     "\\\"tool_choice\\\"", "\\\"image_url\\\"", "\\\"input_image\\\"", "\\\"input_text\\\"", "\\\"input\\\"",
                     "\\\"instructions\\\"", "\\\"stream\\\"", "\\\"stream_options\\\"", "\\\"response_format\\\"",
                     "\\\"json_schema\\\"", "\\\"stop\\\"", "\\\"n\\\"", "\\\"max_tokens\\\"", "\\\"function\\\"",
                     "\\\"arguments\\\"", "\\\"type\\\"", "\\\"text\\\"", "data:image/png;base64,", "null", "true", "1e309"],
    "cookies": ["arena-auth-prod-v1=", "arena-auth-prod-v1.0=", "arena-auth-prod-v1.1=", "cf_clearance=", "__cf_bm=",
                "country=", "base64-", "; Max-Age=0", "; Expires=", "Thu, 01 Jan 1970 00:00:00 GMT", "Cookie: ", "|", ",", "\\x0A"],
    "catalogue": ["\\\"arena\\\"", "\\\"models\\\"", "\\\"initialModels\\\"", "\\\"id\\\"", "\\\"publicName\\\"", "\\\"displayName\\\"",
                  "\\\"name\\\"", "\\\"organization\\\"", "\\\"capabilities\\\"", "\\\"inputCapabilities\\\"",
                  "\\\"outputCapabilities\\\"", "\\\"userSelectable\\\"", "\\\"text\\\"", "\\\"image\\\"", "\\\"search\\\""],
    "fixture-loader": ["\\\"log\\\"", "\\\"entries\\\"", "\\\"request\\\"", "\\\"response\\\"", "\\\"_chunks\\\"", "\\\"offsetMs\\\"",
                       "\\\"timings\\\"", "\\\"wait\\\"", "\\\"status\\\"", "\\\"_fault\\\"", "\\\"_match\\\"", "\\\"_setCookies\\\"",
                       "{{mockarena}}", "{{upload-key}}", "{{request-key}}", "{{amz-date}}", "REDACTED", "1e30", "-1"],
}


def main():
    out = pathlib.Path(sys.argv[1])
    seeds = {target: [] for target in TARGETS}
    for directory in FIXTURE_DIRS:
        for path in sorted(directory.rglob("*.har")):
            raw = path.read_bytes()
            if len(raw) <= LARGEST_SEED:
                seeds["fixture-loader"].append(raw)
            for entry in json.loads(raw)["log"]["entries"]:
                response = entry["response"]
                text = (response.get("content") or {}).get("text") or ""
                mime = (response.get("content") or {}).get("mimeType", "")
                url = entry["request"]["url"]
                if text and ("evaluation" in url or "stream" in mime or mime.startswith("text/plain")):
                    seeds["stream-parser"].append(b"\x05" + text.encode()[:LARGEST_SEED])
                    if len(text) < 2048:
                        seeds["stream-parser"].append(b"\x00" + text.encode())
                if text and "html" in mime:
                    seeds["cloudflare-detector"].append(text.encode()[:LARGEST_SEED])
                if text and "model-catalog" in url:
                    seeds["catalogue"].append(text.encode()[:LARGEST_SEED])
                set_cookies = list(response.get("_setCookies") or [])
                set_cookies += [h["value"] for h in response.get("headers", []) if h["name"].lower() == "set-cookie"]
                if set_cookies:
                    seeds["cookies"].append(("\n".join([LA_COOKIES[0]] + set_cookies)).encode())
    seeds["catalogue"].append((ROOT / "Sources" / "ArenaWire" / "Resources" / "models.json").read_bytes())
    seeds["catalogue"].append(json.dumps({"initialModels": [{"id": "019a", "publicName": "m", "capabilities": {
        "inputCapabilities": {"text": True, "image": True}, "outputCapabilities": {"text": True}}}]}).encode())
    seeds["chat-request"] += [json.dumps(request).encode() for request in CHAT_REQUESTS]
    for cookie in LA_COOKIES:
        seeds["cookies"].append(("\n".join([cookie] + SET_COOKIES)).encode())
    for target, items in seeds.items():
        directory = out / "seeds" / target
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.iterdir():
            old.unlink()
        for index, item in enumerate(dict.fromkeys(items)):
            (directory / ("seed-%03d" % index)).write_bytes(item)
        (out / "dictionaries").mkdir(parents=True, exist_ok=True)
        (out / "dictionaries" / (target + ".dict")).write_text("".join('"%s"\n' % token for token in DICTIONARIES[target]))
        print("%-20s %4d seeds" % (target, len(dict.fromkeys(items))))


if __name__ == "__main__":
    main()
