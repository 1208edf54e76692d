"""STATUS_LIST_DECOMPRESSION_LIMIT: a GZIP bomb is refused without being inflated."""

from __future__ import annotations

import base64
import gzip
import struct
import tracemalloc
import zlib
from datetime import UTC, datetime

import pytest

from credstack.core.errors import ErrorCode, StatusListError
from credstack.core.status.bitstring import (
    DEFAULT_MAX_ENTRIES,
    MIN_ENTRIES,
    StatusList,
    status_entry,
)
from credstack.core.status.check import check_status

NOW = datetime(2025, 6, 1, tzinfo=UTC)
LIST_URL = "https://issuer.example/status/bomb"
GIB = 1 << 30
MIB = 1 << 20


def gzip_bomb(total: int, block: int = MIB) -> bytes:
    """A valid GZIP stream of ``total`` zero bytes, built without producing them.

    One block of zeros is deflated once and ended with a full flush, which byte-aligns it and
    resets the dictionary, so the same compressed block can be repeated ``total // block``
    times. The CRC is chained over the block, so the trailer is right too.
    """
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    chunk = deflater.compress(bytes(block)) + deflater.flush(zlib.Z_FULL_FLUSH)
    count = total // block
    crc = 0
    zeros = bytes(block)
    for _ in range(count):
        crc = zlib.crc32(zeros, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (count * block) & 0xFFFFFFFF)
    return header + chunk * count + deflater.flush(zlib.Z_FINISH) + trailer


def _multibase(data: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_the_bomb_builder_makes_real_gzip() -> None:
    bomb = gzip_bomb(4 * MIB)
    assert len(bomb) < 8 * 1024
    assert gzip.decompress(bomb) == bytes(4 * MIB)


def test_a_1_gib_bomb_is_refused_without_inflating_it() -> None:
    bomb = gzip_bomb(GIB)
    assert len(bomb) < 1_100_000  # about a thousandth of what it expands to
    encoded = _multibase(bomb)
    tracemalloc.start()
    try:
        with pytest.raises(StatusListError) as info:
            StatusList.decode(encoded)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.value.code is ErrorCode.STATUS_LIST_DECOMPRESSION_LIMIT
    assert info.value.message == "the status list decompresses to more than 2,097,152 bytes"
    assert info.value.detail == {"limit": 2 * MIB}
    assert peak < 16 * MIB


def test_the_default_cap_scales_with_status_size() -> None:
    encoded = _multibase(gzip_bomb(16 * MIB))
    status_list = StatusList.decode(encoded, status_size=8)  # exactly 16M entries of 8 bits
    assert status_list.length == DEFAULT_MAX_ENTRIES
    with pytest.raises(StatusListError) as info:
        StatusList.decode(encoded, status_size=4)
    assert info.value.code is ErrorCode.STATUS_LIST_DECOMPRESSION_LIMIT
    assert "more than 8,388,608 bytes" in info.value.message


def test_one_byte_over_the_cap_is_refused_and_the_cap_itself_allowed() -> None:
    status_list = StatusList(MIN_ENTRIES * 2)
    encoded = status_list.encode()
    size = MIN_ENTRIES * 2 // 8
    assert StatusList.decode(encoded, max_decompressed_bytes=size).length == MIN_ENTRIES * 2
    with pytest.raises(StatusListError) as info:
        StatusList.decode(encoded, max_decompressed_bytes=size - 1)
    assert info.value.code is ErrorCode.STATUS_LIST_DECOMPRESSION_LIMIT


def test_a_bomb_split_over_many_gzip_members_is_refused() -> None:
    member = gzip.compress(bytes(MIB), mtime=0)
    with pytest.raises(StatusListError) as info:
        StatusList.decode(_multibase(member * 3))
    assert info.value.code is ErrorCode.STATUS_LIST_DECOMPRESSION_LIMIT


def test_check_status_reports_a_bomb() -> None:
    bomb_list = {
        "id": LIST_URL,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": _multibase(gzip_bomb(64 * MIB)),
        },
    }
    entry = status_entry(list_credential_id=LIST_URL, index=1, purpose="revocation")
    [result] = check_status(
        {"credentialStatus": entry},
        fetch_list=lambda _: bomb_list,
        verify_list=lambda _: None,
        now=NOW,
    )
    assert result.code is ErrorCode.STATUS_LIST_DECOMPRESSION_LIMIT
    assert result.is_error
    assert "decompresses to more than 2,097,152 bytes" in result.message
