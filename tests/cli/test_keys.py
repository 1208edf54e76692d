"""``credstack keys``: key files and the did:web documents that publish them."""

from __future__ import annotations

import stat
from pathlib import Path

import orjson

from credstack.core.crypto.keys import key_pair_from_multikey
from credstack.core.did.methods import resolver
from tests.cli.conftest import Run


def test_a_new_key_file_is_private_and_its_did_key_is_printed(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    result = run("keys", "new", "--out", str(path))
    assert result.exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = orjson.loads(path.read_bytes())
    did = result.stdout.strip()
    assert did == key["controller"]
    assert did.startswith("did:key:z6Mk")
    assert key["id"] == f"{did}#{key['publicKeyMultibase']}"
    assert key["type"] == "Multikey"
    pair = key_pair_from_multikey(key["secretKeyMultibase"])
    assert pair.public_key.multikey == key["publicKeyMultibase"] == did.removeprefix("did:key:")


def test_an_existing_key_file_is_never_overwritten(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_text("precious", encoding="utf-8")
    result = run("keys", "new", "--out", str(path))
    assert result.exit_code == 2
    assert f"{path} already exists; refusing to overwrite a key file" in result.output
    assert path.read_text(encoding="utf-8") == "precious"


def test_a_p256_key(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "p256.json"
    result = run("keys", "new", "--out", str(path), "--type", "p256")
    assert result.exit_code == 0
    assert result.stdout.startswith("did:key:zDn")
    assert orjson.loads(path.read_bytes())["publicKeyMultibase"].startswith("zDn")


def test_a_did_web_key_and_its_did_document(run: Run, tmp_path: Path) -> None:
    key_path = tmp_path / "web.json"
    result = run("keys", "new", "--out", str(key_path), "--did-web", "did:web:uni.example")
    assert (result.exit_code, result.stdout) == (0, "did:web:uni.example\n")
    key = orjson.loads(key_path.read_bytes())
    assert key["id"] == "did:web:uni.example#key-1"

    result = run("keys", "did-document", str(key_path))
    assert result.exit_code == 0
    document = orjson.loads(result.stdout)
    assert document["id"] == "did:web:uni.example"
    fetched: list[str] = []

    def fetch(url: str) -> dict[str, object]:
        fetched.append(url)
        return document

    method = resolver(fetch=fetch)("did:web:uni.example#key-1")
    assert fetched == ["https://uni.example/.well-known/did.json"]
    assert method.public_key.multikey == key["publicKeyMultibase"]
    assert method.controller == "did:web:uni.example"
    assert {"assertionMethod", "authentication"} <= method.relationships


def test_a_did_document_with_a_retired_key(run: Run, tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    did = "did:web:uni.example:issuers:7"
    run("keys", "new", "--out", str(old), "--did-web", did, "--fragment", "key-1")
    run("keys", "new", "--out", str(new), "--did-web", did, "--fragment", "key-2")
    retired = {**orjson.loads(old.read_bytes()), "expires": "2025-01-01T00:00:00Z"}
    old.write_bytes(orjson.dumps(retired))
    out = tmp_path / "did.json"
    result = run("keys", "did-document", str(old), str(new), "--out", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    document = orjson.loads(out.read_bytes())
    assert [m["id"] for m in document["verificationMethod"]] == [f"{did}#key-1", f"{did}#key-2"]
    assert document["verificationMethod"][0]["expires"] == "2025-01-01T00:00:00Z"
    method = resolver({did: document})(f"{did}#key-1")
    assert method.valid_until is not None
    assert method.valid_until.isoformat() == "2025-01-01T00:00:00+00:00"


def test_a_did_document_needs_did_web_keys_of_one_issuer(
    run: Run, issuer_key: Path, tmp_path: Path
) -> None:
    result = run("keys", "did-document", str(issuer_key))
    assert result.exit_code == 2
    assert "all keys must belong to the same did:web issuer" in result.output
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    run("keys", "new", "--out", str(a), "--did-web", "did:web:a.example")
    run("keys", "new", "--out", str(b), "--did-web", "did:web:b.example")
    assert run("keys", "did-document", str(a), str(b)).exit_code == 2
