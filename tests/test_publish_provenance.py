"""The Rucio DIDs that notebooks imported become the record's related identifiers."""

import json
import os

from vre_lab.zenodo import provenance
from vre_lab.zenodo.provenance import MAX_NOTEBOOKS, merge_related, related_datasets


def notebook(path, *dids, extra=None):
    attached = [{"variable": f"v{i}", "did": did, "mode": "replica"} for i, did in enumerate(dids)]
    metadata = {"vre_lab": {"rucio": attached}, **(extra or {})}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cells": [], "metadata": metadata, "nbformat": 4}))


def identifiers(related):
    return [item["identifier"] for item in related]


def test_a_chosen_notebook_and_the_notebooks_of_a_chosen_folder_name_their_dids_once(tmp_path):
    notebook(tmp_path / "a.ipynb", "demo:one", "demo:two")
    notebook(tmp_path / "work" / "deep" / "b.ipynb", "demo:two", "user.root:three")

    related, sources = related_datasets(tmp_path, ["a.ipynb", "work"])

    assert identifiers(related) == [
        "urn:rucio:demo:one",
        "urn:rucio:demo:two",
        "urn:rucio:user.root:three",
    ]
    assert sources == ["a.ipynb", "work/deep/b.ipynb"]


def test_hidden_folders_broken_notebooks_and_malformed_dids_are_skipped(tmp_path):
    notebook(tmp_path / ".ipynb_checkpoints" / "a-checkpoint.ipynb", "demo:old")
    (tmp_path / "broken.ipynb").write_text("{not json")
    notebook(tmp_path / "odd.ipynb", "no-scope", "demo:has space", "demo:fine")
    (tmp_path / "other.ipynb").write_text(json.dumps({"metadata": {"vre_lab": {"rucio": "x"}}}))

    related, sources = related_datasets(tmp_path, [""])

    assert identifiers(related) == ["urn:rucio:demo:fine"]
    assert sources == ["odd.ipynb"]


def test_a_link_out_of_the_root_is_not_read(tmp_path):
    root, outside = tmp_path / "root", tmp_path / "outside"
    notebook(outside / "secret.ipynb", "demo:outside")
    root.mkdir()
    os.symlink(outside / "secret.ipynb", root / "link.ipynb")
    os.symlink(outside, root / "folder")

    assert related_datasets(root, ["", "link.ipynb", "folder", "../outside"]) == ([], [])


def test_reading_stops_after_so_many_notebooks(tmp_path):
    for index in range(MAX_NOTEBOOKS + 5):
        notebook(tmp_path / f"n{index:04d}.ipynb", f"demo:d{index:04d}")

    related, _ = related_datasets(tmp_path, [""])

    assert len(related) == MAX_NOTEBOOKS


def test_a_notebook_too_large_is_skipped_and_reading_stops_after_so_many_bytes(
    tmp_path, monkeypatch
):
    for name in ("a", "b", "c"):
        notebook(tmp_path / f"{name}.ipynb", f"demo:{name}")
    size = (tmp_path / "a.ipynb").stat().st_size
    notebook(tmp_path / "0-big.ipynb", "demo:big", extra={"padding": "x" * size})  # read first
    monkeypatch.setattr(provenance, "MAX_NOTEBOOK_BYTES", 2 * size)
    monkeypatch.setattr(provenance, "MAX_TOTAL_BYTES", 2 * size)

    related, sources = related_datasets(tmp_path, [""])

    assert identifiers(related) == ["urn:rucio:demo:a", "urn:rucio:demo:b"]
    assert sources == ["a.ipynb", "b.ipynb"]


def test_identifiers_from_citation_cff_come_first_and_are_not_repeated():
    cff = [{"identifier": "urn:rucio:demo:one", "scheme": "urn"}]
    more = [{"identifier": "urn:rucio:demo:one"}, {"identifier": "urn:rucio:demo:two"}]

    assert identifiers(merge_related(cff, more)) == ["urn:rucio:demo:one", "urn:rucio:demo:two"]


def code_cells(path, *sources):
    cells = [{"cell_type": "code", "source": source, "metadata": {}} for source in sources]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}))


def test_dids_fetched_with_the_rucio_get_magic_are_imported_as_attached_ones_are(tmp_path):
    code_cells(
        tmp_path / "magics.ipynb",
        "events = %rucio get demo:higgs4l-data --instance sandbox\nprint(events)",
        ["%rucio get --mode download user.root:file.root  # one file\n"],
        "x = %rucio get {found[0]}\n%rucio search demo:*\n# %rucio get demo:commented",
        "print('%rucio get demo:in-a-string')",
    )
    (tmp_path / "notes.ipynb").write_text(
        json.dumps({"cells": [{"cell_type": "markdown", "source": "%rucio get demo:md"}]})
    )

    attached, sources = provenance.attached_dids(tmp_path, [""])

    assert attached == [
        {"did": "demo:higgs4l-data", "instance": "sandbox"},
        {"did": "user.root:file.root"},
    ]
    assert sources == ["magics.ipynb"]
