"""``python -m coder.cli`` runs the ``coder`` command line."""

import sys

from coder.cli.main import main

sys.exit(main())
