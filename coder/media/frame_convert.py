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


def to_rgb(
    frame: av.VideoFrame, rotation: int = 0, size: tuple[int, int] | None = None
) -> np.ndarray:
    """An upright RGB uint8 array (height, width, 3) of ``frame``.

    ``rotation`` is clockwise degrees; ``size`` is the wanted upright (width, height) in pixels
    (scaling and colour conversion happen in one pass, cheaper than converting at full size).
    """
    image: np.ndarray
    if size is None:
        image = frame.to_ndarray(format="rgb24")
    else:
        width, height = display_size(max(2, size[0]), max(2, size[1]), rotation)
        image = frame.to_ndarray(
            format="rgb24", width=width, height=height, interpolation="BILINEAR"
        )
    if rotation:
        image = np.ascontiguousarray(np.rot90(image, k=-(rotation // 90)))
    return image
