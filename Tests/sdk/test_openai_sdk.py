"""Layer 4: the official OpenAI Python SDK against a running lmarena2api.

The server is the demo (MockArena with the bundled fixtures behind the gateway) or `serve`
pointed at `mock`; scripts/test.sh runs this file against both, so they must answer alike.
LMARENA2API_BASE_URL names the server's /v1 base URL.
"""
import base64
import os
import re

import httpx
import openai
import pytest

BASE_URL = os.environ.get("LMARENA2API_BASE_URL", "http://127.0.0.1:10088/v1")


@pytest.fixture
def client():
    # No SDK retries: a 429 or 5xx must surface as the error the gateway answered.
    return openai.OpenAI(base_url=BASE_URL, api_key=os.environ.get("LMARENA2API_KEY", "sdk-test"), max_retries=0, timeout=60)


def test_models_lists_the_live_catalogue(client):
    # The gateway reads lmarena's catalogue (here MockArena's, fixtures/catalog/model-catalog.har).
    models = client.models.list()
    ids = [model.id for model in models.data]
    assert len(ids) == len(set(ids)) == 16
    for name in ("gemini-3.1-pro-preview", "gpt-5.5-instant", "seedream-5.0-pro", "claude-sonnet-4-6-search",
                 "gpt-4.1-2025-04-14", "dall-e-3"):
        assert name in ids
    assert "kiteki" not in ids and "internal-eval" not in ids
    assert client.models.retrieve("kiteki").id == "qwen3.5-max-preview"
    assert client.models.retrieve("gpt-4.1-2025-04-14").id == "gpt-4.1-2025-04-14"


def test_non_streaming_completion(client):
    completion = client.chat.completions.create(model="gpt-4.1-2025-04-14", messages=[{"role": "user", "content": "Say hello"}])
    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-")
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].message.content == "Hello! How can I help you today?"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.prompt_tokens == 9 and completion.usage.completion_tokens == 8 and completion.usage.total_tokens == 17


