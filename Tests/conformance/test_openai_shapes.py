"""The shape checks themselves: each rejects what OpenAI's schema rejects."""
import json

from openai_shapes import Violations, check

GOOD = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "hi", "refusal": None}, "logprobs": None, "finish_reason": "stop"}],
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


RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "error": None, "incomplete_details": None,
            "instructions": None, "model": "m", "output": [], "parallel_tool_calls": True, "metadata": {}, "tool_choice": "auto",
            "temperature": None, "top_p": None, "tools": [],
            "usage": {"input_tokens": 1, "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
                      "output_tokens": 1, "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 2}}


def test_keys_openai_requires_at_any_depth_are_checked():
    assert violations(RESPONSE, path="/v1/responses") == []
    usage = {**RESPONSE["usage"], "input_tokens_details": {"cached_tokens": 0}}
    found = violations({**RESPONSE, "usage": usage}, path="/v1/responses")
    assert any("cache_write_tokens" in line for line in found), found
    message = {**GOOD["choices"][0]["message"]}
    found = violations({**GOOD, "choices": [{**GOOD["choices"][0], "message": {"role": "assistant"}}]})
    assert any("lacks content" in line for line in found), found
    event = {"type": "response.completed", "sequence_number": 3, "response": {**RESPONSE, "usage": usage}}
    found = violations(f"data: {json.dumps(event)}\n\n".encode(), path="/v1/responses", content_type="text/event-stream")
    assert any("cache_write_tokens" in line for line in found), found
