"""``python -m dlint_dockerfile``."""

import sys

from dlint_dockerfile.cli import main

sys.exit(main())
