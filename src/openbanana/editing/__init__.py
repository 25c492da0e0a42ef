"""Editing: what an instruction asks for (:mod:`.ops`, :mod:`.instructions`) and the pixel operations that
carry it out on photos that have no scene plan (masks, inpainting, segmentation, restyle filters,
reframing, upscaling, text in photos, translation, faces).

Images of openbanana's own are edited through their scene plan instead (see
:mod:`openbanana.generators.compose.plan_edits`), so everything not asked for stays pixel-identical.
Every function here takes and returns RGB ``uint8`` numpy arrays of shape (H, W, 3) unless it says
otherwise, is deterministic, and never touches the network.
"""
