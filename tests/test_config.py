"""config.toml: defaults, validation naming the key, and a round trip through tomli_w."""

from pathlib import Path

import pytest

from advocacy_tui.config import (
    ConfigError,
    Settings,
    load_settings,
    resolve_config_path,
    save_settings,
    validate_change,
)


def test_a_missing_file_means_the_defaults(tmp_path):
    settings = load_settings(tmp_path / "absent.toml")
    assert settings == Settings()
    assert settings.scorer == "coordinator"
    assert settings.scoring.consistent_min == 3 and settings.scoring.max_spread == 2
    assert settings.scoring.candidates == 40
    assert settings.cohort.max_size == 20 and settings.cohort.executive_share == 0.25
    assert settings.delivery.weekday == "monday" and settings.delivery.per_drop == 3
    assert settings.delivery.inactivity_days == 7 and settings.delivery.similarity == 0.9
    assert settings.tracking.utm_medium == "employee_advocacy"
    assert settings.compliance.disclosure == ""
    assert settings.metrics.participation_target == 0.6
    assert settings.metrics.company_engagement_rate == 0.02
    assert settings.paths.outbox == "" and settings.paths.reports == ""


def test_saved_settings_read_back_the_same(tmp_path):
    path = tmp_path / "deep" / "config.toml"
    changed = validate_change(Settings(), {"scoring.candidates": 30, "scorer": "maria", "compliance.disclosure": "#employee"})
    save_settings(changed, path)
    assert load_settings(path) == changed
    assert "[scoring]" in path.read_text()


@pytest.mark.parametrize(
    "text, named",
    [
        ("[scoring]\ncandidates = 0\n", "scoring.candidates"),
        ("[cohort]\nexecutive_share = 1.5\n", "cohort.executive_share"),
        ("[delivery]\nweekday = 'funday'\n", "delivery.weekday"),
        ("[scoring]\ncandidtes = 10\n", "scoring.candidtes: is not a setting"),
        ("scorer = ''\n", "scorer"),
        ("[scoring]\nlopsided_low = 5\n", "lopsided_low must be below"),
        ("[scoring\n", "not valid TOML"),
        ("scoring = 3\n", "scoring"),
    ],
)
def test_an_invalid_file_names_the_key_and_the_problem(tmp_path, text, named):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert named in str(raised.value)
    assert str(path) in str(raised.value)


def test_config_path_override_order(monkeypatch, tmp_path):
    assert resolve_config_path(None).name == "config.toml"
    monkeypatch.setenv("ADVOCACY_CONFIG", str(tmp_path / "env.toml"))
    assert resolve_config_path(None) == tmp_path / "env.toml"
    assert resolve_config_path(str(tmp_path / "flag.toml")) == tmp_path / "flag.toml"


def test_not_utf8_is_refused(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"scorer = '\xff'\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(path)


def test_list_settings_name_the_entry_that_is_wrong(tmp_path):
    from advocacy_tui.config import load_settings

    path = tmp_path / "config.toml"
    path.write_text('[access]\nssh_users = "ada=ada@example.com, bob"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"access.*'bob' is not login=email"):
        load_settings(path)
    path.write_text('[recognition]\npost_counts = "10, lots"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"recognition.*'lots' is not a whole number"):
        load_settings(path)
    path.write_text('[recognition]\nrewards = " , "\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="at least one reward"):
        load_settings(path)
