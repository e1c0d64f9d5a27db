"""The demo project and the synthetic videos it is made of."""

from coder.demo.build import create_demo, schemes_dir
from coder.demo.synthetic_video import write_video

__all__ = ["create_demo", "schemes_dir", "write_video"]
