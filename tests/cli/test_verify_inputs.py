"""``credstack verify`` on files that are not credentials: a report and exit 1, never exit 2.

Exit 2 is for arguments that cannot be used at all (a file that is missing or cannot be
read); any file that can be read is verified, and one that is not a credential (binary data,
an image, nothing) is simply not verified, with a failed ``format`` check saying what it is —
the same with ``--json`` and on standard input.
"""

from __future__ import annotations

import random
from pathlib import Path

import orjson
import pytest

from credstack.core.issuing import SignatureSuite
from tests.cli.conftest import Run
from tests.factories import VECTORS, issue

NOW = "2025-06-01T12:05:00Z"
SAMPLES = VECTORS / "samples" / "ob-v3p0" / "1edtech-validator"
CREDENTIAL = orjson.dumps(issue())

FILES: dict[str, tuple[bytes, str, str]] = {
    # name: (content, code of the format check, words of its message)
    "random-bytes": (random.Random(7).randbytes(4096), "PARSING_ERROR", "not UTF-8 text"),
    "invalid-utf8": (b'{"name": "caf\xe9"}', "PARSING_ERROR", "not UTF-8 text (byte 0xe9"),
    "empty": (b"", "PARSING_ERROR", "the document is empty"),
    "whitespace": (b" \n\t\r\n", "PARSING_ERROR", "the document is only whitespace"),
    "text": (b"my badge, see attached\n", "PARSING_ERROR", "neither JSON nor a compact JWS"),
    "truncated": (CREDENTIAL[: len(CREDENTIAL) // 2], "PARSING_ERROR", "unexpected end of data"),
    "array": (b"[" + CREDENTIAL + b"]", "PARSING_ERROR", "JSON object, not an array"),
    "number": (b"42\n", "PARSING_ERROR", "JSON object, not a number"),
    "utf16": (b"\xff\xfe" + CREDENTIAL.decode().encode("utf-16-le"), "PARSING_ERROR", "UTF-16"),
    "utf16-without-bom": (CREDENTIAL.decode().encode("utf-16-be"), "PARSING_ERROR", "UTF-16"),
    "baked-png": (
        (SAMPLES / "simple-json.png").read_bytes(),
        "UNSUPPORTED_MEDIA_TYPE",
        "a PNG image with a baked credential; credentials baked into badge images are not read",
    ),
    "baked-svg": (
        (SAMPLES / "simple-jwt.svg").read_bytes(),
        "UNSUPPORTED_MEDIA_TYPE",
        "an SVG image with a baked credential; credentials baked into badge images are not read",
    ),
    "html": (b"<!doctype html><html><p>badge</p></html>", "UNSUPPORTED_MEDIA_TYPE", "HTML page"),
}


def _file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("name", list(FILES))
def test_a_readable_file_that_is_not_a_credential_is_not_verified(
    run: Run, tmp_path: Path, name: str
) -> None:
    data, code, words = FILES[name]
    path = _file(tmp_path, name, data)

    result = run("verify", "--json", "--now", NOW, path)
    assert result.exit_code == 1, result.output
    report = orjson.loads(result.stdout)
    assert report["verified"] is False
    [check] = report["checks"]
    assert (check["id"], check["status"], check["code"]) == ("format", "failed", code)
    assert words in check["message"]

    table = run("verify", "--now", NOW, path)
    assert table.exit_code == 1
    assert table.stdout.splitlines()[-1] == "NOT VERIFIED"
    assert code in table.stdout
    assert "Usage:" not in table.output


@pytest.mark.parametrize("name", ["random-bytes", "baked-png", "empty"])
def test_standard_input_that_is_not_a_credential_is_not_verified(run: Run, name: str) -> None:
    data, code, _ = FILES[name]
    result = run("verify", "--json", "--now", NOW, "-", input=data)
    assert result.exit_code == 1, result.output
    assert orjson.loads(result.stdout)["checks"][0]["code"] == code


@pytest.mark.parametrize("suite", [SignatureSuite.EDDSA_RDFC_2022, SignatureSuite.VC_JWT])
def test_a_credential_saved_with_a_byte_order_mark_verifies(
    run: Run, tmp_path: Path, suite: SignatureSuite
) -> None:
    credential = issue(suite=suite)
    data = credential.encode() if isinstance(credential, str) else orjson.dumps(credential)
    path = _file(tmp_path, "credential.json", b"\xef\xbb\xbf" + data)
    assert run("verify", "--now", NOW, path).exit_code == 0
    assert run("verify", "--now", NOW, "-", input=b"\xef\xbb\xbf" + data).exit_code == 0


def test_a_directory_is_an_unusable_argument(run: Run, tmp_path: Path) -> None:
    result = run("verify", str(tmp_path))
    assert result.exit_code == 2
    assert f"cannot read {tmp_path}" in result.stderr


def test_a_missing_file_is_an_unusable_argument(run: Run, tmp_path: Path) -> None:
    result = run("verify", str(tmp_path / "nowhere.json"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
    assert "No such file" in result.stderr


def test_a_resolve_file_that_is_not_text_is_an_unusable_argument(run: Run, tmp_path: Path) -> None:
    credential = _file(tmp_path, "c.json", CREDENTIAL)
    binary = _file(tmp_path, "did.json", b"\x89PNG\r\n\x1a\n")
    result = run("verify", credential, "--resolve", f"did:web:uni.example={binary}")
    assert result.exit_code == 2
    assert f"{binary} is not UTF-8 text (byte 0x89 at offset 0)" in result.stderr


def test_a_resolve_file_with_a_byte_order_mark_is_read(run: Run, tmp_path: Path) -> None:
    credential = _file(tmp_path, "c.json", CREDENTIAL)
    status = _file(tmp_path, "s.json", b'\xef\xbb\xbf{"id": "https://uni.example/status/9"}')
    result = run("verify", "--now", NOW, credential, "--status-list", status)
    assert result.exit_code == 0, result.output
