"""The client side of the SDK conformance tests, run by each pinned google-genai's own venv.

    <venv>/bin/python tests/sdk/client_scenarios.py <scenario> <base_url> [json-args]

Each scenario drives the real ``google-genai`` SDK against ``base_url`` exactly as a user would
(``genai.Client(api_key=..., http_options=types.HttpOptions(base_url=...))``), writes any images it
receives to ``args["out"]`` and prints one JSON result on the last stdout line, after ``RESULT_MARK``.
Every HTTP request the SDK makes is recorded (method, path, query, headers of interest, and a summary
of the JSON body with long base64 strings replaced by their alphabet) so the tests can also check
what went over the wire. ``batch`` runs several scenarios in one process to amortise start-up.

Only the standard library, the SDK, httpx or httpx2 (SDK dependencies) and Pillow are imported here: this file
runs outside the project's environment.
"""

from __future__ import annotations

import base64
import json
import os
import random
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from importlib.metadata import version as dist_version
from typing import Any

from google import genai
from google.genai import errors, types
from PIL import Image

# SDK 3.x may bring httpx2 (a drop-in fork) instead of httpx; record through whichever exist.
_HTTP_MODULES = []
for _name in ("httpx", "httpx2"):
    with suppress(ImportError):
        _HTTP_MODULES.append(__import__(_name))
httpx = _HTTP_MODULES[0]

RESULT_MARK = "@@SCENARIO-RESULT@@ "
FLASH = "gemini-3.1-flash-image-preview"
PRO = "gemini-3-pro-image-preview"
NANO = "gemini-2.5-flash-image"

# -- recording what the SDK sends --------------------------------------------------------------

_RECORD: list[dict[str, Any]] = []
_RECORD_LOCK = threading.Lock()
_AFTER_RESPONSE: list[Callable[[Any], None]] = []


def _summarise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _summarise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_summarise(v) for v in value]
    if isinstance(value, str) and len(value) > 100:
        alphabet = "neutral"
        if "-" in value or "_" in value:
            alphabet = "urlsafe"
        elif "+" in value or "/" in value:
            alphabet = "standard"
        return {"__b64__": len(value), "alphabet": alphabet}
    return value


def _recorder(original_send: Callable[..., Any]) -> Callable[..., Any]:
    def send(self: Any, request: Any, **kwargs: Any) -> Any:
        return _record(original_send, self, request, **kwargs)

    return send


def _record(original_send: Callable[..., Any], self: Any, request: Any, **kwargs: Any) -> Any:
    entry: dict[str, Any] = {
        "method": request.method,
        "path": request.url.path,
        "query": dict(request.url.params),
        "api_key": request.headers.get("x-goog-api-key"),
        "user_agent": request.headers.get("user-agent", ""),
    }
    try:
        entry["body"] = _summarise(json.loads(request.content)) if request.content else None
    except Exception:
        entry["body"] = "<not json>"
    response = original_send(self, request, **kwargs)
    entry["status"] = response.status_code
    with _RECORD_LOCK:
        _RECORD.append(entry)
    for hook in list(_AFTER_RESPONSE):
        hook(response)
    return response


for _module in _HTTP_MODULES:
    _module.Client.send = _recorder(_module.Client.send)


@contextmanager
def recording() -> Iterator[list[dict[str, Any]]]:
    """The requests made inside the block (appended to the yielded list when the block exits)."""
    out: list[dict[str, Any]] = []
    with _RECORD_LOCK:
        start = len(_RECORD)
    try:
        yield out
    finally:
        with _RECORD_LOCK:
            out.extend(_RECORD[start:])


# -- helpers -----------------------------------------------------------------------------------


def client(base_url: str, api_key: str = "any", **http: Any) -> genai.Client:
    return genai.Client(api_key=api_key, http_options=types.HttpOptions(base_url=base_url, **http))


def noise_image(width: int, height: int, seed: int = 0) -> Image.Image:
    rng = random.Random(seed)
    return Image.frombytes("RGB", (width, height), bytes(rng.getrandbits(8) for _ in range(width * height * 3)))


def error_info(exc: BaseException) -> dict[str, Any]:
    info: dict[str, Any] = {"exc": type(exc).__name__, "message": str(exc)[:500]}
    if isinstance(exc, errors.APIError):
        info.update(
            api_error=True,
            client_error=isinstance(exc, errors.ClientError),
            server_error=isinstance(exc, errors.ServerError),
            code=exc.code,
            status=exc.status,
            error_message=exc.message,
            details=exc.details if isinstance(exc.details, (dict, list)) else None,
        )
    return info


