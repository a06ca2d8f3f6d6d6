"""Vision through the official OpenAI SDK, as a new user tries it: a screenshot as a data URL and
as an http URL to a vision model of the catalogue; the bytes must arrive intact at MockArena's
upload store (MOCKARENA_URL names MockArena) and the answer must stream back. A model without
image input gets 400, an image over MAX_IMAGE_BYTES 413.
"""
import base64
import hashlib
import http.server
import os
import struct
import threading
import zlib

import httpx
import openai
import pytest

BASE_URL = os.environ.get("LMARENA2API_BASE_URL", "http://127.0.0.1:10088/v1")
MOCKARENA_URL = os.environ.get("MOCKARENA_URL")
VISION_MODEL = "gemini-3.1-pro-preview"
PROMPT = "What is in this screenshot?"
ANSWER = "A terminal window showing a passing test run."


def screenshot(width=640, height=400):
    """A real PNG: a dark terminal with light text-like stripes."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            lit = (y // 8) % 3 == 0 and (x // 6) % 5 != 4 and x < 40 + (y * 7) % 500
            row += bytes((200, 220, 200) if lit else (24, 26, 30))
        rows.append(bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


SCREENSHOT = screenshot()


@pytest.fixture
def client():
    return openai.OpenAI(base_url=BASE_URL, api_key=os.environ.get("LMARENA2API_KEY", "sdk-test"), max_retries=0, timeout=60)


@pytest.fixture
def image_server():
    """Serves /shot.png (the screenshot) and /huge.png (11 MiB, over the default MAX_IMAGE_BYTES) on loopback."""
    files = {"/shot.png": SCREENSHOT, "/huge.png": b"\x89PNG\r\n\x1a\n" + b"\0" * (11 * 1024 * 1024)}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the gateway stops reading once it knows the image is too large

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def arrived():
    """The SHA-256 of every attachment chat requests pointed at, as MockArena's upload store holds them."""
    assert MOCKARENA_URL, "MOCKARENA_URL must name MockArena"
    listing = httpx.get(MOCKARENA_URL + "/_mockarena/uploads", timeout=10).json()
    return [a["sha256"] for a in listing["attachments"]]


def ask(image_url):
    return [{"role": "user", "content": [{"type": "text", "text": PROMPT}, {"type": "image_url", "image_url": {"url": image_url}}]}]


def test_a_screenshot_as_a_data_url_streams_an_answer_and_arrives_intact(client):
    data_url = "data:image/png;base64," + base64.b64encode(SCREENSHOT).decode()
    stream = client.chat.completions.create(model=VISION_MODEL, messages=ask(data_url), stream=True)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
    assert text == ANSWER
    assert hashlib.sha256(SCREENSHOT).hexdigest() in arrived()


def test_a_screenshot_as_an_http_url_is_downloaded_and_arrives_intact(client, image_server):
    completion = client.chat.completions.create(model=VISION_MODEL, messages=ask(image_server + "/shot.png"))
    assert completion.choices[0].message.content == ANSWER
    assert hashlib.sha256(SCREENSHOT).hexdigest() in arrived()


def test_a_model_without_image_input_is_a_clear_400(client):
    data_url = "data:image/png;base64," + base64.b64encode(SCREENSHOT).decode()
    with pytest.raises(openai.BadRequestError) as raised:
        client.chat.completions.create(model="qwen3.5-max-preview", messages=ask(data_url))
    error = raised.value.body
    assert error["code"] == "model_not_vision"
    assert error["param"] == "messages[0].content[1]"
    assert "qwen3.5-max-preview" in error["message"]


def test_an_image_over_max_image_bytes_is_a_clear_413(client, image_server):
    with pytest.raises(openai.APIStatusError) as raised:
        client.chat.completions.create(model=VISION_MODEL, messages=ask(image_server + "/huge.png"))
    assert raised.value.status_code == 413
    assert raised.value.body["code"] == "image_too_large"
    assert raised.value.body["param"] == "messages[0].content[1]"
