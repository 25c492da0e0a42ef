"""The client side of the SDK idempotency test, run by each pinned google-genai's own venv:

    <venv>/bin/python tests/idempotency/client_idempotency.py replay <base_url> <json-args>

A client whose ``HttpOptions(headers=...)`` carries an ``Idempotency-Key`` sends the same request twice
(the second answer is the stored one) and then a different request under the same key (409).
Only the standard library and the SDK are imported here.
"""

from __future__ import annotations

import base64
import json
import sys
import traceback
from typing import Any

from google import genai
from google.genai import errors, types

RESULT_MARK = "@@SCENARIO-RESULT@@ "
FLASH = "gemini-3.1-flash-image-preview"


def _describe(response: Any) -> dict[str, Any]:
    images = [
        base64.b64encode(p.inline_data.data).decode()[:64] + f"…{len(p.inline_data.data)}"
        for p in response.candidates[0].content.parts
        if p.inline_data is not None
    ]
    http = getattr(response, "sdk_http_response", None)
    headers = dict(http.headers or {}) if http is not None and getattr(http, "headers", None) else {}
    replay = next((v for k, v in headers.items() if k.lower() == "x-openbanana-idempotent-replay"), None)
    return {"response_id": response.response_id, "images": images, "replay": replay}


def s_replay(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    options = types.HttpOptions(base_url=base_url, headers={"Idempotency-Key": args["key"]})
    client = genai.Client(api_key="any", http_options=options)  # kept alive for the whole scenario
    config = types.GenerateContentConfig(
        response_modalities=["IMAGE"], image_config=types.ImageConfig(aspect_ratio="16:9")
    )
    first = client.models.generate_content(model=FLASH, contents="a paper boat on a pond", config=config)
    second = client.models.generate_content(model=FLASH, contents="a paper boat on a pond", config=config)
    try:
        client.models.generate_content(model=FLASH, contents="a paper plane", config=config)
        conflict: dict[str, Any] = {"exc": None}
    except errors.APIError as exc:
        conflict = {"exc": type(exc).__name__, "code": exc.code, "status": exc.status, "message": exc.message}
    return {"first": _describe(first), "second": _describe(second), "conflict": conflict}


if __name__ == "__main__":
    try:
        result = {"replay": s_replay}[sys.argv[1]](sys.argv[2], json.loads(sys.argv[3]))
    except Exception as exc:
        result = {"crash": {"exc": type(exc).__name__, "traceback": traceback.format_exc()[-3000:]}}
    sys.stdout.write("\n" + RESULT_MARK + json.dumps(result, default=str) + "\n")
