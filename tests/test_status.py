"""The status route is the frontend's version handshake and stays fast under load."""

import asyncio
import json
import time

from vre_lab import __version__
from vre_lab.core.api import API_VERSION


async def test_status_names_the_server_version_and_api_version(jp_fetch):
    status = json.loads((await jp_fetch("vre-lab", "api", "status")).body)
    assert (status["name"], status["version"]) == ("vre_lab", __version__)
    assert status["api_version"] == API_VERSION


async def test_status_summarises_each_sidebar_section(jp_fetch):
    services = json.loads((await jp_fetch("vre-lab", "api", "status")).body)["services"]
    assert set(services) == {"data", "workflows", "publish"}
    for summary in services.values():
        assert isinstance(summary["configured"], bool)
        assert summary["summary"]


def test_the_version_is_the_one_of_the_frontend_package():
    from pathlib import Path

    package = json.loads((Path(__file__).parent.parent / "package.json").read_text())
    assert __version__ == package["version"]


async def test_status_answers_again_and_again_while_8_slow_blocking_calls_are_in_flight(
    vre_app, jp_fetch
):
    """The figure (p99 under 50 ms) is measured by bench/rucio_bench.py; this checks that status
    never waits for the blocking calls: 20 answers while all 8 are still running."""
    slow = [
        asyncio.ensure_future(vre_app.blocking.run(time.sleep, 2.0, timeout=5)) for _ in range(8)
    ]
    await asyncio.sleep(0.05)
    for _ in range(20):
        await jp_fetch("vre-lab", "api", "status")
    still_running = sum(not task.done() for task in slow)
    await asyncio.gather(*slow)
    assert still_running == 8
