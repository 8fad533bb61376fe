"""Write the bundle's third-party notices from the distributions installed in this environment.

Run with the build environment's Python (packaging/build-*): it walks `kcp-pos`'s requirements
(markers evaluated for this machine) to the set of distributions the app runs on, and has
pip-licenses write their names, versions, licences, licence files and notice files into
`THIRD-PARTY-NOTICES.txt` in the folder given. Build tools (PyInstaller, pip-licenses) are not
shipped and are left out. Nothing here is written by hand.

    python packaging/make_notices.py OUT_DIR
"""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

APP_DISTRIBUTION = "kcp-pos"
NOTICES_FILE = "THIRD-PARTY-NOTICES.txt"


def runtime_distributions(root: str = APP_DISTRIBUTION) -> list[str]:
    """The names of the distributions `root` needs at run time, on this machine (without it)."""
    seen: dict[str, str] = {}
    waiting = [root]
    while waiting:
        name = waiting.pop()
        distribution = metadata.distribution(name)
        key = distribution.metadata["Name"].lower().replace("_", "-")
        if key in seen:
            continue
        seen[key] = distribution.metadata["Name"]
        for line in distribution.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                waiting.append(requirement.name)
    seen.pop(APP_DISTRIBUTION, None)
    return sorted(seen.values(), key=str.lower)


def write_notices(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / NOTICES_FILE
    names = runtime_distributions()
    command = [
        sys.executable,
        "-m",
        "piplicenses",
        "--from=mixed",
        "--with-urls",
        "--with-license-file",
        "--with-notice-file",
        "--no-license-path",
        "--format=plain-vertical",
        f"--output-file={path}",
        "--packages",
        *names,
    ]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return path


if __name__ == "__main__":
    written = write_notices(Path(sys.argv[1]))
    print(f"notices: {written} ({len(runtime_distributions())} distributions)")
