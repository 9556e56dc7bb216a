"""Which Rucio instances exist: zero config from rucio.cfg, operator config from traitlets and the
environment, and clear reports for broken entries."""

import json

import pytest

from vre_lab.core.errors import NotFound
from vre_lab.rucio.instances import INSTANCES_ENV, instance_from_dict, load_instances

CFG = """[client]
rucio_host = https://rucio.example.org
auth_host = https://rucio-auth.example.org
auth_type = userpass
username = alice
password = s3cret
account = alice
vo = def
"""


@pytest.fixture
def rucio_cfg(tmp_path):
    path = tmp_path / "etc" / "rucio.cfg"
    path.parent.mkdir()
    path.write_text(CFG)
    return path


def test_with_nothing_configured_the_rucio_cfg_of_RUCIO_CONFIG_is_the_default(rucio_cfg):
    registry = load_instances([], environ={"RUCIO_CONFIG": str(rucio_cfg)})
    assert registry.default == "default"
    instance = registry.get("default")
    assert instance.rucio_host == "https://rucio.example.org"
    assert instance.auth_host == "https://rucio-auth.example.org"
    assert (instance.username, instance.account) == ("alice", "alice")
    assert instance.has_configured_credentials()


def test_RUCIO_HOME_is_found_like_rucio_clients_finds_it(rucio_cfg):
    registry = load_instances([], environ={"RUCIO_HOME": str(rucio_cfg.parent.parent)})
    assert registry.get("default").rucio_host == "https://rucio.example.org"


def test_without_any_configuration_there_is_no_instance():
    registry = load_instances([], environ={})
    assert registry.instances == {}
    assert registry.default is None
    with pytest.raises(NotFound, match="none is configured"):
        registry.get("default")


def test_operator_instances_replace_the_zero_config_one_and_the_environment_adds_more(rucio_cfg):
    configured = [
        {"name": "atlas", "rucio_host": "https://atlas-rucio.cern.ch", "auth_type": "x509"}
    ]
    environ = {
        "RUCIO_CONFIG": str(rucio_cfg),
        INSTANCES_ENV: json.dumps(
            [{"name": "escape", "rucio_host": "https://escape.example", "auth_type": "oidc"}]
        ),
        "VRE_LAB_RUCIO_DEFAULT": "escape",
    }
    registry = load_instances(configured, "atlas", environ=environ)
    assert list(registry.instances) == ["atlas", "escape"]
    assert registry.default == "escape"
    assert registry.get("atlas").auth_host == "https://atlas-rucio.cern.ch"


def test_an_instance_can_take_its_client_settings_from_its_own_rucio_cfg(rucio_cfg):
    instance = instance_from_dict({"name": "lab", "rucio_config": str(rucio_cfg), "account": "bob"})
    assert instance.rucio_host == "https://rucio.example.org"
    assert instance.account == "bob"


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"name": "x"}, "needs rucio_host"),
        ({"name": "bad name", "rucio_host": "https://r"}, "must be 1-64"),
        ({"name": "x", "rucio_host": "https://r", "auth_type": "kerberos"}, "auth_type"),
        (
            {"name": "x", "rucio_host": "https://r", "colour": "red"},
            "unknown Rucio instance option",
        ),
        ({"name": "x", "rucio_config": "/no/such/rucio.cfg"}, "cannot read rucio config"),
        ({"name": "x", "rucio_host": "https://r", "default_mode": "teleport"}, "default_mode"),
    ],
)
def test_a_broken_instance_is_reported_and_the_others_still_work(entry, problem):
    good = {"name": "good", "rucio_host": "https://good"}
    registry = load_instances([entry, good], environ={})
    assert list(registry.instances) == ["good"]
    assert len(registry.problems) == 1
    assert problem in registry.problems[0]


def test_an_environment_variable_that_is_not_a_json_list_is_reported():
    registry = load_instances([], environ={INSTANCES_ENV: "{not json"})
    assert registry.problems == [f"{INSTANCES_ENV} must be a JSON list of instances"]


def test_replica_mode_is_offered_only_with_a_mounted_destination_rse():
    base = {"name": "x", "rucio_host": "https://r"}
    assert instance_from_dict(base).modes == ["download"]
    assert instance_from_dict({**base, "destination_rse": "DISK"}).modes == ["download"]
    mounted = instance_from_dict({**base, "destination_rse": "DISK", "rse_mount_path": "/eos"})
    assert mounted.modes == ["replica", "download"]
    assert mounted.mode == "replica"
    assert instance_from_dict({**base, "default_mode": "replica"}).mode == "download"


def test_what_the_panel_learns_about_an_instance_holds_no_secret(rucio_cfg):
    instance = instance_from_dict({"name": "lab", "rucio_config": str(rucio_cfg)})
    described = json.dumps(instance.describe("configured"))
    assert "s3cret" not in described
    assert "s3cret" not in repr(instance)


def test_a_broken_rucio_cfg_is_reported_without_quoting_its_lines(tmp_path):
    path = tmp_path / "rucio.cfg"
    path.write_text("[client]\nrucio_host = https://r\npassword hunter2-secret\n")
    registry = load_instances([{"name": "x", "rucio_config": str(path)}], environ={})
    assert registry.instances == {}
    assert "line" in registry.problems[0]
    assert "hunter2" not in registry.problems[0]
