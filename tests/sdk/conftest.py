"""Running ``client_scenarios.py`` under each pinned google-genai's venv (built by
``scripts/sdk-venvs.sh``) against real servers, and collecting its JSON result."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.server import LiveServer, start_server

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("client_scenarios.py")
RESULT_MARK = "@@SCENARIO-RESULT@@ "
#: One pinned release from each google-genai line.
SDK_VERSIONS = ("1.75.0", "2.34.0", "3.4.0")


def sdk_python(version: str) -> Path:
    python = REPO / ".sdk-venvs" / f"genai-{version}" / "bin" / "python"
    if not python.exists():
        message = f"google-genai {version} venv missing ({python.parent.parent}): run scripts/sdk-venvs.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return python


def run_scenario(
    version: str, name: str, base_url: str, args: dict[str, Any], timeout: float = 300, script: Path = SCRIPT
) -> Any:
    """Run one scenario (or ``batch``) of ``script`` with that SDK version; return its JSON result."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOOGLE_", "GEMINI_"))}
    proc = subprocess.run(
        [str(sdk_python(version)), str(script), name, base_url, json.dumps(args)],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO,
    )  # fmt: skip
    marked = [line for line in proc.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if proc.returncode != 0 or not marked:
        pytest.fail(f"scenario {name} (google-genai {version}) failed, rc={proc.returncode}:\n"
                    f"{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}")  # fmt: skip
    return json.loads(marked[-1][len(RESULT_MARK) :])


def unwrap(result: dict[str, Any]) -> dict[str, Any]:
    """A scenario's result, failing the test with the client-side traceback if it crashed."""
    if "crash" in result:
        pytest.fail(f"client scenario crashed: {result['crash'].get('traceback') or result['crash']}")
    return result


@pytest.fixture(scope="session")
def sdk_server(live_server: LiveServer) -> LiveServer:
    """The real server with the default (compose) generator."""
    return live_server


@pytest.fixture(scope="module")
def sdk_saturated_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One worker, no queue: a second concurrent generation gets 503."""
    # No watermark: the retry test's blocker requests are timed for the bare noop generator.
    server = start_server(tmp_path_factory.mktemp("sdk-busy"), generator="noop",
                          extra=("--workers", "1", "--queue", "0"),
                          env_extra={"OPENBANANA_WATERMARK": "0"})  # fmt: skip
    yield server
    server.stop()
