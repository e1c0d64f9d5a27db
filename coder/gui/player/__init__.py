"""The video player: views, transport controls and the playback controller (Qt).

``PlayerController`` is what the coding workstation embeds; ``PlayerWidget`` shows it;
``coder.gui.player.app.play_main`` opens a bare player window.
"""

from coder.gui.player.controller import PlaybackStats, PlayerController, ShownFrame
from coder.gui.player.player_widget import PlayerWidget
from coder.gui.player.transport import TransportBar
from coder.gui.player.video_view import VideoView

__all__ = [
    "PlaybackStats",
    "PlayerController",
    "PlayerWidget",
    "ShownFrame",
    "TransportBar",
    "VideoView",
]
