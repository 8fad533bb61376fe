"""Settings: declared defaults, validation, the JSON round trip, corrupt files and atomic writes."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from kcp_pos.settings import Language, Profile, Settings, SettingsError, SettingsStore

VALID_BRN = "1248100998"  # a well-known valid 사업자등록번호 (check digit 8)


def test_defaults_are_declared_once() -> None:
    settings = Settings()
    assert settings.profile is Profile.SANDBOX
    assert settings.pg == "kcp"
    assert settings.pwd_2digit_required is False
    assert settings.language is Language.KO
    assert settings.screen_capture_protection is True
    assert settings.data_dir is None
    assert settings.merchant_business_number == ""


def test_values_are_parsed_and_normalised() -> None:
    settings = Settings(
        profile="live",  # type: ignore[arg-type]
        merchant_business_number="124-81-00998",
        pg="kcp.A52CY",
        data_dir="~/kcp",  # type: ignore[arg-type]
    )
    assert settings.profile is Profile.LIVE
    assert settings.merchant_business_number == VALID_BRN
    assert settings.data_dir == Path("~/kcp").expanduser()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pg", "kcp."),
        ("pg", "nice"),
        ("pg", "kcp.A52 CY"),
        ("merchant_business_number", "1248100999"),  # wrong check digit
        ("merchant_business_number", "124810099"),  # nine digits
        ("profile", "production"),
        ("language", "ja"),
        ("pwd_2digit_required", "yes"),
        ("merchant_name", 5),
        ("merchant_phone", "02-12"),  # too short
        ("merchant_phone", "099-123-4567"),  # no such area code
        ("merchant_phone", "tel 02-123-4567"),
    ],
)
def test_bad_values_raise_settings_error_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(SettingsError) as caught:
        Settings(**{field: value})  # type: ignore[arg-type]
    assert caught.value.field_name == field


def test_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "config")
    settings = Settings(
        profile=Profile.LIVE,
        pg="kcp.A52CY",
        pwd_2digit_required=True,
        merchant_name="행복한 꽃집",
        merchant_business_number=VALID_BRN,
        language=Language.EN,
        screen_capture_protection=False,
        data_dir=tmp_path / "data",
    )
    store.save(settings)
    assert SettingsStore(tmp_path / "config").load() == settings
    on_disk = json.loads(store.path.read_text(encoding="utf-8"))
    assert on_disk["merchant_name"] == "행복한 꽃집"
    assert "imp_key" not in on_disk and "imp_secret" not in on_disk


def test_missing_file_gives_defaults_without_backup(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    assert store.load() == Settings()
    assert not store.corrupt_backup_path.exists()


def test_garbage_file_falls_back_to_defaults_and_is_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = SettingsStore(tmp_path)
    store.path.write_bytes(b"{not json\xff")
    with caplog.at_level(logging.WARNING):
        assert store.load() == Settings()
    assert store.corrupt_backup_path.read_bytes() == b"{not json\xff"
    assert any("settings" in record.getMessage() for record in caplog.records)


def test_non_object_json_falls_back_to_defaults(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.path.write_text("[1, 2, 3]", encoding="utf-8")
    assert store.load() == Settings()
    assert store.corrupt_backup_path.exists()


def test_one_bad_field_keeps_the_others(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = SettingsStore(tmp_path)
    original = json.dumps(
        {
            "profile": "live",
            "merchant_name": "행복한 꽃집",
            "pwd_2digit_required": "sometimes",  # wrong type
            "pg": "kcp.!!",  # invalid
            "unknown_setting": 1,
        }
    )
    store.path.write_text(original, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        settings = store.load()
    assert settings.profile is Profile.LIVE
    assert settings.merchant_name == "행복한 꽃집"
    assert settings.pwd_2digit_required is False
    assert settings.pg == "kcp"
    assert store.corrupt_backup_path.read_text(encoding="utf-8") == original
    warned = " ".join(record.getMessage() for record in caplog.records)
    assert "pwd_2digit_required" in warned and "pg" in warned and "unknown_setting" in warned


def test_save_replaces_atomically_and_leaves_no_temp_file(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.save(Settings(merchant_name="first"))
    store.save(Settings(merchant_name="second"))
    assert store.load().merchant_name == "second"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["settings.json"]


def test_failed_replace_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SettingsStore(tmp_path)
    store.save(Settings(merchant_name="kept"))

    def refuse(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        store.save(Settings(merchant_name="lost"))
    monkeypatch.undo()
    assert store.load().merchant_name == "kept"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["settings.json"]


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("021234567", "02-123-4567"),
        ("031 123 4567", "031-123-4567"),
        ("+82 10-1234-5678", "010-1234-5678"),
        ("", ""),
    ],
)
def test_the_shops_phone_is_kept_in_its_dashed_form(typed: str, kept: str) -> None:
    assert Settings(merchant_phone=typed).merchant_phone == kept
