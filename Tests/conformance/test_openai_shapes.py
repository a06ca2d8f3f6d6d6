"""The shape checks themselves: each rejects what OpenAI's schema rejects."""
import json

from openai_shapes import Violations, check

GOOD = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}, "logprobs": None, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def violations(body, path="/v1/chat/completions", status=200, content_type="application/json"):
    found = Violations()
    check(found, path, status, content_type, json.dumps(body).encode() if not isinstance(body, bytes) else body)
    return found


def test_a_good_completion_passes():
    assert violations(GOOD) == []


def test_null_where_a_string_is_wanted_fails():
    assert violations({**GOOD, "system_fingerprint": None})
    assert violations({**GOOD, "choices": [{**GOOD["choices"][0], "finish_reason": "done"}]})
    assert violations({"created": 1, "data": [{"url": "u", "revised_prompt": None}]}, path="/v1/images/generations")


def test_chunks_events_and_errors_are_checked():
    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": [{"index": 0, "delta": {"tool_calls": [{"id": "x"}]}, "finish_reason": None}]}
    assert violations(f"data: {json.dumps(chunk)}\n\n".encode(), content_type="text/event-stream")
    event = {"type": "response.output_text.delta", "item_id": "i", "output_index": 0, "content_index": 0, "delta": "x"}
    assert violations(f"data: {json.dumps(event)}\n\n".encode(), path="/v1/responses", content_type="text/event-stream")
    assert violations({"error": {"message": "m", "type": "t"}}, status=400)
