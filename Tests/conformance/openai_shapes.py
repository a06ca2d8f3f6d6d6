"""OpenAI's wire shapes as checks: every body, chunk and event a test client sees.

Written from the field types of OpenAI's OpenAPI description (chat completion, chunk, response,
stream events, errors, images, models): required keys, their types, and `null` only where the
schema allows it. `ConformanceProxy` sits between the clients and the gateway, checks what passes
and records every violation; the test run fails when there is any (conftest.py).
"""
import http.client
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from openai_required import REQUIRED

FINISH = {"stop", "length", "tool_calls", "content_filter", "function_call"}
EVENT_FIELDS = {
    "response.created": ["response"], "response.in_progress": ["response"], "response.completed": ["response"],
    "response.incomplete": ["response"], "response.failed": ["response"],
    "response.output_item.added": ["output_index", "item"], "response.output_item.done": ["output_index", "item"],
    "response.content_part.added": ["item_id", "output_index", "content_index", "part"],
    "response.content_part.done": ["item_id", "output_index", "content_index", "part"],
    "response.output_text.delta": ["item_id", "output_index", "content_index", "delta", "logprobs"],
    "response.output_text.done": ["item_id", "output_index", "content_index", "text", "logprobs"],
    "response.function_call_arguments.delta": ["item_id", "output_index", "delta"],
    "response.function_call_arguments.done": ["item_id", "name", "output_index", "arguments"],
    "response.reasoning_summary_part.added": ["item_id", "output_index", "summary_index", "part"],
    "response.reasoning_summary_part.done": ["item_id", "output_index", "summary_index", "part"],
    "response.reasoning_summary_text.delta": ["item_id", "output_index", "summary_index", "delta"],
    "response.reasoning_summary_text.done": ["item_id", "output_index", "summary_index", "text"],
    "error": ["code", "message", "param"],
}
RESPONSE_FIELDS = ["id", "object", "created_at", "error", "incomplete_details", "instructions", "model", "tools", "output",
                   "parallel_tool_calls", "metadata", "tool_choice", "temperature", "top_p"]


class Violations(list):
    def need(self, condition, where, what):
        if not condition:
            self.append(f"{where}: {what}")


def kind(value, *types):
    return any((t is None and value is None) or (t is not None and isinstance(value, t) and not (t is int and isinstance(value, bool))) for t in types)


def check_fields(v, obj, where, spec):
    """spec: name -> (required, types...)."""
    v.need(isinstance(obj, dict), where, "is not an object")
    if not isinstance(obj, dict):
        return
    for name, (required, *types) in spec.items():
        if name not in obj:
            v.need(not required, where, f"lacks {name}")
        else:
            v.need(kind(obj[name], *types), where, f"{name} is {type(obj[name]).__name__}, expected {[t.__name__ if t else 'null' for t in types]}")


def check_required(v, obj, tree, where):
    """Every key OpenAI's description requires at every depth (openai_required.py, derived from it)."""
    if not tree:
        return
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            check_required(v, item, tree.get("items"), f"{where}[{i}]")
        return
    if not isinstance(obj, dict):
        return
    variants = tree.get("variants")
    if variants is not None:
        check_required(v, obj, variants.get(obj.get("type")), where)
        return
    for name in tree.get("required", []):
        v.need(name in obj, where, f"lacks {name}, which OpenAI requires")
    for name, sub in tree.get("properties", {}).items():
        if obj.get(name) is not None:
            check_required(v, obj[name], sub, f"{where}.{name}")


def check_usage(v, usage, where):
    check_fields(v, usage, where, {"prompt_tokens": (True, int), "completion_tokens": (True, int), "total_tokens": (True, int)})


def check_tool_calls(v, calls, where, chunk):
    for i, call in enumerate(calls or []):
        at = f"{where}.tool_calls[{i}]"
        check_fields(v, call, at, {"id": (not chunk, str), "type": (not chunk, str), "function": (not chunk, dict), "index": (chunk, int)})
        if isinstance(call.get("function"), dict):
            check_fields(v, call["function"], at + ".function", {"name": (not chunk, str), "arguments": (not chunk, str)})


def check_completion(v, obj):
    check_required(v, obj, REQUIRED["chat.completion"], "chat.completion")
    check_fields(v, obj, "chat.completion", {"id": (True, str), "object": (True, str), "created": (True, int), "model": (True, str),
                                              "choices": (True, list), "usage": (False, dict), "system_fingerprint": (False, str)})
    for i, choice in enumerate(obj.get("choices") or []):
        at = f"chat.completion.choices[{i}]"
        check_fields(v, choice, at, {"index": (True, int), "message": (True, dict), "finish_reason": (True, str), "logprobs": (True, dict, None)})
        v.need(choice.get("finish_reason") in FINISH, at, f"finish_reason {choice.get('finish_reason')!r}")
        message = choice.get("message") or {}
        check_fields(v, message, at + ".message", {"role": (True, str), "content": (True, str, None), "refusal": (False, str, None),
                                                    "tool_calls": (False, list), "annotations": (False, list)})
        check_tool_calls(v, message.get("tool_calls"), at + ".message", chunk=False)
    if "usage" in obj:
        check_usage(v, obj["usage"], "chat.completion.usage")


