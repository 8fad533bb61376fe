"""The bundle's `kcp-pos-sandbox` executable: the same entry point as the installed script."""

import sys

from kcp_pos.sandbox.cli import main

if __name__ == "__main__":
    sys.exit(main())
