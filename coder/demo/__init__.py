"""The demo project and the synthetic videos it is made of."""

from coder.demo.build import create_demo
from coder.demo.synthetic_video import write_video

__all__ = ["create_demo", "write_video"]
