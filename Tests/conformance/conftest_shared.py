"""Puts the conformance proxy in front of LMARENA2API_BASE_URL for a pytest run (see openai_shapes.py)."""
import os

from openai_shapes import ConformanceProxy

PROXY = ConformanceProxy(os.environ.get("LMARENA2API_BASE_URL", "http://127.0.0.1:10088/v1"))
os.environ["LMARENA2API_BASE_URL"] = PROXY.url


def finish(session):
    """Fails the run when any answer broke OpenAI's shapes."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    reporter.write_line(f"conformance: {PROXY.answers} answers checked against OpenAI's shapes, {len(PROXY.violations)} violations")
    for violation in PROXY.violations[:50]:
        reporter.write_line("conformance violation: " + violation)
    if PROXY.violations:
        session.exitstatus = 1
