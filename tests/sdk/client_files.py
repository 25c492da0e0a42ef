"""The client side of the Files API tests: the real google-genai SDK uploading, using, listing,
getting, downloading and deleting files, run by each pinned SDK's own venv like ``client_scenarios.py``.

    <venv>/bin/python tests/sdk/client_files.py flow <base_url> <json-args>

Only the standard library, the SDK and Pillow are imported here (plus ``client_scenarios``' helpers).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

from google.genai import errors, types

sys.path.insert(0, str(Path(__file__).parent))
from client_scenarios import FLASH, Saver, client, describe_response, error_info, main, recording


def _file(f: types.File) -> dict[str, Any]:
    return {
        "name": f.name, "display_name": f.display_name, "mime_type": f.mime_type, "size_bytes": f.size_bytes,
        "sha256_hash": f.sha256_hash, "uri": f.uri, "state": str(f.state.value if f.state else None),
        "source": str(f.source.value if f.source else None), "download_uri": f.download_uri,
        "lifetime_s": (f.expiration_time - f.create_time).total_seconds()
        if f.expiration_time and f.create_time else None,
    }  # fmt: skip


def _try(call: Any) -> dict[str, Any]:
    try:
        call()
        return {"exc": None}
    except errors.APIError as exc:
        return error_info(exc)


def s_flow(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """Upload a photo and a > 8 MiB file, edit the photo by reference, list/get/download, check that
    another key cannot see the file, delete, and get again."""
    c = client(base_url, api_key=args["key"])  # keep a reference: SDK 3.x closes its HTTP client when collected
    out: dict[str, Any] = {}
    with recording() as sent:
        photo = c.files.upload(file=args["photo"])
    out["photo"], out["photo_requests"] = _file(photo), sent
    with recording() as sent:
        big = c.files.upload(file=args["big"], config=types.UploadFileConfig(display_name="big one"))
    out["big"], out["big_requests"] = _file(big), sent

    config = types.GenerateContentConfig(response_modalities=["TEXT", "IMAGE"], seed=7)
    saver = Saver(args["out"], "files")
    with recording() as sent:
        response = c.models.generate_content(model=FLASH, contents=[photo, "make it warmer"], config=config)
    out["edit"], out["edit_requests"] = describe_response(response, saver), sent
    by_uri = types.Part.from_uri(file_uri=photo.uri or "", mime_type="image/png")
    out["edit_by_uri"] = describe_response(
        c.models.generate_content(model=FLASH, contents=[by_uri, "make it black and white"], config=config), saver
    )

    with recording() as sent:
        out["listed"] = [f.name for f in c.files.list(config={"page_size": 1})]
    out["list_requests"] = sent
    out["got"] = _file(c.files.get(name=photo.name or ""))
    data = c.files.download(file=big.name or "")
    out["downloaded"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}

    other = client(base_url, api_key=args["other_key"])
    out["other_get"] = _try(lambda: other.files.get(name=photo.name or ""))
    out["other_edit"] = _try(
        lambda: other.models.generate_content(model=FLASH, contents=[photo, "make it warmer"], config=config)
    )

    out["delete"] = _try(lambda: c.files.delete(name=photo.name or ""))
    out["get_after_delete"] = _try(lambda: c.files.get(name=photo.name or ""))
    out["edit_after_delete"] = _try(
        lambda: c.models.generate_content(model=FLASH, contents=[photo, "make it warmer"], config=config)
    )
    c.files.delete(name=big.name or "")
    out["listed_after"] = [f.name for f in c.files.list()]
    return out


SCENARIOS = {"flow": s_flow}


if __name__ == "__main__":
    sys.exit(main(sys.argv, SCENARIOS))
