"""The credentials file is shared by the server and the kernels: each sees the others' changes."""

import stat

from vre_lab.rucio.credentials import CredentialStore, UserCredentials


def test_a_second_reader_sees_every_change_another_process_makes(tmp_path):
    path = tmp_path / "private" / "rucio-credentials.json"
    panel, kernel = CredentialStore(path), CredentialStore(path)
    assert kernel.get("sandbox") is None

    panel.put("sandbox", UserCredentials("userpass", username="alice", password="one"))
    assert kernel.get("sandbox").password == "one"
    panel.put("sandbox", UserCredentials("userpass", username="alice", password="two"))
    assert kernel.get("sandbox").password == "two"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    assert panel.forget("sandbox")
    assert kernel.get("sandbox") is None
