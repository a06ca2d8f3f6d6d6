import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "conformance"))
import conftest_shared  # noqa: E402  (sets LMARENA2API_BASE_URL to the checking proxy before the tests read it)


def pytest_sessionfinish(session, exitstatus):
    conftest_shared.finish(session)
