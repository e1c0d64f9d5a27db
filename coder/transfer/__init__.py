"""Moving a project between a folder and a team server: ``push_project`` and ``pull_project``."""

from coder.transfer.pull import pull_project
from coder.transfer.push import PushSummary, push_project

__all__ = ["PushSummary", "pull_project", "push_project"]
