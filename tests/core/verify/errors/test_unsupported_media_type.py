"""UNSUPPORTED_MEDIA_TYPE: an image, a web page or another file that is not a credential.

A baked badge (a PNG or SVG image carrying its credential) is not read yet: the ``format``
check says so, and whether the image carries a credential at all.
"""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest

from credstack.core.verify import verify_credential, verify_document, verify_presentation
from credstack.core.verify.inputs import NOT_READ_YET, PNG_SIGNATURE
from tests.factories import VECTORS, options, outcome

SAMPLES = VECTORS / "samples" / "ob-v3p0" / "1edtech-validator"
UNSUPPORTED = {"format": ("failed", "UNSUPPORTED_MEDIA_TYPE")}
ENTRY_POINTS = [verify_document, verify_credential, verify_presentation]
# a PNG with nothing but its header chunk (13 bytes of IHDR, then the CRC)
BARE_PNG = PNG_SIGNATURE + b"\x00\x00\x00\x0dIHDR" + bytes(13) + b"\x00\x00\x00\x00"
BARE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>'


def _failure(document: str | bytes) -> tuple[str, str]:
    """(message, media type) of the failed format check, the same from every entry point."""
    answers = set()
    for verify in ENTRY_POINTS:
        report = verify(document, options())
        assert outcome(report) == UNSUPPORTED, report.to_json()
        assert report.verified is False
        check = report.checks[0]
        answers.add((check.message, check.detail["media_type"]))
    assert len(answers) == 1
    return answers.pop()


@pytest.mark.parametrize("name", ["simple-json.png", "simple-jwt.png"])
def test_a_baked_png_badge_is_not_read_yet(name: str) -> None:
    message, media_type = _failure((SAMPLES / name).read_bytes())
    assert media_type == "image/png"
    assert message == f"a PNG image with a baked credential; {NOT_READ_YET}"


def test_a_png_without_a_credential_says_so() -> None:
    message, media_type = _failure(BARE_PNG)
    assert media_type == "image/png"
    assert message.startswith("a PNG image with no baked credential; ")


@pytest.mark.parametrize("name", ["simple-json.svg", "simple-jwt.svg"])
def test_a_baked_svg_badge_is_not_read_yet(name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    for document in (data, data.decode("utf-8"), b"\xef\xbb\xbf" + data):
        message, media_type = _failure(document)
        assert media_type == "image/svg+xml"
        assert message == f"an SVG image with a baked credential; {NOT_READ_YET}"


@pytest.mark.parametrize(
    "document",
    [BARE_SVG, f"  \n{BARE_SVG}", f'<?xml version="1.0"?>\n<!-- a badge -->\n{BARE_SVG}'],
    ids=["bare", "after-whitespace", "after-prolog"],
)
def test_an_svg_without_a_credential_says_so(document: str) -> None:
    message, media_type = _failure(document)
    assert media_type == "image/svg+xml"
    assert message.startswith("an SVG image with no baked credential; ")


@pytest.mark.parametrize(
    ("document", "media_type", "message"),
    [
        ("<!DOCTYPE html><html><body>badge</body></html>", "text/html", "an HTML page"),
        ("<html lang='en'><p>x</p></html>", "text/html", "an HTML page"),
        ('<?xml version="1.0"?><credential/>', "application/xml", "XML markup"),
        ("<xml/>", "application/xml", "XML markup"),
    ],
)
def test_markup_is_named(document: str, media_type: str, message: str) -> None:
    assert _failure(document) == (f"{message}, not a credential", media_type)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("credential.json", "{}")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (b"GIF89a\x01\x00\x01\x00", "image/gif"),
        (b"GIF87a\x01\x00\x01\x00", "image/gif"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "application/pdf"),
        (_zip(), "application/zip"),
        (gzip.compress(b'{"type": ["VerifiableCredential"]}'), "application/gzip"),
    ],
    ids=["jpeg", "gif89a", "gif87a", "pdf", "zip", "gzip"],
)
def test_well_known_binary_formats_are_named(data: bytes, media_type: str) -> None:
    message, found = _failure(data)
    assert found == media_type
    assert message.endswith(", not a credential")
