"""The client side of the quota test: the real google-genai SDK calling with a managed key limited to
2 requests per minute; the third call must raise ``errors.ClientError`` 429 RESOURCE_EXHAUSTED.

    <venv>/bin/python tests/sdk/client_quota.py quota <base_url> '{"key": "ob-..."}'
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from google.genai import errors, types

sys.path.insert(0, str(Path(__file__).parent))
from client_scenarios import FLASH, RESULT_MARK, client, error_info


def s_quota(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    c = client(base_url, api_key=args["key"])  # keep a reference: SDK 3.x closes its client when collected
    config = types.GenerateContentConfig(image_config=types.ImageConfig(image_size="512"))
    outcomes: list[dict[str, Any]] = []
    for _ in range(3):
        try:
            response = c.models.generate_content(model=FLASH, contents="a blue triangle", config=config)
            outcomes.append({"ok": True, "images": sum(1 for p in response.parts or [] if p.inline_data)})
        except errors.APIError as exc:
            outcomes.append({"ok": False, "client_error": isinstance(exc, errors.ClientError)} | error_info(exc))
    try:
        for _ in c.models.generate_content_stream(model=FLASH, contents="a blue triangle", config=config):
            pass
        outcomes.append({"ok": True})
    except errors.APIError as exc:
        outcomes.append({"ok": False, "client_error": isinstance(exc, errors.ClientError)} | error_info(exc))
    return {"outcomes": outcomes}


def main(argv: list[str]) -> int:
    result = s_quota(argv[2], json.loads(argv[3]))
    sys.stdout.write("\n" + RESULT_MARK + json.dumps(result, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
