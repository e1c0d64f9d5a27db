"""Turning decoded frames into upright RGB images, optionally at display size."""

from __future__ import annotations

import av
import numpy as np


def rotation_clockwise(frame: av.VideoFrame) -> int:
    """Degrees (0, 90, 180, 270) to turn ``frame`` clockwise for display.

    FFmpeg's display matrix angle is counter-clockwise; phones store portrait video this way.
    """
    angle = float(frame.rotation or 0.0)
    return round(-angle / 90.0) % 4 * 90


def display_size(width: int, height: int, rotation: int) -> tuple[int, int]:
    """Width and height in pixels after turning a ``width``×``height`` image by ``rotation``."""
    return (height, width) if rotation in (90, 270) else (width, height)


PIXEL_FORMATS = ("rgb24", "bgra", "gray")


def to_rgb(
    frame: av.VideoFrame,
    rotation: int = 0,
    size: tuple[int, int] | None = None,
    pixel_format: str = "rgb24",
    fast: bool = False,
) -> np.ndarray:
    """An upright uint8 image of ``frame``: (height, width, 3) RGB, (height, width, 4)
    with ``pixel_format="bgra"`` (what Qt paints fastest, as QImage.Format_RGB32), or
    (height, width) luma with ``pixel_format="gray"`` (for analysis; the cheapest).

    ``rotation`` is clockwise degrees; ``size`` is the wanted upright (width, height) in pixels
    (scaling and colour conversion happen in one pass); ``fast`` scales with FFmpeg's
    fast bilinear filter, about twice as quick and a little less smooth (for playback).
    """
    if pixel_format not in PIXEL_FORMATS:
        raise ValueError(f"pixel format {pixel_format!r} is not one of {PIXEL_FORMATS}")
    image: np.ndarray
    if size is None:
        image = frame.to_ndarray(format=pixel_format)
    else:
        width, height = display_size(max(2, size[0]), max(2, size[1]), rotation)
        image = frame.to_ndarray(
            format=pixel_format,
            width=width,
            height=height,
            interpolation="FAST_BILINEAR" if fast else "BILINEAR",
        )
    if rotation:
        image = np.rot90(image, k=-(rotation // 90))
    # PyAV hands back padded rows for some widths; callers (QImage) want one plain buffer.
    return np.ascontiguousarray(image)
