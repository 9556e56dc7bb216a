"""A client of the REANA double for its tests: requests with its token, creating a workflow and
waiting for its end; the serial workflow they run."""

from __future__ import annotations

import time

import requests

from tests.reana_double import ReanaDouble

SERIAL_SPEC = {
    "version": "0.9.0",
    "inputs": {"files": ["code/a.py"], "parameters": {"n": "3"}},
    "outputs": {"files": ["results/plot.png", "results/report.pdf", "results/n.txt"]},
    "workflow": {
        "type": "serial",
        "specification": {
            "steps": [
                {"name": "count", "environment": "python:3.11", "commands": ["echo ${n}"]},
                {"name": "plot", "environment": "python:3.11", "commands": ["echo a", "echo b"]},
            ]
        },
    },
}


class Api:
    """requests against a double, with its token."""

    def __init__(self, double: ReanaDouble):
        self.double = double

    def __call__(self, method: str, path: str, *, token: bool = True, **kwargs):
        params = dict(kwargs.pop("params", {}) or {})
        if token:
            params.setdefault("access_token", self.double.token)
        return requests.request(method, self.double.url + path, params=params, timeout=30, **kwargs)

    def create(self, name: str = "demo", spec: dict = SERIAL_SPEC) -> dict:
        response = self("POST", "/api/workflows", params={"workflow_name": name}, json=spec)
        assert response.status_code == 201, response.text
        return response.json()

    def wait(self, workflow: str, statuses=("finished", "failed", "stopped"), timeout=15) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            status = self("GET", f"/api/workflows/{workflow}/status").json()
            if status["status"] in statuses or time.monotonic() > deadline:
                return status
            time.sleep(0.05)