def attempt(call: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run ``call`` while recording what the SDK sends: (``{"exc": None}`` or :func:`error_info`, requests)."""
    with recording() as sent:
        try:
            call()
            result: dict[str, Any] = {"exc": None}
        except Exception as exc:
            result = error_info(exc)
    return result, sent


class Saver:
    def __init__(self, out: str, prefix: str) -> None:
        self.out, self.prefix, self.count = out, prefix, 0
        self.lock = threading.Lock()

    def save(self, data: bytes, tag: str = "") -> str:
        with self.lock:
            self.count += 1
            n = self.count
        path = os.path.join(self.out, f"{self.prefix}-{n:03d}{tag}.bin")
        with open(path, "wb") as fh:
            fh.write(data)
        return path


def describe_parts(parts: list[types.Part] | None, saver: Saver | None) -> list[dict[str, Any]]:
    out = []
    for part in parts or []:
        entry: dict[str, Any] = {"thought": bool(part.thought), "signed": part.thought_signature is not None}
        if part.thought_signature:
            entry["signature"] = base64.b64encode(part.thought_signature).decode()
        if part.inline_data is not None:
            data = part.inline_data.data or b""
            entry.update(kind="image", mime=part.inline_data.mime_type, bytes=len(data))
            if saver is not None:
                entry["path"] = saver.save(data, "-thought" if part.thought else "")
            if hasattr(part, "as_image"):
                entry["as_image"] = type(part.as_image()).__name__
        elif part.text is not None:
            entry.update(kind="text", text=part.text[:200])
        else:
            entry.update(kind="other")
        out.append(entry)
    return out


def describe_response(response: types.GenerateContentResponse, saver: Saver | None) -> dict[str, Any]:
    candidates = response.candidates or []
    usage = response.usage_metadata
    return {
        "model_version": response.model_version,
        "response_id": response.response_id,
        "text": response.text,
        "n_candidates": len(candidates),
        "finish_reasons": [str(c.finish_reason.value if c.finish_reason else None) for c in candidates],
        "parts": describe_parts(candidates[0].content.parts if candidates and candidates[0].content else None, saver),
        "usage": usage.model_dump(mode="json", exclude_none=True) if usage else None,
    }


def image_config(ratio: str | None, size: str | None) -> types.ImageConfig:
    return types.ImageConfig(aspect_ratio=ratio, image_size=size)


# -- scenarios ---------------------------------------------------------------------------------


def s_info(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"version": dist_version("google-genai"), "python": sys.version.split()[0]}


def s_generate(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """One text-to-image call with image + text modalities."""
    c = client(base_url)
    config = types.GenerateContentConfig(
        response_modalities=args.get("modalities", ["IMAGE", "TEXT"]),
        image_config=image_config(args.get("ratio"), args.get("size")),
    )
    with recording() as sent:
        response = c.models.generate_content(model=args.get("model", FLASH), contents=args["prompt"], config=config)
    return describe_response(response, Saver(args["out"], "generate")) | {"requests": sent}


def s_edit(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """A PIL image plus an instruction; no ratio, so the output follows the input's shape. The
    thinking config and system instruction check the SDK's mixed-case nested keys."""
    c = client(base_url)
    thinking = types.ThinkingConfig(include_thoughts=True, thinking_level="HIGH")
    config = types.GenerateContentConfig(
        response_modalities=["TEXT", "IMAGE"],
        image_config=types.ImageConfig(image_size="512"),
        thinking_config=thinking,
        system_instruction="You are an illustrator.",
        safety_settings=[types.SafetySetting(category="HARM_CATEGORY_HATE_SPEECH", threshold="BLOCK_ONLY_HIGH")],
        seed=42,
    )
    image = noise_image(*args.get("input_size", (64, 36)))
    with recording() as sent:
        contents: Any = [image, "Make it blue"]
        response = c.models.generate_content(model=FLASH, contents=contents, config=config)
    return describe_response(response, Saver(args["out"], "edit")) | {"requests": sent}


def s_matrix(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """Every (model, ratio, size) in ``args["cases"]``, ``args["workers"]`` calls at a time."""
    c = client(base_url, timeout=300_000)
    saver = Saver(args["out"], "matrix")

    def one(case: list[str]) -> dict[str, Any]:
        model, ratio, size = case
        config = types.GenerateContentConfig(
            response_modalities=["IMAGE", "TEXT"], image_config=image_config(ratio, size)
        )
        started = time.monotonic()
        try:
            response = c.models.generate_content(model=model, contents=f"A poster, {ratio} at {size}", config=config)
        except Exception as exc:
            return {"case": case, "error": error_info(exc)}
        images = [p for p in describe_parts(response.parts, saver) if p["kind"] == "image" and not p["thought"]]
        return {"case": case, "images": images, "text": response.text, "seconds": time.monotonic() - started}

    with ThreadPoolExecutor(max_workers=args.get("workers", 2)) as pool:
        results = list(pool.map(one, args["cases"]))
    return {"results": results}


def s_stream(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    c = client(base_url)
    saver = Saver(args["out"], "stream")
    config = types.GenerateContentConfig(
        response_modalities=["TEXT", "IMAGE"],
        image_config=image_config("4:1", "512"),
        thinking_config=types.ThinkingConfig(include_thoughts=True, thinking_level="HIGH"),
    )
    chunks = []
    with recording() as sent:
        for chunk in c.models.generate_content_stream(model=FLASH, contents="A banner that says HELLO", config=config):
            chunks.append(describe_response(chunk, saver))
    return {"chunks": chunks, "requests": sent}


def s_chat(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """Two turns; the first (optionally streamed) sets 16:9, the second names no ratio and must get an
    image of the same shape, which needs the resent first-turn image to reach the server intact."""
    c = client(base_url)
    saver = Saver(args["out"], "chat-stream" if args.get("stream_first") else "chat")
    base = types.GenerateContentConfig(
        response_modalities=["TEXT", "IMAGE"],
        thinking_config=types.ThinkingConfig(include_thoughts=True, thinking_level="HIGH"),
        image_config=types.ImageConfig(image_size="512"),
    )
    first_config = base.model_copy(update={"image_config": image_config("16:9", "512")})
    chat = c.chats.create(model=FLASH, config=base)
    turns = []
    with recording() as sent:
        if args.get("stream_first"):
            first = [describe_response(ch, saver) for ch in chat.send_message_stream("Draw a cat", config=first_config)]
            turns.append({"chunks": first})
        else:
            turns.append(describe_response(chat.send_message("Draw a cat", config=first_config), saver))
        turns.append(describe_response(chat.send_message("Now make it blue"), saver))
    history = chat.get_history()
    return {
        "turns": turns,
        "requests": sent,
        "history_roles": [h.role for h in history],
        "history_signed_images": sum(
            1 for h in history for p in h.parts or [] if p.inline_data is not None and p.thought_signature
        ),
    }


def s_count_tokens(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    c = client(base_url)
    with recording() as sent:
        text = c.models.count_tokens(model=args.get("model", FLASH), contents="Draw a lighthouse at dusk")
        mixed: Any = ["Draw a lighthouse at dusk", noise_image(20, 20)]
        both = c.models.count_tokens(model=args.get("model", FLASH), contents=mixed)
    return {"text": text.total_tokens, "with_image": both.total_tokens, "requests": sent}


def s_models(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    c = client(base_url)
    with recording() as sent:
        listed = [m.name for m in c.models.list(config={"page_size": 1})]
        got = {name: c.models.get(model=name) for name in (FLASH, f"models/{PRO}", NANO, "nano-banana-2")}
    return {
        "listed": listed,
        "got": {
            k: {
                "name": m.name,
                "display_name": m.display_name,
                "actions": m.supported_actions,
                "input_token_limit": m.input_token_limit,
                "thinking": getattr(m, "thinking", None),
            }
            for k, m in got.items()
        },
        "requests": sent,
    }


def s_v1alpha(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    c = client(base_url, api_version="v1alpha")
    config = types.GenerateContentConfig(response_modalities=["IMAGE"], image_config=image_config("1:8", "512"))
    with recording() as sent:
        response = c.models.generate_content(model=FLASH, contents="A tall tower", config=config)
        model = c.models.get(model=PRO)
        tokens = c.models.count_tokens(model=FLASH, contents="hello")
    return describe_response(response, Saver(args["out"], "v1alpha")) | {
        "model": model.name, "tokens": tokens.total_tokens, "requests": sent}  # fmt: skip


def _error_cases(c: genai.Client) -> dict[str, Callable[[], Any]]:
    def gen(model: str = FLASH, contents: Any = "a cat", **config: Any) -> Callable[[], Any]:
        return lambda: c.models.generate_content(
            model=model, contents=contents, config=types.GenerateContentConfig(**config)
        )

    raw_bad_b64 = {"contents": [{"role": "user", "parts": [
        {"inlineData": {"data": "*** not base64 ***", "mimeType": "image/png"}}, {"text": "edit"}]}]}  # fmt: skip
    cases: dict[str, Callable[[], Any]] = {
        "unknown_model": gen(model="gemini-9-ultra-image"),
        "unknown_model_stream": lambda: list(
            c.models.generate_content_stream(model="gemini-9-ultra-image", contents="x")
        ),
        "unknown_model_get": lambda: c.models.get(model="gemini-9-ultra-image"),
        "unknown_model_count": lambda: c.models.count_tokens(model="gemini-9-ultra-image", contents="x"),
        "bad_ratio": gen(image_config=types.ImageConfig(aspect_ratio="7:5")),
        "bad_ratio_for_model": gen(model=PRO, image_config=types.ImageConfig(aspect_ratio="8:1")),
        "bad_size_for_model": gen(model=NANO, image_config=types.ImageConfig(image_size="2K")),
        "lower_case_k": gen(image_config=types.ImageConfig(image_size="1k")),
        "bad_thinking_level": gen(thinking_config={"thinking_level": "LOW"}),
        "bad_modality": gen(response_modalities=["AUDIO"]),
        "not_an_image": gen(
            contents=types.Content(
                role="user",
                parts=[
                    types.Part(inline_data=types.Blob(data=b"not an image", mime_type="image/png")),
                    types.Part(text="edit this"),
                ],
            )
        ),
        "bad_base64": gen(http_options=types.HttpOptions(extra_body=raw_bad_b64)),
    }
    if hasattr(c.models, "generate_images"):
        cases["imagen_predict"] = lambda: c.models.generate_images(
            model="imagen-4.0-generate-001", prompt="a cat", config=types.GenerateImagesConfig(number_of_images=1)
        )
    return cases


def s_errors(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """Each case must raise; the result records how, and how many requests it took (no retries)."""
    c = client(base_url)
    out: dict[str, Any] = {}
    for name, call in _error_cases(c).items():
        result, sent = attempt(call)
        out[name] = result | {"requests": len(sent), "statuses": [r["status"] for r in sent]}
    return out


def s_keys(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    """Against a server with keys configured: the SDK always sends x-goog-api-key."""
    out: dict[str, Any] = {}
    config = types.GenerateContentConfig(image_config=image_config("1:1", "512"))
    for label, key in (("wrong", "definitely-wrong"), ("right", args["key"])):
        c = client(base_url, api_key=key)
        for call_name, call in (
            ("generate", lambda c=c: c.models.generate_content(model=FLASH, contents="a cat", config=config)),
            ("list", lambda c=c: list(c.models.list())),
            ("stream", lambda c=c: list(c.models.generate_content_stream(model=FLASH, contents="x", config=config))),
        ):
            result, sent = attempt(call)
            out[f"{label}_{call_name}"] = result | {"requests": len(sent), "sent_keys": [r["api_key"] for r in sent]}
    return out


# -- retries against a saturated server (gotcha 9) ---------------------------------------------


def _blocker_body(ratio: str) -> dict[str, Any]:
    return {
        "contents": [{"role": "user", "parts": [{"text": "hold the only slot"}]}],
        "generationConfig": {
            "candidateCount": 4,
            "imageConfig": {"aspectRatio": ratio, "imageSize": "4K"},
            "thinkingConfig": {"thinkingLevel": "HIGH", "includeThoughts": True},
        },
    }


class SlotHolder:
    """Opens a streamed generation and leaves its body unread, so the server's only slot stays taken
    until :meth:`release` reads the stream to its end (in a background thread)."""

    def __init__(self, base_url: str, ratio: str) -> None:
        self._client = httpx.Client(base_url=base_url, timeout=120)
        url = f"/v1beta/models/{FLASH}:streamGenerateContent?alt=sse"
        self._cm = self._client.stream("POST", url, json=_blocker_body(ratio))
        self.response = self._cm.__enter__()
        if self.response.status_code != 200:
            raise RuntimeError(f"blocker was not admitted: {self.response.status_code} {self.response.read()!r}")
        self._thread: threading.Thread | None = None

    def release(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._drain, daemon=True)
            self._thread.start()

    def _drain(self) -> None:
        for _ in self.response.iter_raw():
            pass

    def close(self) -> None:
        self.release()
        assert self._thread is not None
        self._thread.join(timeout=60)
        self._cm.__exit__(None, None, None)
        self._client.close()


def s_retry(base_url: str, args: dict[str, Any]) -> dict[str, Any]:
    config = types.GenerateContentConfig(image_config=image_config("1:1", "512"), response_modalities=["IMAGE"])
    out: dict[str, Any] = {}

    # Default: no retries. One request, ServerError 503.
    holder = SlotHolder(base_url, args["ratios"][0])
    try:
        with recording() as sent:
            try:
                plain = client(base_url)  # kept referenced: a collected Client closes its transport
                plain.models.generate_content(model=FLASH, contents="x", config=config)
                out["default"] = {"exc": None}
            except Exception as exc:
                out["default"] = error_info(exc)
        out["default"]["statuses"] = [r["status"] for r in sent if r["path"].endswith(":generateContent")]
    finally:
        holder.close()

    # Opt-in retries: the first attempt meets 503; the slot is then freed and a retry succeeds.
    holder = SlotHolder(base_url, args["ratios"][1])

    def free_slot_after_503(response: Any) -> None:
        if response.status_code == 503:
            holder.release()

    retry = types.HttpRetryOptions(attempts=args.get("attempts", 5), initial_delay=0.5, max_delay=2.0)
    _AFTER_RESPONSE.append(free_slot_after_503)
    started = time.monotonic()
    try:
        with recording() as sent:
            try:
                retrying = client(base_url, retry_options=retry)
                response = retrying.models.generate_content(model=FLASH, contents="x", config=config)
                out["retry"] = {"exc": None, "images": len([p for p in response.parts or [] if p.inline_data])}
            except Exception as exc:
                out["retry"] = error_info(exc)
        out["retry"]["statuses"] = [r["status"] for r in sent if r["path"].endswith(":generateContent")]
        out["retry"]["seconds"] = time.monotonic() - started
    finally:
        _AFTER_RESPONSE.remove(free_slot_after_503)
        holder.close()
    return out


Scenario = Callable[[str, dict[str, Any]], dict[str, Any]]

SCENARIOS: dict[str, Scenario] = {
    "info": s_info,
    "generate": s_generate,
    "edit": s_edit,
    "matrix": s_matrix,
    "stream": s_stream,
    "chat": s_chat,
    "count_tokens": s_count_tokens,
    "models": s_models,
    "v1alpha": s_v1alpha,
    "errors": s_errors,
    "keys": s_keys,
    "retry": s_retry,
}


def run(name: str, base_url: str, args: dict[str, Any], scenarios: dict[str, Scenario] | None = None) -> dict[str, Any]:
    """One scenario of ``scenarios`` (this script's by default), or ``batch``: several in one process.
    An unexpected exception becomes ``{"crash": ...}`` instead of killing a batch."""
    table = SCENARIOS if scenarios is None else scenarios
    if name == "batch":
        return {label: run(sub, base_url, sub_args, table) for label, sub, sub_args in args["scenarios"]}
    try:
        return table[name](base_url, args)
    except Exception as exc:
        return {"crash": error_info(exc) | {"traceback": traceback.format_exc()[-3000:]}}


def main(argv: list[str], scenarios: dict[str, Scenario] | None = None) -> int:
    """``<script> <scenario|batch> <base_url> [json-args]``: print the result after :data:`RESULT_MARK`.
    The other client scripts call this with their own scenarios."""
    table = SCENARIOS if scenarios is None else scenarios
    if len(argv) < 3 or (argv[1] not in table and argv[1] != "batch"):
        print(f"usage: {argv[0]} <{'|'.join([*table, 'batch'])}> <base_url> [json-args]", file=sys.stderr)
        return 2
    args = json.loads(argv[3]) if len(argv) > 3 else {}
    result = run(argv[1], argv[2], args, table)
    sys.stdout.write("\n" + RESULT_MARK + json.dumps(result, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
