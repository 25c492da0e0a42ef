"""The client side of the editing tests: the real google-genai SDK sending photos, masks, references
and multi-turn chats, run by each pinned SDK's own venv like ``client_scenarios.py``.

    <venv>/bin/python tests/sdk/client_editing.py batch <base_url> <json-args>

Input images come as file paths in the args (the test writes them); every image received is saved
under ``args["out"]`` and its path reported, and the pytest side checks the pixels. Only the standard
library, the SDK and Pillow are imported here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from google.genai import errors, types

sys.path.insert(0, str(Path(__file__).parent))
from client_scenarios import FLASH, Saver, client, describe_response, error_info, main


def _part(path: str, mime: str = "image/png") -> types.Part:
    return types.Part.from_bytes(data=Path(path).read_bytes(), mime_type=mime)


def _config(**image: Any) -> types.GenerateContentConfig:
    return types.GenerateContentConfig(
        response_modalities=["TEXT", "IMAGE"],
        image_config=types.ImageConfig(**image) if image else None,
        seed=7,
    )


def _one(base_url: str, args: dict[str, Any], tag: str, contents: list[Any], **image: Any) -> dict[str, Any]:
    c = client(base_url)  # keep a reference: SDK 3.x closes its HTTP client when the Client is collected
    response = c.models.generate_content(model=FLASH, contents=contents, config=_config(**image))
    return describe_response(response, Saver(args["out"], tag))


def s_single(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """One request: the images at ``args["images"]`` (paths, in order) then the instruction."""
    contents: list[Any] = [_part(p) for p in args["images"]]
    contents.append(args["prompt"])
    return _one(base_url, args, args["tag"], contents, **args.get("image_config", {}))


def s_chat(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """A ``client.chats`` conversation: one message per entry of ``args["turns"]`` (the first may carry
    images), every reply's images saved in order."""
    c = client(base_url)
    chat = c.chats.create(model=FLASH, config=_config(**args.get("image_config", {})))
    saver = Saver(args["out"], args["tag"])
    replies = []
    for n, text in enumerate(args["turns"]):
        message: Any = text
        if n == 0 and args.get("images"):
            message = [*(_part(p) for p in args["images"]), text]
        replies.append(describe_response(chat.send_message(message), saver))
    return {"replies": replies, "history": len(chat.get_history())}


def s_bad_inputs(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """Each bad input must be a ClientError 400; afterwards a good request still works."""
    c = client(base_url)
    cases: dict[str, list[Any]] = {
        "corrupt": [types.Part.from_bytes(data=Path(args["corrupt"]).read_bytes(), mime_type="image/png"), "edit"],
        "unsupported_mime": [types.Part.from_bytes(data=b"%PDF-1.4 fake", mime_type="application/pdf"), "edit"],
        "tiff": [_part(args["tiff"], "image/tiff"), "make it blue"],
        "mask_wrong_size": [_part(args["astronaut"]), _part(args["small_mask"]), "fill the masked area with blue"],
        "fifteen_references": [*(_part(args["astronaut"]) for _ in range(15)), "all of them on a beach"],
        "hundred_megapixels": [_part(args["huge"]), "make it blue"],
    }
    out: dict[str, Any] = {}
    for name, contents in cases.items():
        try:
            c.models.generate_content(model=FLASH, contents=contents, config=_config())
            out[name] = {"exc": None}
        except errors.APIError as exc:
            out[name] = error_info(exc)
    after = _one(base_url, args, "after-bad", [_part(args["astronaut"]), "make it black and white"])
    return {"cases": out, "after": after}


SCENARIOS = {"single": s_single, "chat": s_chat, "bad_inputs": s_bad_inputs}


if __name__ == "__main__":
    sys.exit(main(sys.argv, SCENARIOS))
