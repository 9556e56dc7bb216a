"""Authentication to a real Rucio: credentials typed in the panel stay on the server (0600, never
echoed), wrong ones are refused with a clear 403, and a hub-refreshed token file is read on
every use."""

import json
import stat

import pytest

from vre_lab.rucio.instances import read_rucio_cfg


@pytest.fixture
def sandbox_cfg(rucio_sandbox) -> dict:
    return read_rucio_cfg(rucio_sandbox.client_config)


@pytest.fixture
def token_file(tmp_path, rucio_client):
    path = tmp_path / "hub" / "rucio-token"
    path.parent.mkdir()
    path.write_text(rucio_client.auth_token)
    return path


@pytest.fixture
def rucio_instances(sandbox_cfg, token_file):
    """`login`: no credentials configured (the user types them); `hub`: a token file."""
    where = {k: sandbox_cfg[k] for k in ("rucio_host", "auth_host")}
    certificate, key = token_file.parent / "usercert.pem", token_file.parent / "userkey.pem"
    certificate.write_text("-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n")
    key.write_text("-----BEGIN PRIVATE KEY-----\nnot really\n-----END PRIVATE KEY-----\n")
    key.chmod(0o600)
    x509 = {"auth_type": "x509", "account": "root", "certificate": str(certificate)}
    return [
        {"name": "login", "account": "root", **where},
        {"name": "hub", "auth_type": "oidc", "oidc_token_file": str(token_file), **where},
        {"name": "cert", **x509, "key": str(key), **where},
        {"name": "nokey", **x509, "key": str(key.with_name("missing.pem")), **where},
    ]


@pytest.fixture
def jp_server_config(rucio_server_config, canary):
    return rucio_server_config


async def test_an_instance_without_credentials_asks_for_them(rucio_api):
    _, body = await rucio_api("GET", "instances")
    states = {i["name"]: i["credentials"] for i in body["instances"]}
    assert states == {
        "login": "missing",
        "hub": "configured",
        "cert": "configured",
        "nokey": "configured",
    }
    status, body = await rucio_api("GET", "login/scopes")
    assert (status, body["reason"]) == (403, "credentials_missing")


async def test_a_wrong_password_is_refused_and_not_kept(rucio_api, sandbox_cfg, tmp_path):
    status, body = await rucio_api(
        "PUT",
        "login/credentials",
        {"auth_type": "userpass", "username": sandbox_cfg["username"], "password": "wrong"},
    )
    assert (status, body["reason"]) == (403, "credentials_rejected")
    assert "wrong" not in json.dumps(body)
    _, instances = await rucio_api("GET", "instances")
    assert instances["instances"][0]["credentials"] == "missing"


async def test_typed_credentials_log_in_stay_private_and_are_never_echoed(
    rucio_api, sandbox_cfg, tmp_path
):
    password = sandbox_cfg["password"]
    status, body = await rucio_api(
        "PUT",
        "login/credentials",
        {"auth_type": "userpass", "username": sandbox_cfg["username"], "password": password},
    )
    assert status == 200
    assert body["account"] == "root"
    assert body["token_seconds_left"] > 0
    assert password not in json.dumps(body)
    stored = tmp_path / "private" / "rucio-credentials.json"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    _, instances = await rucio_api("GET", "instances")
    assert password not in json.dumps(instances)
    assert instances["instances"][0]["credentials"] == "user"

    status, scopes = await rucio_api("GET", "login/scopes")
    assert status == 200
    assert "demo" in scopes["scopes"]
    tokens = tmp_path / "private" / "tokens"  # Rucio's login tokens: the owner's only
    assert [stat.S_IMODE(p.stat().st_mode) for p in (tokens, tokens / "login")] == [0o700] * 2

    status, _ = await rucio_api("DELETE", "login/credentials")
    assert status == 204
    status, body = await rucio_api("GET", "login/scopes")
    assert (status, body["reason"]) == (403, "credentials_missing")


async def test_credentials_requests_are_checked_before_rucio_is_asked(rucio_api):
    cases = [
        {"auth_type": "kerberos"},
        {"auth_type": "userpass", "username": "only"},
        {"auth_type": "x509", "certificate": "../outside.pem", "key": "k.pem"},
        {"auth_type": "userpass", "username": 5, "password": "x"},
    ]
    for body in cases:
        status, answer = await rucio_api("PUT", "login/credentials", body)
        assert status in (400, 403), (body, answer)
        assert answer["message"]


async def test_x509_certificate_paths_must_be_files_inside_the_server_root(rucio_api, jp_root_dir):
    status, body = await rucio_api(
        "PUT", "login/credentials", {"auth_type": "x509", "certificate": "c.pem", "key": "k.pem"}
    )
    assert (status, body["reason"]) == (400, "bad_credentials")


async def test_a_hub_token_file_is_read_on_every_use(rucio_api, token_file, rucio_client):
    status, body = await rucio_api("GET", "hub/whoami")
    assert status == 200
    assert body["account"] == "root"

    token_file.write_text("expired-or-revoked-token")
    status, body = await rucio_api("GET", "hub/scopes")
    assert (status, body["reason"]) == (403, "credentials_rejected")
    assert "expired-or-revoked-token" not in json.dumps(body)

    token_file.write_text(rucio_client.auth_token)  # the hub refreshed it
    status, body = await rucio_api("GET", "hub/scopes")
    assert status == 200


async def test_a_missing_token_file_says_credentials_are_missing(rucio_api, token_file):
    token_file.unlink()
    status, body = await rucio_api("GET", "hub/scopes")
    assert (status, body["reason"]) == (403, "credentials_missing")


async def test_no_credential_reaches_a_log_record(rucio_api, sandbox_cfg, canary, token_file):
    canary_token = canary.value
    token_file.write_text(canary_token)
    await rucio_api("GET", "hub/scopes")
    await rucio_api(
        "PUT",
        "login/credentials",
        {"auth_type": "userpass", "username": sandbox_cfg["username"], "password": canary.value},
    )
    canary.check_logs()


async def test_an_x509_certificate_rucio_does_not_accept_is_a_clear_403(rucio_api):
    status, body = await rucio_api("GET", "cert/scopes")
    assert (status, body["reason"]) == (403, "credentials_rejected")
    assert "cert" in body["message"]


async def test_an_x509_key_file_that_is_missing_says_so(rucio_api):
    status, body = await rucio_api("GET", "nokey/scopes")
    assert status == 403
    assert body["reason"] == "credentials_missing"
    assert "missing.pem" in body["message"]
