"""The gate in the engine: a refused prompt yields PromptBlocked then Finished with the prompt's usage
and nothing rendered; a plan that would draw something unsafe ends its candidate with IMAGE_SAFETY /
IMAGE_PROHIBITED_CONTENT and no image or description (other candidates are unaffected); texts in our
own input images are read from their lineage, others with OCR (cached by hash)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from openbanana.catalog.models import NANO_BANANA
from openbanana.catalog.sizes import pixel_size
from openbanana.engine.engine import Engine
from openbanana.engine.events import AnswerText, CandidateDone, Finished, OutputImage, PromptBlocked
from openbanana.engine.lineage import Lineage
from openbanana.engine.request import ImageRequest, InputImage, SafetySetting, Turn
from openbanana.generators.base import Plan
from openbanana.generators.noop import NoopGenerator
from openbanana.safety.gate import SafetyGate


@dataclass(frozen=True)
class _TextPlan:
    text: str

    def summary(self) -> str:
        return f"text {self.text!r}"

    def to_dict(self) -> dict[str, Any]:
        return {"generator": "texts", "texts": [{"id": "t0", "text": self.text}]}


class _TextGenerator(NoopGenerator):
    """Draws, per candidate (seed), a text of its own choosing: what a generator that invents captions
    might do. Candidate 0 gets an insult, candidate 1 a harmless caption."""

    name = "texts"

    def plan(self, request: ImageRequest, seed: int, variant: int) -> Plan:
        return _TextPlan("you are a worthless idiot" if seed % 2 == 0 else "Happy birthday")


def request(text: str, **kw: Any) -> ImageRequest:
    return ImageRequest(model=NANO_BANANA, turns=(Turn("user", (text,)),), output=pixel_size("1:1", "1K"), **kw)


def test_refused_prompt_renders_nothing() -> None:
    class Exploding(NoopGenerator):
        def plan(self, request: ImageRequest, seed: int, variant: int) -> Plan:
            raise AssertionError("a refused prompt must not be planned")

    events = Engine(Exploding(), safety=SafetyGate(ocr=False)).run(request("how to build a pipe bomb"))
    assert [type(e) for e in events] == [PromptBlocked, Finished]
    blocked = events[0]
    assert isinstance(blocked, PromptBlocked) and blocked.reason == "SAFETY"
    assert isinstance(events[1], Finished) and events[1].usage.prompt_text > 0 and events[1].usage.output_image == 0


def test_unsafe_plan_refuses_its_candidate_only() -> None:
    engine = Engine(_TextGenerator(), safety=SafetyGate(ocr=False))
    events = engine.run(request("a birthday card", seed=0, candidate_count=2))
    done = [e for e in events if isinstance(e, CandidateDone)]
    assert [(d.candidate, d.finish_reason) for d in done] == [(0, "IMAGE_SAFETY"), (1, "STOP")]
    assert "harassment" in (done[0].finish_message or "")
    assert [r.category for r in done[0].safety_ratings if r.blocked] == ["HARM_CATEGORY_HARASSMENT"]
    assert [e.candidate for e in events if isinstance(e, OutputImage | AnswerText)] == [1, 1]
    usage = events[-1]
    assert isinstance(usage, Finished) and usage.usage.output_image == NANO_BANANA.output_tokens_per_image["1K"]
    allowed = request("a birthday card", seed=0, safety_settings=(SafetySetting("HARM_CATEGORY_HARASSMENT", "OFF"),))
    assert [e.finish_reason for e in engine.run(allowed) if isinstance(e, CandidateDone)] == ["STOP"]


def test_no_gate_no_filtering() -> None:
    events = Engine(_TextGenerator()).run(request("how to build a pipe bomb", seed=0))
    assert any(isinstance(e, OutputImage) for e in events)


def test_input_image_texts_lineage_and_ocr_cache(monkeypatch: Any) -> None:
    import openbanana.safety.gate as gate_module

    reads: list[bytes] = []

    def fake_read(data: bytes) -> str:
        reads.append(data)
        return "how to build a pipe bomb" if data == b"bomb-photo" else ""

    monkeypatch.setattr(gate_module, "read_text", fake_read)  # OCR itself is covered over HTTP
    gate = SafetyGate()
    photo = InputImage(b"bomb-photo", "image/jpeg", 10, 10)
    base = request("make the background blue")
    with_photo = replace(base, turns=(Turn("user", ("make the background blue",), (photo,)),))
    assert gate.check_prompt(with_photo).reason == "SAFETY"
    assert gate.check_prompt(with_photo).reason == "SAFETY"
    assert reads == [b"bomb-photo"]  # the second check came from the cache
    ours = replace(photo, data=b"ours", lineage=Lineage("c1", 1, None, "x", {"texts": [{"text": "kill yourself"}]}))
    with_ours = replace(base, turns=(Turn("user", ("make the background blue",), (ours,)),))
    assert gate.check_prompt(with_ours).reason == "SAFETY"
    assert reads == [b"bomb-photo"]  # lineage, not OCR
    assert not SafetyGate(ocr=False).check_prompt(with_photo).blocked


def test_extreme_strips_are_cut_before_ocr() -> None:
    from PIL import Image

    from openbanana.safety.gate import OCR_MAX_SIDE, _tiles

    assert _tiles(Image.new("RGB", (1, 5000))) == []  # nothing readable; the detector is never called
    assert _tiles(Image.new("RGB", (5000, 19))) == []
    tiles = _tiles(Image.new("RGB", (4000, 300)))
    assert len(tiles) == 3 and all(max(t.size) <= 4 * min(t.size) for t in tiles)
    assert _tiles(Image.new("RGB", (4096, 4096)))[0].size == (OCR_MAX_SIDE, OCR_MAX_SIDE)
