"""The `%rucio` magics in an in-process IPython shell, against the real sandbox Rucio server:
what each subcommand returns and shows, and that errors are one line without a traceback and
never carry a secret. In a real ipykernel: test_kernel_magics_ipykernel.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.plugins.sandbox import sandbox_login, sandbox_password
from vre_lab.kernel.display import DIDList, FileList, RucioDID
from vre_lab.kernel.magics import WHOAMI_FIELDS
from vre_lab.rucio.credentials import CredentialStore, UserCredentials
from vre_lab.sandbox.server_side import demo_catalog as catalog

DOUBLE_MUON = "demo:higgs4l-data-2012B-DoubleMuon"
DOUBLE_ELECTRON = "demo:higgs4l-data-2012C-DoubleElectron"
SIGNAL = "demo:higgs4l-mc-ggH125-ZZ4l"
CONTAINER = "demo:higgs-open-data"
DATASETS = sorted([DOUBLE_MUON, DOUBLE_ELECTRON, SIGNAL])


def one_error_line(capsys) -> str:
    """The single line `%rucio` printed for an error (and that nothing else was printed)."""
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured
    assert lines[0].startswith("rucio: ")
    return lines[0]


# --- search ------------------------------------------------------------------------------


def test_search_with_a_wildcard_and_a_type_returns_a_list_like_of_dids(rucio_magic):
    found = rucio_magic("search demo:higgs4l-* --type dataset")
    assert isinstance(found, DIDList)
    assert len(found) == 3
    assert sorted(found) == DATASETS
    assert found == [str(did) for did in found]  # == with a plain list
    assert all(isinstance(did, RucioDID) and did.type == "dataset" for did in found)
    first = found[0]
    assert (first.scope, first.type) == ("demo", "dataset")
    assert f"{first.scope}:{first.name}" == first
    assert isinstance(found[:2], DIDList)
    assert len(found[:2]) == 2


def test_search_of_all_types_finds_collections_and_files(rucio_magic):
    found = rucio_magic("search demo:higgs4l-data-2012B-DoubleMuon*")
    kinds = sorted(did.type for did in found)
    assert kinds == ["dataset", "file", "file", "file"]
    assert {did.bytes for did in found if did.type == "file"} != {None}


def test_search_for_containers_finds_the_container(rucio_magic):
    assert rucio_magic("search demo:* --type container") == [CONTAINER]


def test_search_with_a_metadata_filter_finds_only_matching_datasets(rucio_magic):
    assert rucio_magic("search demo:* --type dataset --filter run_number=194108") == [DOUBLE_MUON]
    found = rucio_magic('search demo:* --type dataset --filter "run_number>194108"')
    assert sorted(found) == [DOUBLE_ELECTRON]
    found = rucio_magic(
        "search demo:* --type dataset --filter 'stream_name=DoubleMuon;stream_name=simulation'"
    )
    assert sorted(found) == sorted([DOUBLE_MUON, SIGNAL])


def test_search_limit_says_in_one_line_that_more_results_exist(rucio_magic, capsys):
    found = rucio_magic("search demo:* --limit 2")
    assert len(found) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert "more exist" in out[0]
    assert "--limit" in out[0]
    assert "more exist" in repr(found)
    assert "more exist" in found._repr_html_()


def test_search_without_more_results_says_nothing_extra(rucio_magic, capsys):
    found = rucio_magic("search demo:* --type dataset --limit 3")
    assert len(found) == 3
    assert capsys.readouterr().out == ""
    assert found.note is None


def test_search_with_no_match_returns_an_empty_list_that_says_so(rucio_magic, capsys):
    found = rucio_magic("search demo:nothing-is-called-like-this-* --type dataset")
    assert found == []
    assert repr(found) == "No DIDs found."
    assert capsys.readouterr().err == ""


def test_search_of_an_unknown_scope_is_one_clear_line(rucio_magic, capsys):
    assert rucio_magic("search nosuchscope:*") is None
    line = one_error_line(capsys)
    assert "nosuchscope" in line


def test_search_with_a_bad_filter_or_type_is_one_clear_line(rucio_magic, capsys):
    assert rucio_magic("search demo:* --filter 'run_number=>=5'") is None
    assert "filter" in one_error_line(capsys)
    assert rucio_magic("search demo:* --type galaxy") is None
    assert "type must be one of" in one_error_line(capsys)


# --- ls ----------------------------------------------------------------------------------


def test_ls_of_a_dataset_lists_its_files_with_their_replicas(rucio_magic):
    files = rucio_magic(f"ls {DOUBLE_MUON}")
    assert isinstance(files, FileList)
    expected = [f"demo:{name}" for name in catalog.DATASETS[0].file_names()]
    assert sorted(files) == expected
    for did in files:
        assert did.type == "file"
        assert did.bytes > 0
        assert (catalog.RSE, "AVAILABLE") in did.replicas
    text = repr(files)
    assert "3 files" in text
    assert catalog.RSE in text


def test_ls_of_a_container_lists_every_file_of_its_datasets(rucio_magic):
    files = rucio_magic(f"ls {CONTAINER}")
    assert len(files) == 3 + 3 + 2


def test_ls_of_a_file_lists_the_file_itself(rucio_magic):
    name = f"demo:{catalog.DATASETS[2].file_names()[0]}"
    assert rucio_magic(f"ls {name}") == [name]


def test_ls_of_a_malformed_did_is_one_line_without_traceback(rucio_magic, ipython, capsys):
    result = ipython.run_cell("%rucio ls no-scope-here")
    assert result.error_in_exec is None
    assert result.result is None
    line = one_error_line(capsys)
    assert line == "rucio: 'no-scope-here' is not a DID; write SCOPE:NAME"


def test_ls_of_an_unknown_did_is_one_clear_line(rucio_magic, capsys):
    assert rucio_magic("ls demo:no-such-dataset") is None
    assert "no-such-dataset" in one_error_line(capsys)


# --- get ---------------------------------------------------------------------------------


def test_get_returns_a_list_of_paths_for_a_dataset(rucio_magic, rucio_sandbox, capsys):
    paths = rucio_magic(f"get {DOUBLE_MUON}")
    assert isinstance(paths, list)
    assert len(paths) == 3
    disk = rucio_sandbox.home / "storage" / catalog.RSE
    for path in paths:
        assert isinstance(path, str)
        assert Path(path).is_relative_to(disk)
        assert Path(path).read_text().startswith(catalog.CSV_HEADER)
    out = capsys.readouterr().out
    assert f"rucio: {DOUBLE_MUON} is available here (3 files, replica mode)" in out


def test_get_returns_a_path_for_a_file(rucio_magic):
    name = f"demo:{catalog.DATASETS[2].file_names()[1]}"
    path = rucio_magic(f"get {name}")
    assert isinstance(path, str)
    assert Path(path).name == name.split(":")[1]
    assert Path(path).is_file()


def test_get_in_download_mode_copies_the_files_and_shows_progress(
    rucio_magic, jupyter_home, capsys
):
    paths = rucio_magic(f"get {DOUBLE_ELECTRON} --mode download")
    assert len(paths) == 3
    assert all(Path(p).is_relative_to(jupyter_home.downloads / "demo") for p in paths)
    assert all(Path(p).read_text().startswith(catalog.CSV_HEADER) for p in paths)
    out = capsys.readouterr().out
    assert "3/3 files downloaded (100%)" in out
    # a second get finds the files already here
    assert rucio_magic(f"get {DOUBLE_ELECTRON} --mode download") == paths


def test_get_of_an_unknown_did_is_one_clear_line(rucio_magic, capsys):
    assert rucio_magic("get demo:no-such-dataset") is None
    assert "no-such-dataset" in one_error_line(capsys)


def test_get_with_an_unknown_mode_is_one_clear_line(rucio_magic, capsys):
    assert rucio_magic(f"get {DOUBLE_MUON} --mode teleport") is None
    assert "invalid choice" in one_error_line(capsys)


def test_python_values_go_into_the_magic_with_braces(rucio_magic, ipython):
    ipython.run_cell("found = %rucio search demo:* --type container")
    ipython.run_cell("files = %rucio ls {found[0]}")
    assert len(ipython.user_ns["files"]) == 8


# --- scopes, whoami, instances, use ----------------------------------------------------


def test_scopes_returns_a_list_of_scope_names(rucio_magic):
    scopes = rucio_magic("scopes")
    assert type(scopes) is list
    assert {"demo", "user.root"} <= set(scopes)


def test_whoami_returns_the_account_and_no_secret(rucio_magic, rucio_sandbox):
    who = rucio_magic("whoami")
    assert tuple(who) == WHOAMI_FIELDS
    assert who["account"] == "root"
    assert who["instance"] == "sandbox"
    assert who["token_seconds_left"] > 0
    assert sandbox_password(rucio_sandbox) not in json.dumps(who)


def test_instances_lists_the_configured_instances_and_marks_the_one_in_use(rucio_magic):
    instances = rucio_magic("instances")
    assert [i["name"] for i in instances] == ["sandbox"]
    assert instances[0]["in_use"] is True
    assert "* " in repr(instances)
    assert "Sandbox (local Rucio)" in repr(instances)


def test_use_switches_the_instance_of_this_kernel(
    jupyter_home, rucio_sandbox, load_rucio_magics, monkeypatch, capsys
):
    replica = rucio_sandbox.vre_lab_instance()
    download = {"name": "laptop", "rucio_config": str(rucio_sandbox.client_config)}
    monkeypatch.setenv("VRE_LAB_RUCIO_INSTANCES", json.dumps([replica, download]))
    rucio = load_rucio_magics()

    assert rucio("use laptop") is None
    assert "now uses laptop (laptop)" in capsys.readouterr().out
    assert [i["name"] for i in rucio("instances") if i["in_use"]] == ["laptop"]
    # laptop has no destination RSE: download mode, into the download folder
    paths = rucio(f"get {SIGNAL}")
    assert all(Path(p).is_relative_to(jupyter_home.downloads) for p in paths)
    # --instance picks another one for one call only
    paths = rucio(f"get {SIGNAL} --instance sandbox")
    assert all(Path(p).is_relative_to(rucio_sandbox.home / "storage") for p in paths)
    assert rucio("whoami")["instance"] == "laptop"
    assert rucio(f"--instance sandbox ls {SIGNAL}") == rucio(f"ls {SIGNAL}")

    assert rucio("use nosuch") is None
    assert one_error_line(capsys) == "rucio: No Rucio instance 'nosuch' (sandbox, laptop)"
    assert rucio("whoami")["instance"] == "laptop"


def test_an_unknown_instance_is_one_clear_line(rucio_magic, capsys):
    assert rucio_magic("scopes --instance nosuch") is None
    assert one_error_line(capsys) == "rucio: No Rucio instance 'nosuch' (sandbox)"


def test_without_any_instance_the_magic_says_how_to_configure_one(
    jupyter_home, load_rucio_magics, capsys
):
    rucio = load_rucio_magics()
    assert rucio("scopes") is None
    line = one_error_line(capsys)
    assert "no Rucio instance is configured" in line
    assert "RUCIO_CONFIG" in line
    assert rucio("instances") == []


def test_credentials_typed_in_the_panel_are_used_without_typing_them_again(
    jupyter_home, rucio_sandbox, load_rucio_magics, monkeypatch, capsys
):
    instance = {"name": "sandbox", "rucio_host": rucio_sandbox.url, "account": "root"}
    monkeypatch.setenv("VRE_LAB_RUCIO_INSTANCES", json.dumps([instance]))
    rucio = load_rucio_magics()
    assert rucio("whoami") is None
    assert "Log in to Rucio sandbox" in one_error_line(capsys)

    # what the Data panel does when the user logs in: the shared 0600 credentials file
    username, password = sandbox_login(rucio_sandbox)
    CredentialStore(jupyter_home.credentials).put(
        "sandbox", UserCredentials("userpass", username=username, password=password)
    )
    assert rucio("whoami")["account"] == "root"
    assert "demo" in rucio("scopes")
    assert rucio("instances")[0]["credentials"] == "user"


# --- usage -------------------------------------------------------------------------------


def test_help_shows_every_subcommand(rucio_magic, ipython, capsys):
    assert rucio_magic("help") is None
    text = capsys.readouterr().out
    for usage in (
        "%rucio search PATTERN [--type all|file|dataset|container] [--filter EXPR] [--limit N]",
        "%rucio ls SCOPE:NAME",
        "x = %rucio get SCOPE:NAME [--mode replica|download]",
        "%rucio scopes",
        "%rucio whoami",
        "%rucio instances",
        "%rucio use INSTANCE",
        "--instance NAME",
    ):
        assert usage in text
    rucio_magic("")
    assert capsys.readouterr().out == text
    # `%rucio?` shows the same text: it is the magic's docstring
    assert ipython.find_line_magic("rucio").__doc__.split() == text.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("frobnicate", "rucio: unknown subcommand 'frobnicate'; see %rucio help"),
        ("search", "rucio: search: the following arguments are required: PATTERN"),
        ("search demo:* --limit 0", "'0' is not a positive whole number"),
        ("ls demo:a demo:b", "unrecognized arguments: demo:b"),
        ('search "demo:*', "cannot read the arguments"),
        ("--instance", "expected one argument"),
    ],
)
def test_bad_arguments_are_one_clear_line(rucio_magic, capsys, line, expected):
    assert rucio_magic(line) is None
    assert expected in one_error_line(capsys)


def test_load_ext_is_silent_and_defines_rucio(ipython, jupyter_home, capsys):
    manager = ipython.extension_manager
    try:
        assert manager.load_extension("vre_lab") is None
        assert ipython.find_line_magic("rucio") is not None
    finally:
        manager.unload_extension("vre_lab")
    assert ipython.find_line_magic("rucio") is None
    assert capsys.readouterr() == ("", "")


# --- display -----------------------------------------------------------------------------


def test_tables_display_as_text_and_as_escaped_html():
    found = DIDList(
        [
            RucioDID("demo:<b>bold</b>", type="dataset", length=3, bytes=12_345),
            RucioDID("demo:plain", type="file", bytes=7),
        ]
    )
    text = repr(found)
    assert text.splitlines()[0].split() == ["DID", "TYPE", "FILES", "SIZE"]
    assert "demo:<b>bold</b>  dataset  3      12.3 kB" in text
    assert text.endswith("(2 DIDs)")
    html = found._repr_html_()
    assert "<b>bold</b>" not in html
    assert "demo:&lt;b&gt;bold&lt;/b&gt;" in html
    assert html.count("<tr>") == 3
    # each cell says its alignment (JupyterLab right-aligns table cells): DIDs left, numbers right
    assert '<td style="text-align: left">demo:plain</td>' in html
    assert '<td style="text-align: right">7 B</td>' in html
    assert '<th style="text-align: left">DID</th>' in html

    from IPython.lib.pretty import pretty

    assert pretty(found) == text


def test_a_long_table_shows_its_first_rows_and_says_how_many_more_there_are():
    found = DIDList(RucioDID(f"demo:f{i}", type="file") for i in range(250))
    assert len(found) == 250
    assert "… 50 more not shown here (all 250 are in the list)" in repr(found)
    assert found._repr_html_().count("<tr>") == 201


def test_results_survive_pickling():
    import pickle

    found = DIDList([RucioDID("demo:a", type="file", bytes=1)], note="more exist")
    again = pickle.loads(pickle.dumps(found))  # noqa: S301 - our own data
    assert again == ["demo:a"]
    assert again[0].bytes == 1
    assert again.note == "more exist"
