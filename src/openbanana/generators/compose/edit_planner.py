"""Requests with images: what to do with them.

- An instruction ("make the car blue") about an image this server made edits its sealed scene plan,
  so the rest of the image stays pixel-identical; pixel-only steps (filters, masked fills, text in
  the pixels, upscaling) run on the plan's render (:class:`~.photo_edit.PhotoEditPlan` with a base).
- An instruction about any other image (a photo) is a pixel edit of that image, inside the mask when
  a mask image follows it.
- "Go back to the second version" returns that version: its plan re-rendered (identical pixels) or
  its pixels.
- Images with a prompt that is not an edit ("the character from image 1 next to the bottle in image 2
  on a beach") are references composed into a planned scene (:mod:`.references`).
In a chat, an instruction with no image of its own applies to the latest image the model returned.
"""

from __future__ import annotations

from dataclasses import replace

from openbanana.editing.instructions import EditContext, parse_instruction
from openbanana.editing.ops import EditKind, EditOp
from openbanana.engine.errors import InvalidArgument
from openbanana.engine.request import ImageRequest, InputImage
from openbanana.generators.base import Plan
from openbanana.generators.compose.photo_edit import REPLAYABLE, PhotoEditPlan, ops_from_dict
from openbanana.generators.compose.plan import ComposePlan
from openbanana.generators.compose.plan_codec import plan_from_dict
from openbanana.generators.compose.plan_edits_scene import edit_context


def split_mask(images: tuple[InputImage, ...]) -> tuple[tuple[InputImage, ...], InputImage | None]:
    """(images, mask): the last image of two or more is a mask when it looks like one (black and
    white only)."""
    if len(images) < 2:
        return images, None
    from openbanana.editing import photo
    from openbanana.editing.masks import looks_like_mask

    last = images[-1]
    if looks_like_mask(photo.to_rgb(last.data)):
        return images[:-1], last
    return images, None


def scene_of(image: InputImage | None) -> tuple[ComposePlan | None, tuple[EditOp, ...]]:
    """The verified scene plan an image was rendered from, and the pixel steps to replay on top."""
    if image is None or image.lineage is None:
        return None, ()
    data = image.lineage.plan
    try:
        if data.get("generator") == "compose":
            return plan_from_dict(data), ()
        if data.get("generator") == "compose-photo" and isinstance(data.get("base"), dict):
            replay = tuple(op for op in ops_from_dict(data.get("ops", [])) if op.kind in REPLAYABLE)
            return plan_from_dict(data["base"]), replay
    except ValueError:
        pass
    return None, ()


def _context(base: ComposePlan | None, source: InputImage | None, refs: int) -> EditContext:
    """What the instruction can refer to; "it" is what the previous turn's instruction was about."""
    context = edit_context(base) if base is not None else EditContext()
    if source is not None and source.lineage is not None:
        previous = parse_instruction(source.lineage.instruction, context)
        context = replace(context, last_target=next((op.target for op in previous if op.target), None))
    return replace(context, reference_count=refs)


def model_versions(request: ImageRequest) -> list[InputImage]:
    """The images the model returned earlier in the chat, oldest first: version 1, 2, …"""
    return [image for turn in request.history if turn.role == "model" for image in turn.images]


def _rollback(request: ImageRequest, op: EditOp) -> Plan:
    versions = model_versions(request)
    if not versions:
        raise InvalidArgument("There is no earlier version to go back to: send the conversation's history.")
    index = op.index if op.index is not None else -1
    number = len(versions) + index if index < 0 else index  # -1: the one before the latest
    if not 1 <= number <= len(versions):
        raise InvalidArgument(f"There is no version {index} in this conversation; it has {len(versions)} versions.")
    image = versions[number - 1]
    base, replay = scene_of(image)
    if base is not None and not replay:
        return base
    if base is not None:
        return PhotoEditPlan(request.prompt, replay, base=base)
    return PhotoEditPlan(request.prompt, (), source=image)


def plan_edit(request: ImageRequest, seed: int) -> Plan | None:
    """The plan for a request with images, or None when it is a fresh generation."""
    images, mask = split_mask(request.input_images)
    previous = request.latest_model_image()
    if not images and previous is None:
        return None
    source = images[0] if images else previous
    base, replay = scene_of(source)
    ops = parse_instruction(request.prompt, _context(base, source, len(images)))
    rollback = next((op for op in ops if op.kind is EditKind.ROLLBACK), None)
    if rollback is not None:
        return _rollback(request, rollback)
    if mask is not None and source is not None:
        from openbanana.editing.masks import mask_from_bytes

        mask_from_bytes(mask.data, source.width, source.height, "the mask (the last image)")  # 400 now
    if not ops:
        if images and base is None:
            from openbanana.generators.compose.references import reference_scene

            return reference_scene(request, images, seed)
        if mask is not None:
            ops = (EditOp(EditKind.FILL),)
        else:
            return None  # a new picture in the same chat
    if base is None:
        return PhotoEditPlan(request.prompt, ops, source=source, mask=mask)
    if mask is not None:  # a masked edit is a pixel edit of the plan's render
        return PhotoEditPlan(request.prompt, (*replay, *ops), base=base, mask=mask)
    from openbanana.generators.compose import plan_edits

    edited = plan_edits.edit_plan(base, ops, request, request.prompt)
    pixel_ops = (*replay, *plan_edits.unapplied(base, ops))
    missing = plan_edits.missing_targets(base, ops)
    notes = tuple(f"There is no {target} in the image, so nothing was changed for it." for target in missing)
    if not pixel_ops:
        return replace(edited, notes=(*edited.notes, *notes)) if notes else edited
    return PhotoEditPlan(request.prompt, pixel_ops, base=edited, notes=notes)
