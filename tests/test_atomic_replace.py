"""Every file vre-lab replaces (state, records, credentials) is replaced the one way: whole or not
at all, through an unpredictable temporary."""

import os

import pytest

from vre_lab.core.atomic import replace_file, replacing
from vre_lab.core.private_file import PrivateJSONFile


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "state.json"
    target.write_text("old")

    def write_half():
        with replacing(target) as f:
            f.write(b"half of the new")
            raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        write_half()
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["state.json"]


def test_a_link_planted_at_a_predictable_temporary_name_is_never_written_through(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("untouched")
    target = tmp_path / "credentials.json"
    for name in (f".{target.name}.{os.getpid()}.part", f".{target.name}.tmp"):
        (tmp_path / name).symlink_to(victim)
    PrivateJSONFile(target).put("sandbox", {"password": "s3cret"})
    assert victim.read_text() == "untouched"
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_the_file_gets_the_mode_asked_for_and_all_of_the_content(tmp_path):
    target = tmp_path / "record.json"
    replace_file(target, "x" * 100_000, mode=0o640, durable=True)
    assert target.read_text() == "x" * 100_000
    assert oct(target.stat().st_mode & 0o777) == "0o640"
