"""`python -m kcp_pos` runs the terminal, like the `kcp-pos` command."""

import sys

from kcp_pos.app import main

sys.exit(main())
