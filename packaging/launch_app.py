"""The bundle's `kcp-pos` executable: the same entry point as the installed script."""

import sys

from kcp_pos.app import main

if __name__ == "__main__":
    sys.exit(main())
