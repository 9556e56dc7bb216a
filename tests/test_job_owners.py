"""Whose jobs a user sees: with an identity provider that names its users (JupyterHub, a site's
own), each user lists, reads, cancels and deletes only the jobs they started, and another user's
job is not found (nothing says it exists); with jupyter_server's own token login, where each
request without a cookie is a new anonymous user, every job stays visible to the one user."""

from __future__ import annotations

import json
import threading

import pytest
from jupyter_server.auth.identity import IdentityProvider, User
from tornado.httpclient import HTTPClientError

from tests.test_jobs_api import wait_until


class NamedUsers(IdentityProvider):
    """Names the user from a header, as a hub's provider names the hub user."""

    async def get_user(self, handler):
        if await super().get_user(handler) is None:  # the token login still checks the request
            return None
        return User(username=handler.request.headers.get("X-Test-User", "alice"))


def held_job(vre_app, owner: str, gate: threading.Event):
    def work(ctx):
        while not gate.wait(0.02):
            ctx.progress(0.5)
        return {}

    return vre_app.job_runner.start("download", {"did": f"demo:{owner}"}, work, owner=owner)


@pytest.fixture
def gate():
    gate = threading.Event()
    yield gate
    gate.set()


async def call(jp_fetch, user: str, *parts, **kwargs):
    headers = {"X-Test-User": user}
    response = await jp_fetch("vre-lab", "api", *parts, headers=headers, **kwargs)
    return json.loads(response.body) if response.body else None


async def status(jp_fetch, user: str, *parts, **kwargs) -> int:
    try:
        await call(jp_fetch, user, *parts, **kwargs)
    except HTTPClientError as e:
        return e.code
    return 200


class TestNamedUsers:
    @pytest.fixture
    def jp_server_config(self, jp_server_config):
        return {
            **jp_server_config,
            "ServerApp": {**jp_server_config["ServerApp"], "identity_provider_class": NamedUsers},
        }

    async def test_each_user_sees_and_acts_on_only_their_own_jobs(self, vre_app, jp_fetch, gate):
        assert vre_app.jobs_per_user
        alices = held_job(vre_app, "alice", gate)
        bobs = held_job(vre_app, "bob", gate)

        listed = await call(jp_fetch, "alice", "jobs")
        assert [job["id"] for job in listed["jobs"]] == [alices.id]
        assert (await call(jp_fetch, "alice", "jobs", alices.id))["id"] == alices.id

        assert await status(jp_fetch, "alice", "jobs", bobs.id) == 404
        cancel = {"method": "POST", "body": "{}"}
        assert await status(jp_fetch, "alice", "jobs", bobs.id, "cancel", **cancel) == 404
        assert vre_app.jobs.get(bobs.id).state == "running"  # untouched
        assert await status(jp_fetch, "bob", "jobs", bobs.id, "cancel", **cancel) == 200

        gate.set()
        for job in (alices, bobs):
            wait_until(lambda job=job: vre_app.jobs.get(job.id).state in ("succeeded", "cancelled"))
        assert await status(jp_fetch, "bob", "jobs", alices.id, method="DELETE") == 404
        assert vre_app.jobs.get(alices.id) is not None
        assert await status(jp_fetch, "alice", "jobs", alices.id, method="DELETE") == 200
        assert vre_app.jobs.get(alices.id) is None


class TestTokenLogin:
    async def test_every_job_stays_visible_to_the_one_user(self, vre_app, jp_fetch, gate):
        assert not vre_app.jobs_per_user
        job = held_job(vre_app, "an-earlier-anonymous-user", gate)

        listed = await call(jp_fetch, "anyone", "jobs")
        assert [item["id"] for item in listed["jobs"]] == [job.id]
        assert (await call(jp_fetch, "anyone", "jobs", job.id))["id"] == job.id