def check_chunk(v, obj):
    check_required(v, obj, REQUIRED["chat.completion.chunk"], "chunk")
    check_fields(v, obj, "chunk", {"id": (True, str), "object": (True, str), "created": (True, int), "model": (True, str),
                                    "choices": (True, list), "usage": (False, dict, None), "system_fingerprint": (False, str)})
    for i, choice in enumerate(obj.get("choices") or []):
        at = f"chunk.choices[{i}]"
        check_fields(v, choice, at, {"index": (True, int), "delta": (True, dict), "finish_reason": (True, str, None)})
        v.need(choice.get("finish_reason") in FINISH | {None}, at, f"finish_reason {choice.get('finish_reason')!r}")
        delta = choice.get("delta") or {}
        check_fields(v, delta, at + ".delta", {"role": (False, str), "content": (False, str, None), "tool_calls": (False, list)})
        check_tool_calls(v, delta.get("tool_calls"), at + ".delta", chunk=True)
    if isinstance(obj.get("usage"), dict):
        check_usage(v, obj["usage"], "chunk.usage")


def check_response(v, obj, where="response"):
    check_required(v, obj, REQUIRED["response"], where)
    for name in RESPONSE_FIELDS:
        v.need(name in obj, where, f"lacks {name}")
    check_fields(v, obj, where, {"id": (True, str), "created_at": (True, int, float), "model": (True, str), "output": (True, list),
                                  "instructions": (True, str, None, list), "parallel_tool_calls": (True, bool), "temperature": (True, int, float, None),
                                  "top_p": (True, int, float, None), "tools": (True, list), "metadata": (True, dict, None)})
    for i, item in enumerate(obj.get("output") or []):
        at = f"{where}.output[{i}]"
        required = {"message": ["id", "type", "role", "content", "status"], "function_call": ["type", "call_id", "name", "arguments"],
                    "reasoning": ["id", "summary", "type"]}.get(item.get("type"))
        v.need(required is not None, at, f"unknown item type {item.get('type')!r}")
        for name in required or []:
            v.need(name in item, at, f"lacks {name}")
        for j, part in enumerate(item.get("content") or []):
            check_fields(v, part, f"{at}.content[{j}]", {"type": (True, str), "text": (True, str), "annotations": (True, list)})
    if obj.get("usage") is not None:
        check_fields(v, obj["usage"], where + ".usage", {"input_tokens": (True, int), "input_tokens_details": (True, dict), "output_tokens": (True, int),
                                                          "output_tokens_details": (True, dict), "total_tokens": (True, int)})


def check_event(v, obj):
    kind_name = obj.get("type")
    check_required(v, obj, REQUIRED["response.stream_event"], f"event {kind_name}")
    v.need(kind_name in EVENT_FIELDS, "event", f"unknown type {kind_name!r}")
    if kind_name != "error":
        v.need(kind(obj.get("sequence_number"), int), f"event {kind_name}", "sequence_number is not an integer")
    for name in EVENT_FIELDS.get(kind_name, []):
        v.need(name in obj, f"event {kind_name}", f"lacks {name}")
    if isinstance(obj.get("response"), dict):
        check_response(v, obj["response"], f"event {kind_name}.response")


def check_error(v, obj):
    check_required(v, obj, REQUIRED["error"], "error")
    check_fields(v, obj.get("error"), "error", {"message": (True, str), "type": (True, str), "param": (True, str, None), "code": (True, str, None)})


def check(v, path, status, content_type, body):
    """Checks one answer of the gateway by its path, status and content type."""
    if status >= 400:
        check_error(v, json.loads(body)) if body.strip() else v.append(f"{path}: empty error body")
        return
    if "text/event-stream" in (content_type or ""):
        for line in body.decode().split("\n"):
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            obj = json.loads(line[6:])
            if "error" in obj and len(obj) == 1:
                check_error(v, obj)
            elif path.endswith("/chat/completions"):
                check_chunk(v, obj)
            elif path.endswith("/responses"):
                check_event(v, obj)
        return
    obj = json.loads(body)
    if path.endswith("/chat/completions"):
        check_completion(v, obj)
    elif path.endswith("/responses"):
        check_response(v, obj)
    elif path.endswith("/images/generations"):
        check_required(v, obj, REQUIRED["images"], "images")
        check_fields(v, obj, "images", {"created": (True, int), "data": (True, list)})
        for i, item in enumerate(obj.get("data") or []):
            check_fields(v, item, f"images.data[{i}]", {"url": (False, str), "b64_json": (False, str), "revised_prompt": (False, str)})
    elif path.endswith("/models"):
        check_required(v, obj, REQUIRED["models"], "models")
        for i, model in enumerate(obj.get("data") or []):
            check_fields(v, model, f"models.data[{i}]", {"id": (True, str), "object": (True, str), "created": (True, int), "owned_by": (True, str)})


class ConformanceProxy:
    """Forwards to the gateway, checks every answer, and records the violations."""

    def __init__(self, upstream):
        self.upstream = urllib.parse.urlsplit(upstream)
        self.violations = Violations()
        self.answers = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def forward(self):
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else None
                connection = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port, timeout=120)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "accept-encoding")}
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                connection.close()
                proxy.answers += 1
                try:
                    check(proxy.violations, self.path, answer.status, answer.getheader("content-type"), data)
                except Exception as error:  # a body that is not even JSON
                    proxy.violations.append(f"{self.path}: {error}")
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "content-length", "connection"):
                        self.send_header(name, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{self.upstream.path}"
