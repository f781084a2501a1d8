"""``python -m tests.fuzz``: the long campaign (see `tests.fuzz.campaign`)."""

import sys

from tests.fuzz.campaign import main

sys.exit(main())
