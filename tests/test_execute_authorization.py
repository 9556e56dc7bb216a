"""Running commands on this machine (a local run, its resume, a local reproduction) asks the
authorizer for `execute` besides `write`, so an Authorizer can allow one and not the other."""

import json

import pytest
from jupyter_server.auth.authorizer import Authorizer
from tornado.httpclient import HTTPClientError


class NoExecute(Authorizer):
    """Allows everything but `execute` on vre_lab; answers asynchronously, as a hub's may."""

    async def is_authorized(self, handler, user, action, resource):
        return not (resource == "vre_lab" and action == "execute")


@pytest.fixture
def jp_server_config(jp_server_config):
    jp_server_config["ServerApp"]["authorizer_class"] = NoExecute
    return jp_server_config


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (("reana", "servers", "local", "runs"), {"path": "reana.yaml"}),
        (("reana", "reproductions"), {"source": "crate.zip", "server": "local"}),
    ],
)
async def test_a_local_run_needs_execute_besides_write(jp_fetch, path, body):
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch("vre-lab", "api", *path, method="POST", body=json.dumps(body))
    assert e.value.code == 403
    assert "execute" in json.loads(e.value.response.body)["message"]


async def test_writing_without_execute_still_works(jp_fetch):
    answer = await jp_fetch(
        "vre-lab",
        "api",
        "reana",
        "validate",
        method="POST",
        body=json.dumps({"path": "nope.yaml"}),
        raise_error=False,
    )
    assert answer.code == 404  # validated (no such file), not refused


async def test_an_unknown_path_parameter_is_a_404_for_a_caller_who_is_let_in(jp_fetch):
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch("vre-lab", "api", "rucio", "no-such-instance", "scopes")
    assert e.value.code == 404
