"""Write the bundle's third-party notices from the distributions installed in the build
environment: `THIRD-PARTY-NOTICES.txt` in the folder given, by `kcp_pos.licences` (the same
text the About dialog builds when run from source): every distribution `kcp-pos` needs at run
time, with its version, its licence and the licence and notice files it ships. Build tools are
not among them. Nothing here is written by hand.

    python packaging/make_notices.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from kcp_pos.licences import NOTICES_FILE_NAME, runtime_distributions, write_notices

if __name__ == "__main__":
    path = Path(sys.argv[1]) / NOTICES_FILE_NAME
    write_notices(path)
    print(f"notices: {path} ({len(runtime_distributions())} distributions)")
