"""The one confined file API: reads never follow a link out of the root, writes never go through
a link and never share a temporary, and no partial file ever takes the final name."""

import os
import threading

import pytest

from vre_lab.core import files
from vre_lab.core.errors import BadRequest, Forbidden, NotFound


@pytest.fixture
def root(tmp_path):
    folder = tmp_path / "root"
    folder.mkdir()
    return folder


@pytest.fixture
def outside(tmp_path):
    victim = tmp_path / "outside.txt"
    victim.write_text("secret")
    return victim


def test_a_file_inside_is_read(root):
    (root / "a.txt").write_text("hello")
    assert files.read_text(root, "a.txt") == "hello"


def test_a_link_out_of_the_root_is_never_read(root, outside):
    (root / "link.txt").symlink_to(outside)
    with pytest.raises(Forbidden):
        files.read_bytes(root, "link.txt")
    assert not files.is_file(root, "link.txt")


def test_a_link_that_stays_inside_the_root_reads_its_target(root):
    (root / "real.txt").write_text("x")
    (root / "alias.txt").symlink_to(root / "real.txt")
    assert files.read_text(root, "alias.txt") == "x"


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/\x00b", "x" * 4096])
def test_a_path_that_is_not_confined_is_refused(root, name):
    with pytest.raises((BadRequest, Forbidden)):
        files.read_bytes(root, name)
    with pytest.raises((BadRequest, Forbidden)):
        files.write_text(root, name, "x")


def test_a_folder_or_a_missing_file_is_a_clear_error(root):
    (root / "folder").mkdir()
    with pytest.raises(BadRequest, match="not a file"):
        files.read_bytes(root, "folder")
    with pytest.raises(NotFound):
        files.read_bytes(root, "missing")


def test_a_file_larger_than_the_limit_is_refused(root):
    (root / "big").write_bytes(b"x" * 11)
    with pytest.raises(BadRequest, match="larger than 10 bytes"):
        files.read_bytes(root, "big", limit=10)


def test_a_write_never_goes_through_a_link_at_the_final_name(root, outside):
    (root / "out.txt").symlink_to(outside)
    with pytest.raises(Forbidden, match="outside"):
        files.write_text(root, "out.txt", "overwritten")
    (root / "inner.txt").symlink_to(root / "elsewhere.txt")
    with pytest.raises(Forbidden, match="link"):
        files.write_text(root, "inner.txt", "overwritten")
    assert not (root / "elsewhere.txt").exists()
    assert outside.read_text() == "secret"


def test_a_planted_temporary_is_never_opened(root, outside):
    for name in (".out.txt.part", ".out.txt.tmp", ".out.txt.0.part"):
        (root / name).symlink_to(outside)
    files.write_text(root, "out.txt", "mine")
    assert outside.read_text() == "secret"
    assert (root / "out.txt").read_text() == "mine"
    assert not (root / "out.txt").is_symlink()


def test_a_failed_write_leaves_neither_a_file_nor_a_temporary(root):
    def content():
        yield b"half"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        files.write_atomic(root, "out/data.bin", content())
    assert list((root / "out").iterdir()) == []


def test_concurrent_writes_into_one_folder_never_share_a_temporary(root):
    errors = []

    def write(number):
        try:
            files.write_atomic(root, "shared/data.bin", [bytes([number]) * 100_000] * 20)
        except Exception as e:
            errors.append(e)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    data = (root / "shared" / "data.bin").read_bytes()
    assert len(data) == 2_000_000
    assert len(set(data)) == 1  # one writer's whole file, never a mix
    assert os.listdir(root / "shared") == ["data.bin"]


def test_a_written_file_gets_the_asked_mode(root):
    files.write_text(root, "x.cff", "a", mode=0o600)
    assert (root / "x.cff").stat().st_mode & 0o777 == 0o600


def test_a_write_under_an_existing_file_is_refused(root):
    (root / "file").write_text("x")
    with pytest.raises(BadRequest, match="is a file"):
        files.writable_target(root, "file/x.zip")
