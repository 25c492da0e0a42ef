"""Names, URIs and the File resource's wire shape (reference §9)."""

from __future__ import annotations

import base64
import hashlib

import pytest

from openbanana.engine.errors import InvalidArgument
from openbanana.files.base import (
    FileRecord,
    check_user_name,
    file_id_of,
    new_file_id,
    permission_denied,
    rfc3339,
    to_wire,
    valid_file_id,
)


def test_new_ids_are_twelve_lowercase_alphanumerics() -> None:
    ids = {new_file_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(len(i) == 12 and i.isalnum() and i == i.lower() for i in ids)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("files/abc123", "abc123"),
        ("abc123", "abc123"),
        ("batch-xyz", "batch-xyz"),
        ("http://127.0.0.1:8000/v1beta/files/abc123", "abc123"),
        ("https://proxy.example/prefix/v1/files/abc123", "abc123"),
        ("https://generativelanguage.googleapis.com/v1alpha/files/abc123", "abc123"),
        ("https://example.com/cat.png", None),
        ("https://example.com/v1beta/models/abc", None),
        ("gs://bucket/files/abc123", None),
        ("files/ABC", None),
        ("files/-abc", None),
        ("files/../x", None),
        ("", None),
    ],
)
def test_file_id_of(name: str, expected: str | None) -> None:
    assert file_id_of(name) == expected


def test_user_names_follow_googles_rule() -> None:
    assert check_user_name("files/my-file-1") == "my-file-1"
    assert valid_file_id("a" * 40) and not valid_file_id("a" * 41)
    for bad in ("files/My", "files/a_b", "files/-a", "files/a-", "files/", "files/" + "a" * 41):
        with pytest.raises(InvalidArgument):
            check_user_name(bad)


def test_permission_denied_uses_googles_message() -> None:
    exc = permission_denied("abc")
    assert exc.http_code == 403 and exc.status == "PERMISSION_DENIED"
    assert exc.message == "You do not have permission to access the File files/abc or it may not exist."


def test_wire_shape() -> None:
    digest = hashlib.sha256(b"x").hexdigest()
    record = FileRecord(
        id="abc123def456", owner="k", display_name="tiny", mime_type="image/png", size_bytes=202, sha256=digest,
        state="ACTIVE", source="UPLOADED", blob_key="uploads/u", created_at=1_757_511_459.328452,
        updated_at=1_757_511_459.328452, expires_at=1_757_511_459.328452 + 48 * 3600,
    )  # fmt: skip
    wire = to_wire(record, "http://h:1/prefix/", "v1beta")
    assert wire == {
        "name": "files/abc123def456", "displayName": "tiny", "mimeType": "image/png", "sizeBytes": "202",
        "createTime": "2025-09-10T13:37:39.328452Z", "updateTime": "2025-09-10T13:37:39.328452Z",
        "expirationTime": "2025-09-12T13:37:39.328452Z",
        "sha256Hash": base64.b64encode(digest.encode()).decode(),
        "uri": "http://h:1/prefix/v1beta/files/abc123def456", "state": "ACTIVE", "source": "UPLOADED",
    }  # fmt: skip
    generated = to_wire(FileRecord(**{**record.__dict__, "source": "GENERATED"}), "http://h", "v1")
    assert generated["downloadUri"] == "http://h/v1/files/abc123def456:download?alt=media"
    assert rfc3339(0) == "1970-01-01T00:00:00.000000Z"
