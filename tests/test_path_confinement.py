"""Every path a request names stays inside the server's root directory."""

import os

import pytest

from vre_lab.core.errors import BadRequest, Forbidden
from vre_lab.core.paths import confine


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "root"
    (root / "data" / "run1").mkdir(parents=True)
    (root / "data" / "run1" / "events.csv").write_text("x\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text("no\n")
    return root


def test_a_path_inside_the_root_resolves_to_its_real_location(root):
    assert confine(root, "data/run1/events.csv") == root.resolve() / "data/run1/events.csv"


def test_a_path_that_does_not_exist_yet_is_allowed_inside_the_root(root):
    assert confine(root, "results/new.png") == root.resolve() / "results/new.png"


def test_dot_dot_that_stays_inside_is_allowed(root):
    assert confine(root, "data/run1/../run1/events.csv").name == "events.csv"


@pytest.mark.parametrize(
    "path", ["..", "../outside/secret.txt", "data/../../outside", "data/run1/../../../x"]
)
def test_dot_dot_escaping_the_root_is_refused(root, path):
    with pytest.raises(Forbidden, match="outside the server root"):
        confine(root, path)


@pytest.mark.parametrize("path", ["/etc/passwd", "//etc/passwd"])
def test_an_absolute_path_is_refused(root, path):
    with pytest.raises(Forbidden, match="Absolute paths"):
        confine(root, path)


def test_an_absolute_path_naming_a_file_inside_the_root_is_refused_too(root):
    with pytest.raises(Forbidden):
        confine(root, str(root / "data" / "run1" / "events.csv"))


def test_a_symlink_leading_out_of_the_root_is_refused(root):
    os.symlink(root.parent / "outside", root / "data" / "escape")
    with pytest.raises(Forbidden):
        confine(root, "data/escape/secret.txt")


def test_a_symlinked_root_still_confines(tmp_path, root):
    link = tmp_path / "link-to-root"
    os.symlink(root, link)
    assert confine(link, "data") == root.resolve() / "data"
    with pytest.raises(Forbidden):
        confine(link, "../outside")


def test_a_symlink_that_stays_inside_the_root_is_allowed(root):
    os.symlink(root / "data" / "run1", root / "latest")
    assert confine(root, "latest/events.csv") == root.resolve() / "data/run1/events.csv"


@pytest.mark.parametrize("path", ["data/\x00evil", None, 42, "lone-\ud800-surrogate"])
def test_a_malformed_path_is_a_bad_request(root, path):
    with pytest.raises(BadRequest):
        confine(root, path)


@pytest.mark.parametrize("path", ["0" * 256, "a/" + "é" * 200, "a/" * 2100])
def test_a_path_too_long_for_the_file_system_is_a_bad_request_not_a_crash(root, path):
    with pytest.raises(BadRequest, match="too long"):
        confine(root, path)
