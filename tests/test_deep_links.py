"""An "Open in VRE" link is the lab's own URL with a query (`lab?vre-record=REPO/ID`, `vre-did=`,
`vre-workflow=`): under JupyterHub's `/user/NAME/` (and Binder's `urlpath=`, which redirects there)
the server serves the lab on that page with that base URL and vre-lab's frontend, which reads the
query (src/deeplinks.ts, tested with jest and Galata)."""

import json
import re

import pytest

LINKS = [
    "lab?vre-record=zenodo/12345",
    "lab?vre-did=demo:higgs4l-data-2012B-DoubleMuon",
    "lab?vre-workflow=analysis/reana.yaml",
    "lab/workspaces/fresh?vre-record=zenodo/12345",
]


def page_config(html: str) -> dict:
    found = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, html[:500]
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def hub_user_server(tmp_path_factory):
    from tests.plugins.server_process import jupyter_server

    with jupyter_server(tmp_path_factory.mktemp("hub-user"), base_url="/user/alice/") as server:
        yield server


@pytest.mark.parametrize("link", LINKS)
def test_a_link_under_a_hub_user_url_opens_the_lab_with_vre_lab_on_that_base_url(
    hub_user_server, link
):
    page = hub_user_server.get(link)
    assert page.status_code == 200, page.text[:500]
    config = page_config(page.text)
    assert config["baseUrl"] == "/user/alice/"
    assert "vre-lab" in {extension["name"] for extension in config["federated_extensions"]}


def test_the_link_s_query_survives_the_redirects_to_the_lab(hub_user_server):
    """`/user/alice/?…` (what a bare hub URL becomes) and `/user/alice/lab/?…` reach the lab
    with the query still on the URL the frontend reads."""
    for link in ("lab/?vre-record=zenodo/12345", "?vre-record=zenodo/12345"):
        page = hub_user_server.get(link)
        assert page.status_code == 200, (link, page.status_code)
        assert page.url.endswith("vre-record=zenodo/12345"), (link, page.url)