def test_streaming_completion_with_usage(client):
    stream = client.chat.completions.create(
        model="gpt-4.1-2025-04-14", messages=[{"role": "user", "content": "Say hello"}], stream=True,
        stream_options={"include_usage": True})
    chunks = list(stream)
    assert len({chunk.id for chunk in chunks}) == 1
    assert len({chunk.created for chunk in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)
    assert text == "Hello! How can I help you today?"
    finishes = [chunk.choices[0].finish_reason for chunk in chunks if chunk.choices]
    assert finishes[-1] == "stop" and all(reason is None for reason in finishes[:-1])
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens == 17


def test_streaming_reasoning_content(client):
    stream = client.chat.completions.create(
        model="claude-3-7-sonnet-20250219-thinking-32k", stream=True,
        messages=[{"role": "user", "content": "Why is the sky blue? Think first."}])
    reasoning, content = "", ""
    for chunk in stream:
        delta = chunk.choices[0].delta
        reasoning += (delta.model_extra or {}).get("reasoning_content") or ""
        content += delta.content or ""
    assert reasoning == "The user asks about Rayleigh scattering."
    assert content == "Short wavelengths scatter more, so the sky looks blue."


def test_long_stream_with_split_unicode(client):
    stream = client.chat.completions.create(
        model="deepseek-v3-0324", stream=True, messages=[{"role": "user", "content": "Show me escapes and unicode"}])
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text.endswith("four 😀 𝄞 🇺🇳") and "three € 中文 ✓" in text and 'quote " backslash \\' in text


def test_image_model_answers_with_markdown(client):
    completion = client.chat.completions.create(
        model="dall-e-3", messages=[{"role": "user", "content": "A lighthouse at dawn, watercolor"}])
    # MockArena serves the image itself, so its URL carries MockArena's own address.
    assert re.fullmatch(r"!\[image\]\(http://127\.0\.0\.1:\d+/images/lighthouse\.png\)", completion.choices[0].message.content)


def test_images_generate_url_and_b64_json(client):
    result = client.images.generate(model="dall-e-3", prompt="A lighthouse at dawn, watercolor", size="1024x1024")
    assert len(result.data) == 1
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/images/lighthouse\.png", result.data[0].url)
    encoded = client.images.generate(prompt="A lighthouse at dawn, watercolor", n=2, response_format="b64_json")
    assert len(encoded.data) == 2
    assert all(base64.b64decode(item.b64_json).startswith(b"\x89PNG\r\n\x1a\n") for item in encoded.data)
    with pytest.raises(openai.BadRequestError) as raised:
        client.images.generate(prompt="A lighthouse", n=11)
    assert raised.value.param == "n"


def test_unknown_model_raises_not_found(client):
    with pytest.raises(openai.NotFoundError) as raised:
        client.chat.completions.create(model="gpt-9-imaginary", messages=[{"role": "user", "content": "hi"}])
    assert raised.value.code == "model_not_found" and raised.value.param == "model"


def test_invalid_field_raises_bad_request(client):
    with pytest.raises(openai.BadRequestError) as raised:
        client.chat.completions.create(model="gpt-4.1-2025-04-14", messages=[{"role": "robot", "content": "hi"}])
    assert raised.value.param == "messages[0].role"


def test_malformed_json_raises_bad_request(client):
    # The SDK always sends valid JSON; post raw bytes through its own HTTP client and let the SDK
    # turn the answer into its exception, as it does for every response.
    response = httpx.post(BASE_URL + "/chat/completions", content=b'{"model": "gpt-4.1', headers={
        "content-type": "application/json", "authorization": "Bearer " + os.environ.get("LMARENA2API_KEY", "sdk-test")})
    assert response.status_code == 400
    error = client._make_status_error_from_response(response)
    assert isinstance(error, openai.BadRequestError)
    assert error.code == "invalid_json"


def test_mid_stream_error_raises_api_error(client):
    stream = client.chat.completions.create(
        model="qwen3-235b-a22b", stream=True, messages=[{"role": "user", "content": "Fail after some text"}])
    received = ""
    with pytest.raises(openai.APIError) as raised:
        for chunk in stream:
            received += chunk.choices[0].delta.content or ""
    assert received == "Partial answer"
    assert "lmarena reported an error" in raised.value.message


def test_error_before_content_is_a_status_not_a_fake_success(client):
    with pytest.raises(openai.InternalServerError) as raised:
        client.chat.completions.create(model="qwen3-235b-a22b", stream=True, messages=[{"role": "user", "content": "Fail before any text"}])
    assert raised.value.status_code == 502 and raised.value.code == "arena_error"


def test_failover_across_sessions(client):
    # The demo and scripts/test.sh run three sessions; the fixture rate-limits the first and
    # logs out the second, and the third answers. The client sees only the answer.
    completion = client.chat.completions.create(
        model="gpt-4.1-2025-04-14", messages=[{"role": "user", "content": "Fail over between sessions"}])
    assert completion.choices[0].message.content == "Answered by the third session."


# The OpenAI surface 2026 clients use: the Responses API, tools, structured output, validation.

WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "Current weather in a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}


def test_responses_create(client):
    response = client.responses.create(model="gpt-4.1-2025-04-14", input="Say hello")
    assert response.object == "response" and response.status == "completed"
    assert response.output_text == "Hello! How can I help you today?"
    assert response.usage.output_tokens > 0


def test_responses_stream(client):
    events = list(client.responses.create(model="gpt-4.1-2025-04-14", input="Say hello", stream=True))
    types = [event.type for event in events]
    assert types[0] == "response.created" and types[1] == "response.in_progress" and types[-1] == "response.completed"
    assert [event.sequence_number for event in events] == list(range(len(events)))
    text = "".join(event.delta for event in events if event.type == "response.output_text.delta")
    assert text == "Hello! How can I help you today?"
    assert events[-1].response.output_text == text


def test_tool_call_and_its_result(client):
    import json
    messages = [{"role": "user", "content": "What is the weather in Paris?"}]
    completion = client.chat.completions.create(model="gpt-4.1-2025-04-14", messages=messages, tools=[WEATHER_TOOL])
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    call = choice.message.tool_calls[0]
    assert call.type == "function" and call.function.name == "get_weather" and json.loads(call.function.arguments) == {"city": "Paris"}
    # The agent runs the tool and sends the result back, as agents do.
    messages += [{"role": "assistant", "content": None, "tool_calls": [
                     {"id": "call_weather_1", "type": "function", "function": {"name": "get_weather", "arguments": call.function.arguments}}]},
                 {"role": "tool", "tool_call_id": "call_weather_1", "content": json.dumps({"temperature_c": 21, "sky": "sunny"})}]
    answer = client.chat.completions.create(model="gpt-4.1-2025-04-14", messages=messages, tools=[WEATHER_TOOL])
    assert answer.choices[0].message.content == "It is 21 C and sunny in Paris." and answer.choices[0].finish_reason == "stop"


def test_streamed_tool_call(client):
    stream = client.chat.completions.create(
        model="gpt-4.1-2025-04-14", messages=[{"role": "user", "content": "What is the weather in Paris?"}], tools=[WEATHER_TOOL], stream=True)
    chunks = list(stream)
    calls = [call for chunk in chunks for call in (chunk.choices[0].delta.tool_calls or [])]
    assert len(calls) == 1 and calls[0].function.name == "get_weather" and calls[0].index == 0
    assert chunks[-1].choices[0].finish_reason == "tool_calls"
    assert "<tool_call>" not in "".join(chunk.choices[0].delta.content or "" for chunk in chunks)


def test_json_object_response_format(client):
    import json
    completion = client.chat.completions.create(
        model="gpt-4.1-2025-04-14", response_format={"type": "json_object"},
        messages=[{"role": "user", "content": "Name a capital city and its country as JSON."}])
    assert json.loads(completion.choices[0].message.content) == {"city": "Paris", "country": "France"}


def test_parameters_are_validated_as_openai_does(client):
    for arguments, param in [({"temperature": 5}, "temperature"), ({"top_p": 1.5}, "top_p"), ({"max_tokens": -1}, "max_tokens"),
                             ({"logprobs": True}, "logprobs"), ({"extra_body": {"frobnicate": 1}}, "frobnicate")]:
        with pytest.raises(openai.BadRequestError) as raised:
            client.chat.completions.create(model="gpt-4.1-2025-04-14", messages=[{"role": "user", "content": "Say hello"}], **arguments)
        assert raised.value.body["param"] == param
