"""``python -m dlint``."""

import sys

from dlint.cli import main

sys.exit(main())
