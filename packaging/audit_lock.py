"""Audit packaging/requirements.lock for known vulnerabilities with pip-audit, and say plainly
how much of it could be audited.

    python packaging/audit_lock.py [--strict]

Exits 1 when any pin has a known vulnerability. A pin whose vulnerability data could not be
fetched (the machine reaches the package index but not PyPI's vulnerability data) is listed;
with `--strict` (the installers' workflow) that fails too, without it (.ci/run) it does not.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parent / "requirements.lock"


def audit() -> list[dict[str, object]]:
    command = [
        *(sys.executable, "-m", "pip_audit", "-r", str(LOCK)),
        *("--require-hashes", "--disable-pip", "--progress-spinner", "off", "-f", "json"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        dependencies: list[dict[str, object]] = json.loads(done.stdout)["dependencies"]
    except (ValueError, KeyError) as error:
        raise SystemExit(
            f"pip-audit gave no report (exit {done.returncode}):\n{done.stderr}"
        ) from error
    return dependencies


def main(strict: bool) -> int:
    dependencies = audit()
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    print(f"audit of {LOCK.name}: {audited} of {len(dependencies)} pins audited")
    for dependency in vulnerable:
        ids = ", ".join(str(v["id"]) for v in dependency["vulns"])  # type: ignore[attr-defined]
        print(f"  VULNERABLE {dependency['name']} {dependency.get('version')}: {ids}")
    if skipped:
        names = ", ".join(str(d["name"]) for d in skipped)
        print(f"  not audited (no vulnerability data reachable): {names}")
    if vulnerable or (strict and skipped):
        return 1
    if audited == 0:
        print("  nothing could be audited on this machine: the installers' workflow audits it")
    elif skipped:
        print("  no known vulnerability among the pins audited")
    else:
        print("  no known vulnerability")
    return 0


if __name__ == "__main__":
    sys.exit(main("--strict" in sys.argv[1:]))
