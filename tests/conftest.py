"""Suite-wide set-up: Qt runs offscreen (pytest-qt aborts without a display otherwise)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
