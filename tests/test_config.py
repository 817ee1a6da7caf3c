"""Settings come from defaults, then a config file, then flags; flags win."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck import __version__
from claimcheck.config import ConfigError, Settings, load_settings, parse_duration, parse_fail_on


def test_defaults_without_a_config_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings.cache_dir == Path("cache")
    assert settings.fail_on == ("contradicted", "unsupported")
    assert settings.user_agent.startswith(f"claimcheck/{__version__} (+http")
    assert settings.allow_private_hosts is False
    assert settings.source is None


def test_pyproject_table_is_read_and_flags_win(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n"
        "[tool.claimcheck]\n"
        "cache-dir = '.claimcheck-cache'\n"
        "user-agent = 'newsroom-audit/1.0'\n"
        "timeout = 12\n"
        "fail-on = ['contradicted']\n"
        "allow-private-hosts = true\n"
        "[tool.claimcheck.user-agents]\n"
        "'Example.com' = 'special/2'\n",
        encoding="utf-8",
    )
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    settings = load_settings(nested)
    assert settings.source == tmp_path / "pyproject.toml"
    assert settings.cache_dir == tmp_path / ".claimcheck-cache"
    assert settings.timeout == 12.0
    assert settings.fail_on == ("contradicted",)
    assert settings.allow_private_hosts is True
    assert settings.user_agent_for("example.com") == "special/2"
    assert settings.user_agent_for("other.org") == "newsroom-audit/1.0"
    flagged = settings.with_overrides(
        timeout=3.0, fail_on="unsupported,unverifiable", cache_dir="c2", offline=None
    )
    assert flagged.timeout == 3.0
    assert flagged.fail_on == ("unsupported", "unverifiable")
    assert flagged.cache_dir == Path("c2")
    assert flagged.offline is False


def test_claimcheck_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.claimcheck]\njobs = 2\n", encoding="utf-8")
    (tmp_path / "claimcheck.toml").write_text("jobs = 5\n", encoding="utf-8")
    assert load_settings(tmp_path).jobs == 5


def test_pyproject_without_our_table_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    assert load_settings(tmp_path) == Settings()


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("timout = 5\n", "did you mean 'timeout'"),
        ("timeout = 'soon'\n", "expected a number"),
        ("allow-private-hosts = 'yes'\n", "expected true or false"),
        ("fail-on = ['contradictd']\n", "did you mean 'contradicted'"),
        ("max-age = 'fortnight'\n", "cannot read duration"),
        ("timeout = [\n", "claimcheck.toml"),
    ],
)
def test_bad_settings_are_clear_errors(tmp_path: Path, body: str, needle: str) -> None:
    (tmp_path / "claimcheck.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=needle.replace("(", r"\(").replace("[", r"\[")):
        load_settings(tmp_path)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("7d", 604800), ("12h", 43200), ("30m", 1800), ("45s", 45), ("2w", 1209600)],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["7", "0.5", " 90 "])
def test_a_duration_without_a_unit_is_an_error_with_an_example(text: str) -> None:
    with pytest.raises(ConfigError, match=rf"has no unit; write e.g. {text.strip()}d for"):
        parse_duration(text)


def test_max_age_as_a_toml_number_is_seconds(tmp_path: Path) -> None:
    (tmp_path / "claimcheck.toml").write_text("max-age = 3600\n", encoding="utf-8")
    assert load_settings(tmp_path).max_age == 3600


def test_fail_on_accepts_none_and_dedupes() -> None:
    assert parse_fail_on("none") == ()
    assert parse_fail_on("unsupported, contradicted,unsupported") == ("unsupported", "contradicted")


def test_a_cache_url_and_a_dask_scheduler_from_the_file_and_flags_over_them(
    tmp_path: Path,
) -> None:
    (tmp_path / "claimcheck.toml").write_text(
        'cache-dir = "s3://audits/claimcheck/"\ndask = "tcp://10.0.0.5:8786"\n', encoding="utf-8"
    )
    settings = load_settings(tmp_path)
    assert settings.cache_url == "s3://audits/claimcheck" and settings.dask == "tcp://10.0.0.5:8786"
    assert settings.cache_root == "s3://audits/claimcheck"  # not a folder relative to the file
    local = settings.with_overrides(cache_dir="cache", dask="local")
    assert local.cache_root == Path("cache") and local.cache_url is None
    assert local.dask == "local"
    remote = Settings().with_overrides(cache_dir="gs://bucket/x")
    assert remote.cache_root == "gs://bucket/x"
    plain = Settings().with_overrides(cache_dir="file:///tmp/c")
    assert plain.cache_url is None and plain.cache_dir == Path("/tmp/c")  # a folder, as ever
    # `--dask off` runs here although the file names a cluster (any spelling of the word)
    assert settings.with_overrides(dask="off").dask is None
    assert settings.with_overrides(dask=" OFF ").dask is None
    assert settings.with_overrides(dask=None).dask == "tcp://10.0.0.5:8786"  # no flag given


@pytest.mark.parametrize("url", ["s3://", "s3:///", "gs://"])
def test_a_cache_url_that_names_no_bucket_is_an_error(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigError, match=r"names no bucket: write e\.g\. s3://bucket/prefix"):
        Settings().with_overrides(cache_dir=url)
    (tmp_path / "claimcheck.toml").write_text(f'cache-dir = "{url}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"claimcheck\.toml: cache-dir .* names no bucket"):
        load_settings(tmp_path)
    assert Settings().with_overrides(cache_dir="s3://b").cache_url == "s3://b"  # a bucket will do
