"""The Korean catalog: complete, placeholders intact (Electrum's check), and the .qm up to date."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kcp_pos.ui.shell.resources import translations_dir

TS_FILE = translations_dir() / "kcp_pos_ko.ts"
QM_FILE = translations_dir() / "kcp_pos_ko.qm"
# Every module: the UI's tr() calls, and the sources that lower layers mark with
# QT_TRANSLATE_NOOP (domain/text.py) for the one catalogue.
SOURCES = sorted((Path(__file__).resolve().parents[2] / "kcp_pos").rglob("*.py"))
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%\d+|\{[A-Za-z_][A-Za-z0-9_]*\}")


def qt_tool(name: str) -> str:
    tool = BIN / name
    if tool.exists():
        return str(tool)
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def messages(ts_file: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, translation element) of every live message in `ts_file`."""
    found = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", default="")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("vanished", "obsolete"):
                continue
            found.append((name, message.findtext("source", default=""), translation))
    return found


def test_committed_qm_matches_the_ts(tmp_path: Path) -> None:
    compiled = tmp_path / "kcp_pos_ko.qm"
    subprocess.run(
        [qt_tool("pyside6-lrelease"), str(TS_FILE), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == QM_FILE.read_bytes(), "run lrelease and commit the .qm"


def test_every_source_string_has_a_korean_translation(tmp_path: Path) -> None:
    """lupdate merges today's tr() strings into a copy of the .ts; none may be unfinished."""
    scratch = tmp_path / "kcp_pos_ko.ts"
    shutil.copyfile(TS_FILE, scratch)
    subprocess.run(
        [
            qt_tool("pyside6-lupdate"),
            *map(str, SOURCES),
            "-ts",
            str(scratch),
            "-locations",
            "none",
        ],
        check=True,
        capture_output=True,
    )
    untranslated = [
        f"{context}: {source}"
        for context, source, translation in messages(scratch)
        if translation.get("type") == "unfinished" or not (translation.text or "").strip()
    ]
    assert untranslated == []
    assert len(messages(scratch)) == len(messages(TS_FILE)), "the .ts has stale entries"


def test_placeholders_match() -> None:
    mismatched = [
        (source, translation.text)
        for _, source, translation in messages(TS_FILE)
        if sorted(PLACEHOLDER.findall(source))
        != sorted(PLACEHOLDER.findall(translation.text or ""))
    ]
    assert mismatched == []


def test_catalog_has_the_banner_text() -> None:
    translated = {source: translation.text for _, source, translation in messages(TS_FILE)}
    assert (
        translated["TRAINING MODE (SANDBOX) — no real payments are made"]
        == "연습 모드 (SANDBOX) — 실제 결제가 일어나지 않습니다"
    )
