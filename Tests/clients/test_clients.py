"""Layer 4c: the client libraries people point at OpenAI-compatible servers, against the demo.

Each completes one tool-using task (the model calls get_weather, the library runs it and sends the
result back, the model answers) and one structured-output task (a CityInfo object), streamed and
not where the library streams. The answers come from fixtures/wildcard/clients.har and
fixtures/tools: the gateway's prompt instructions in, <tool_call> blocks and JSON out.
LMARENA2API_BASE_URL names the server's /v1 base URL.
"""
import asyncio
import json
import os

import pytest
from pydantic import BaseModel

BASE_URL = os.environ.get("LMARENA2API_BASE_URL", "http://127.0.0.1:10088/v1")
API_KEY = os.environ.get("LMARENA2API_KEY", "sdk-test")
MODEL = "gpt-4.1-2025-04-14"
WEATHER_QUESTION = "What is the weather in Paris?"
CITY_QUESTION = "Name a capital city and its country."
WEATHER_ANSWER = "It is 21 C and sunny in Paris."
calls = []


class CityInfo(BaseModel):
    """A capital city and its country."""
    city: str
    country: str


def get_weather(city: str) -> str:
    """Current weather in a city."""
    calls.append(city)
    return json.dumps({"temperature_c": 21, "sky": "sunny"})


@pytest.fixture(autouse=True)
def no_calls_yet():
    calls.clear()
    yield


def test_openai_sdk_parse_with_a_pydantic_model():
    import openai
    client = openai.OpenAI(base_url=BASE_URL, api_key=API_KEY, max_retries=0)
    completion = client.chat.completions.parse(model=MODEL, messages=[{"role": "user", "content": CITY_QUESTION}], response_format=CityInfo)
    assert completion.choices[0].message.parsed == CityInfo(city="Paris", country="France")


@pytest.mark.parametrize("stream", [False, True])
def test_langchain_bind_tools(stream):
    from langchain_core.messages import HumanMessage, ToolMessage
    from langchain_openai import ChatOpenAI
    model = ChatOpenAI(model=MODEL, base_url=BASE_URL, api_key=API_KEY, max_retries=0).bind_tools([get_weather])
    messages = [HumanMessage(WEATHER_QUESTION)]
    if stream:
        reply = None
        for chunk in model.stream(messages):
            reply = chunk if reply is None else reply + chunk
    else:
        reply = model.invoke(messages)
    assert reply.tool_calls and reply.tool_calls[0]["name"] == "get_weather" and reply.tool_calls[0]["args"] == {"city": "Paris"}
    call = reply.tool_calls[0]
    messages += [reply, ToolMessage(get_weather(**call["args"]), tool_call_id=call["id"])]
    assert model.invoke(messages).content == WEATHER_ANSWER


def test_langchain_with_structured_output():
    from langchain_openai import ChatOpenAI
    model = ChatOpenAI(model=MODEL, base_url=BASE_URL, api_key=API_KEY, max_retries=0)
    structured = model.with_structured_output(CityInfo, method="function_calling")
    assert structured.invoke(CITY_QUESTION) == CityInfo(city="Paris", country="France")


def pydantic_ai_model():
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openai import OpenAIProvider
    return OpenAIChatModel(MODEL, provider=OpenAIProvider(base_url=BASE_URL, api_key=API_KEY))


@pytest.mark.parametrize("stream", [False, True])
def test_pydantic_ai_agent_with_a_tool(stream):
    from pydantic_ai import Agent
    agent = Agent(pydantic_ai_model(), tools=[get_weather])
    if stream:
        async def run():
            async with agent.run_stream(WEATHER_QUESTION) as result:
                return await result.get_output()
        output = asyncio.run(run())
    else:
        output = agent.run_sync(WEATHER_QUESTION).output
    assert output == WEATHER_ANSWER and calls == ["Paris"]


def test_pydantic_ai_structured_output():
    from pydantic_ai import Agent
    agent = Agent(pydantic_ai_model(), output_type=CityInfo)
    assert agent.run_sync(CITY_QUESTION).output == CityInfo(city="Paris", country="France")


def agents_model():
    from agents import OpenAIResponsesModel, set_tracing_disabled
    from openai import AsyncOpenAI
    set_tracing_disabled(True)
    return OpenAIResponsesModel(model=MODEL, openai_client=AsyncOpenAI(base_url=BASE_URL, api_key=API_KEY, max_retries=0))


def test_openai_agents_runner_with_a_function_tool():
    from agents import Agent, Runner, function_tool
    agent = Agent(name="weather", model=agents_model(), tools=[function_tool(get_weather)])
    result = Runner.run_sync(agent, WEATHER_QUESTION)
    assert result.final_output == WEATHER_ANSWER and calls == ["Paris"]


def test_openai_agents_structured_output():
    from agents import Agent, Runner
    agent = Agent(name="cities", model=agents_model(), output_type=CityInfo)
    assert Runner.run_sync(agent, CITY_QUESTION).final_output == CityInfo(city="Paris", country="France")


