"""Entry point of `kcp-pos`: builds the object graph from settings and starts the app.

The window arrives with the keyed-entry terminal; until then the command reports its version and
where the embedded sandbox can be started.
"""

from __future__ import annotations

import argparse
import sys

from kcp_pos import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kcp-pos", description="Keyed-entry payment terminal")
    parser.add_argument("--version", action="version", version=f"kcp-pos {__version__}")
    parser.parse_args(argv)
    print(f"kcp-pos {__version__}: the terminal window is not built yet.")
    print("Run `kcp-pos-sandbox` to start the offline PortOne V1 sandbox.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
