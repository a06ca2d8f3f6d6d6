"""The OpenAI Python SDK against a gateway with REQUEST_RATE_LIMIT=5, as the README describes.

scripts/test.sh runs this against its own demo (the other SDK tests need the default limit).
"""
import os

import openai
import pytest

BASE_URL = os.environ.get("LMARENA2API_BASE_URL", "http://127.0.0.1:10088/v1")


def test_a_burst_over_the_limit_raises_rate_limit_error_with_retry_after():
    client = openai.OpenAI(base_url=BASE_URL, api_key="burst", max_retries=0)
    for _ in range(5):
        assert client.chat.completions.create(
            model="gpt-4.1-2025-04-14", messages=[{"role": "user", "content": "Say hello"}]).choices[0].message.content
    with pytest.raises(openai.RateLimitError) as raised:
        client.chat.completions.create(model="gpt-4.1-2025-04-14", messages=[{"role": "user", "content": "Say hello"}])
    assert raised.value.code == "rate_limit_exceeded"
    retry_after = int(raised.value.response.headers["retry-after"])
    assert 1 <= retry_after <= 60