def test_openai_agents_streamed():
    from agents import Agent, Runner, function_tool

    async def run():
        agent = Agent(name="weather", model=agents_model(), tools=[function_tool(get_weather)])
        result = Runner.run_streamed(agent, WEATHER_QUESTION)
        async for _ in result.stream_events():
            pass
        return result.final_output
    assert asyncio.run(run()) == WEATHER_ANSWER


def test_instructor_default_mode():
    import instructor
    import openai
    client = instructor.from_openai(openai.OpenAI(base_url=BASE_URL, api_key=API_KEY, max_retries=0))
    city = client.chat.completions.create(model=MODEL, response_model=CityInfo, max_retries=0, messages=[{"role": "user", "content": CITY_QUESTION}])
    # instructor answers with its own subclass of the model: compare the fields.
    assert isinstance(city, CityInfo) and city.model_dump() == {"city": "Paris", "country": "France"}


@pytest.mark.parametrize("stream", [False, True])
def test_litellm_as_a_client(stream):
    import litellm
    tools = [{"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city",
                                               "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]
    messages = [{"role": "user", "content": WEATHER_QUESTION}]
    arguments = dict(model="openai/" + MODEL, api_base=BASE_URL, api_key=API_KEY, tools=tools)
    if stream:
        chunks = list(litellm.completion(messages=messages, stream=True, **arguments))
        message = litellm.stream_chunk_builder(chunks, messages=messages).choices[0].message
    else:
        message = litellm.completion(messages=messages, **arguments).choices[0].message
    call = message.tool_calls[0]
    assert call.function.name == "get_weather" and json.loads(call.function.arguments) == {"city": "Paris"}
    messages += [{"role": "assistant", "content": None, "tool_calls": [{"id": call.id, "type": "function",
                  "function": {"name": "get_weather", "arguments": call.function.arguments}}]},
                 {"role": "tool", "tool_call_id": call.id, "content": get_weather("Paris")}]
    assert litellm.completion(messages=messages, **arguments).choices[0].message.content == WEATHER_ANSWER
    city = litellm.completion(messages=[{"role": "user", "content": CITY_QUESTION}], response_format=CityInfo,
                              model="openai/" + MODEL, api_base=BASE_URL, api_key=API_KEY)
    assert CityInfo.model_validate_json(city.choices[0].message.content) == CityInfo(city="Paris", country="France")


# Structured output, streamed.

def test_openai_sdk_stream_with_a_pydantic_model():
    import openai
    client = openai.OpenAI(base_url=BASE_URL, api_key=API_KEY, max_retries=0)
    with client.chat.completions.stream(model=MODEL, messages=[{"role": "user", "content": CITY_QUESTION}], response_format=CityInfo) as stream:
        for _ in stream:
            pass
        completion = stream.get_final_completion()
    assert completion.choices[0].message.parsed == CityInfo(city="Paris", country="France")


def test_langchain_structured_output_streamed():
    from langchain_openai import ChatOpenAI
    structured = ChatOpenAI(model=MODEL, base_url=BASE_URL, api_key=API_KEY, max_retries=0).with_structured_output(CityInfo, method="function_calling")
    parts = list(structured.stream(CITY_QUESTION))
    assert parts[-1] == CityInfo(city="Paris", country="France")


def test_pydantic_ai_structured_output_streamed():
    from pydantic_ai import Agent
    agent = Agent(pydantic_ai_model(), output_type=CityInfo)

    async def run():
        async with agent.run_stream(CITY_QUESTION) as result:
            return await result.get_output()
    assert asyncio.run(run()) == CityInfo(city="Paris", country="France")


def test_openai_agents_structured_output_streamed():
    from agents import Agent, Runner

    async def run():
        result = Runner.run_streamed(Agent(name="cities", model=agents_model(), output_type=CityInfo), CITY_QUESTION)
        async for _ in result.stream_events():
            pass
        return result.final_output
    assert asyncio.run(run()) == CityInfo(city="Paris", country="France")


def test_instructor_streamed_partials():
    import instructor
    import openai
    client = instructor.from_openai(openai.OpenAI(base_url=BASE_URL, api_key=API_KEY, max_retries=0))
    partials = list(client.chat.completions.create_partial(
        model=MODEL, response_model=CityInfo, max_retries=0, messages=[{"role": "user", "content": CITY_QUESTION}]))
    assert partials[-1].model_dump() == {"city": "Paris", "country": "France"}


def test_litellm_structured_output_streamed():
    import litellm
    messages = [{"role": "user", "content": CITY_QUESTION}]
    chunks = list(litellm.completion(messages=messages, response_format=CityInfo, stream=True, model="openai/" + MODEL, api_base=BASE_URL, api_key=API_KEY))
    content = litellm.stream_chunk_builder(chunks, messages=messages).choices[0].message.content
    assert CityInfo.model_validate_json(content) == CityInfo(city="Paris", country="France")
