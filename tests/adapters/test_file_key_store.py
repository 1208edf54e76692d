"""The file key store and the embedded master key file."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from credstack.adapters.file_key_store import FileKeyStore
from credstack.adapters.master_key import load_or_create_master_key
from credstack.core.crypto.envelope import new_master_key
from credstack.core.errors import ErrorCode
from credstack.services.errors import KeyStoreError
from credstack.services.ports import KeyStore

MASTER = bytes(range(32))
SEED = bytes(range(100, 132))
KEY = UUID("00000000-0000-4000-8000-00000000000a")
ORG = UUID("00000000-0000-4000-8000-0000000000b0")
OTHER_ORG = UUID("00000000-0000-4000-8000-0000000000c0")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _store(tmp_path: Path, master: bytes = MASTER) -> FileKeyStore:
    return FileKeyStore(tmp_path / "keys", master)


def _get_error(store: FileKeyStore, key_id: UUID = KEY, org: UUID = ORG) -> KeyStoreError:
    with pytest.raises(KeyStoreError) as caught:
        store.get(key_id, org)
    assert caught.value.code is ErrorCode.KEY_STORE_ERROR
    assert SEED.hex() not in caught.value.message
    return caught.value


# --- the key store -------------------------------------------------------------------------


def test_it_implements_the_key_store_port(tmp_path: Path) -> None:
    store: KeyStore = _store(tmp_path)
    store.put(KEY, ORG, SEED)
    assert store.get(KEY, ORG) == SEED


def test_a_new_store_instance_with_the_same_master_key_reads_the_file(tmp_path: Path) -> None:
    _store(tmp_path).put(KEY, ORG, SEED)
    assert _store(tmp_path).get(KEY, ORG) == SEED


def test_one_sealed_file_per_key_under_its_organisation(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put(KEY, ORG, SEED)
    path = tmp_path / "keys" / str(ORG) / f"{KEY}.sealed"
    assert store.path(KEY, ORG) == path
    assert path.is_file()
    assert SEED not in path.read_bytes()


def test_files_are_0600_and_directories_0700(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        store = _store(tmp_path)
        store.put(KEY, ORG, SEED)
    finally:
        os.umask(old)
    path = store.path(KEY, ORG)
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert _mode(path.parent.parent) == 0o700


def test_the_write_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put(KEY, ORG, SEED)
    store.put(KEY, ORG, b"\x01" * 32)  # replaced as a whole
    assert store.get(KEY, ORG) == b"\x01" * 32
    assert sorted(p.name for p in store.path(KEY, ORG).parent.iterdir()) == [f"{KEY}.sealed"]


def test_a_failed_write_keeps_the_old_file_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    store.put(KEY, ORG, SEED)

    def failing_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(KeyStoreError) as caught:
        store.put(KEY, ORG, b"\x01" * 32)
    assert "No space left on device" in caught.value.message
    monkeypatch.undo()
    assert store.get(KEY, ORG) == SEED
    assert [p.name for p in store.path(KEY, ORG).parent.iterdir()] == [f"{KEY}.sealed"]


def test_a_missing_key_is_reported(tmp_path: Path) -> None:
    error = _get_error(_store(tmp_path))
    assert error.detail["reason"] == "missing"
    assert str(KEY) in error.message


def test_a_key_of_another_organisation_is_missing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put(KEY, ORG, SEED)
    assert _get_error(store, org=OTHER_ORG).detail["reason"] == "missing"


def test_a_file_moved_to_another_organisation_does_not_unseal(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put(KEY, ORG, SEED)
    moved = store.path(KEY, OTHER_ORG)
    moved.parent.mkdir(mode=0o700)
    store.path(KEY, ORG).rename(moved)
    assert _get_error(store, org=OTHER_ORG).detail["reason"] == "authentication-failed"


def test_a_file_copied_to_another_key_id_does_not_unseal(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put(KEY, ORG, SEED)
    other_key = uuid4()
    store.path(other_key, ORG).write_bytes(store.path(KEY, ORG).read_bytes())
    assert _get_error(store, other_key).detail["reason"] == "authentication-failed"


def test_another_master_key_is_reported(tmp_path: Path) -> None:
    _store(tmp_path).put(KEY, ORG, SEED)
    error = _get_error(_store(tmp_path, bytes(32)))
    assert error.detail["reason"] == "wrong-master-key"
    assert "another master key" in error.message


def test_a_tampered_file_is_reported(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put(KEY, ORG, SEED)
    path = store.path(KEY, ORG)
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 0x01
    path.write_bytes(bytes(blob))
    assert _get_error(store).detail["reason"] == "authentication-failed"


def test_a_truncated_file_is_reported(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.put(KEY, ORG, SEED)
    path = store.path(KEY, ORG)
    path.write_bytes(path.read_bytes()[:40])
    assert _get_error(store).detail["reason"] == "truncated"


def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.path(KEY, ORG).mkdir(parents=True)  # a directory where the file should be
    error = _get_error(store)
    assert "cannot read" in error.message


def test_an_unwritable_directory_is_reported(tmp_path: Path) -> None:
    (tmp_path / "keys").write_text("a file where the directory should be")
    with pytest.raises(KeyStoreError) as caught:
        _store(tmp_path).put(KEY, ORG, SEED)
    assert "cannot write" in caught.value.message


def test_a_master_key_of_the_wrong_size_cannot_seal(tmp_path: Path) -> None:
    with pytest.raises(KeyStoreError) as caught:
        _store(tmp_path, b"short").put(KEY, ORG, SEED)
    assert "master key" in caught.value.message


@pytest.mark.parametrize("bad", ["../../etc/passwd", "00000000-0000-4000-8000-00000000000a"])
def test_ids_must_be_uuids_so_no_path_can_escape(tmp_path: Path, bad: str) -> None:
    store = _store(tmp_path)
    with pytest.raises(KeyStoreError):
        store.put(bad, ORG, SEED)  # type: ignore[arg-type]
    with pytest.raises(KeyStoreError):
        store.get(KEY, bad)  # type: ignore[arg-type]
    assert not (tmp_path / "keys").exists()


def test_the_repr_does_not_show_the_master_key(tmp_path: Path) -> None:
    assert MASTER.hex() not in repr(_store(tmp_path))
    assert repr(MASTER) not in repr(_store(tmp_path))


# --- the master key file -------------------------------------------------------------------


def test_a_master_key_file_is_created_once_and_read_afterwards(tmp_path: Path) -> None:
    path = tmp_path / "var" / "master.key"
    key = load_or_create_master_key(path)
    assert len(key) == 32
    assert _mode(path) == 0o600
    text = path.read_text().strip()
    assert base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)) == key
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert load_or_create_master_key(path) == key
    assert [p.name for p in path.parent.iterdir()] == ["master.key"]


def test_a_master_key_file_written_by_hand_is_read(tmp_path: Path) -> None:
    key = new_master_key()
    path = tmp_path / "master.key"
    path.write_text(base64.urlsafe_b64encode(key).decode() + "\n")  # padded, with a newline
    path.chmod(0o600)
    assert load_or_create_master_key(path) == key


def test_two_starts_racing_for_the_file_share_the_first_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "master.key"
    winner = new_master_key()
    real_link = os.link

    def link_after_the_other_process(source: str, target: str) -> None:
        Path(target).write_text(base64.urlsafe_b64encode(winner).decode())
        Path(target).chmod(0o600)
        real_link(source, target)

    monkeypatch.setattr(os, "link", link_after_the_other_process)
    assert load_or_create_master_key(path) == winner
    assert [p.name for p in tmp_path.iterdir()] == ["master.key"]


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660, 0o602])
def test_a_master_key_file_other_users_can_access_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "master.key"
    load_or_create_master_key(path)
    path.chmod(mode)
    with pytest.raises(KeyStoreError) as caught:
        load_or_create_master_key(path)
    assert f"{mode:04o}" in caught.value.message
    assert "chmod 600" in caught.value.message


@pytest.mark.parametrize("size", [0, 16, 31, 33, 64])
def test_a_master_key_file_of_the_wrong_length_is_refused(tmp_path: Path, size: int) -> None:
    path = tmp_path / "master.key"
    path.write_text(base64.urlsafe_b64encode(b"\x07" * size).decode())
    path.chmod(0o600)
    with pytest.raises(KeyStoreError) as caught:
        load_or_create_master_key(path)
    assert f"holds {size} bytes" in caught.value.message


def test_a_master_key_file_that_is_not_base64url_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    path.write_text("not base64 at all!")
    path.chmod(0o600)
    with pytest.raises(KeyStoreError) as caught:
        load_or_create_master_key(path)
    assert "base64url" in caught.value.message


def test_a_master_key_path_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    path.mkdir(mode=0o700)
    with pytest.raises(KeyStoreError) as caught:
        load_or_create_master_key(path)
    assert "not a regular file" in caught.value.message


def test_a_dangling_master_key_link_is_refused_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    path.symlink_to(tmp_path / "elsewhere.key")
    with pytest.raises(KeyStoreError) as caught:
        load_or_create_master_key(path)
    assert "cannot read" in caught.value.message
    assert not (tmp_path / "elsewhere.key").exists()
