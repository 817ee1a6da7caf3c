"""Settings: defaults, then ``[tool.claimcheck]`` (pyproject.toml) or claimcheck.toml, then flags.

The file is found by walking up from the working directory; the first ``claimcheck.toml``, or
``pyproject.toml`` holding a ``[tool.claimcheck]`` table, wins. Command-line flags are applied on
top with :meth:`Settings.with_overrides`, so they always win.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from claimcheck import PROJECT_URL, __version__
from claimcheck.model.results import Verdict

VERDICTS = tuple(v.value for v in Verdict)
DEFAULT_FAIL_ON = ("contradicted", "unsupported")


# `--dask off`: run here even when the config file names a cluster
DASK_OFF = "off"


class ConfigError(ValueError):
    """A configuration file or value that cannot be used; the CLI turns it into exit code 2."""


def default_user_agent() -> str:
    return f"claimcheck/{__version__} (+{PROJECT_URL})"


@dataclass(frozen=True)
class Settings:
    cache_dir: Path = Path("cache")
    user_agent: str = field(default_factory=default_user_agent)
    # host -> user agent, for sites that want something else from us
    user_agents: dict[str, str] = field(default_factory=dict)
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    timeout: float = 60.0  # wall-clock deadline of one download, DNS to last byte, retries included
    retries: int = 3
    retry_after_cap: float = 30.0
    jobs: int = 16  # downloads in flight across hosts; also extraction workers when > 1
    per_host: int = 4
    host_delay: float = 0.1  # seconds between two requests to the same host
    max_bytes: int = 25 * 1024 * 1024
    max_redirects: int = 10
    fail_on: tuple[str, ...] = DEFAULT_FAIL_ON
    allow_private_hosts: bool = False
    archive_url: str = "https://web.archive.org/web"
    use_archive: bool = True
    offline: bool = False
    refresh: bool = False
    max_age: float | None = None  # seconds; None = cached entries never expire
    source: Path | None = None  # the file the settings came from, for messages
    # the cache on object storage (`cache-dir = "s3://bucket/prefix"`); it wins over cache_dir
    cache_url: str | None = None
    # the Dask scheduler extraction and matching run on: "tcp://host:8786", or "local"
    dask: str | None = None

    @property
    def cache_root(self) -> Path | str:
        """Where the cache is: a folder, or the URL of a prefix on object storage."""
        return self.cache_url if self.cache_url is not None else self.cache_dir

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with every override that is not None applied (flags win over files)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        if "fail_on" in given:
            given["fail_on"] = parse_fail_on(given["fail_on"])
        if "max_age" in given and isinstance(given["max_age"], str):
            given["max_age"] = parse_duration(given["max_age"])
        if "cache_dir" in given:
            root = given.pop("cache_dir")
            if is_cache_url(root):
                given["cache_url"] = cache_url_of(str(root))
            else:
                given["cache_dir"], given["cache_url"] = folder_of(root), None
        if str(given.get("dask", "")).strip().lower() == DASK_OFF:
            given["dask"] = None  # the flag that turns off a cluster the config file names
        return replace(self, **given)

    def user_agent_for(self, host: str) -> str:
        return self.user_agents.get(host.lower(), self.user_agent)


def is_cache_url(root: object) -> bool:
    """A cache on object storage: a URL with a scheme other than file:// (s3://, gs://, ...)."""
    text = str(root) if isinstance(root, str) else ""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.isidentifier() and scheme.lower() != "file"


def cache_url_of(text: str) -> str:
    """A cache URL as stored: without a trailing slash, and naming at least a bucket."""
    url = text.rstrip("/")
    if not url.partition("://")[2].strip("/"):
        raise ConfigError(f"cache-dir {text!r} names no bucket: write e.g. s3://bucket/prefix")
    return url


def folder_of(root: str | Path) -> Path:
    """A cache folder as given: a path, or a ``file://`` URL."""
    text = str(root)
    return Path(text[len("file://") :]) if text.startswith("file://") else Path(root)


_FIELD_TYPES = {f.name: f for f in fields(Settings)}
# keys a user may write in a file (dash or underscore spelling); `source` and `cache_url` are
# ours (a URL is written as cache-dir)
_FILE_KEYS = sorted(name for name in _FIELD_TYPES if name not in ("source", "cache_url"))


def parse_fail_on(value: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for raw in items:
        item = str(raw).strip().lower()
        if not item:
            continue
        if item == "none":
            continue
        if item not in VERDICTS:
            hint = difflib.get_close_matches(item, VERDICTS, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ConfigError(
                f"unknown verdict {item!r} in fail-on{extra}; choose from {', '.join(VERDICTS)}"
            )
        out.append(item)
    return tuple(dict.fromkeys(out))


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> float:
    """'7d', '12h', '30m', '45s' or '2w' -> seconds.

    A number without a unit is refused: "--max-age 7" meant seven days as often as seven
    seconds, and guessing wrong either refetches everything or nothing.
    """
    t = str(text).strip().lower()
    if not t:
        raise ConfigError("empty duration; write e.g. 7d, 12h, 30m or 45s")
    unit = t[-1]
    if unit not in _UNITS:
        try:
            float(t)
        except ValueError:
            pass
        else:
            raise ConfigError(
                f"duration {text!r} has no unit; write e.g. {t}d for {t} days "
                f"(units: s, m, h, d, w)"
            )
        raise ConfigError(f"cannot read duration {text!r}; write e.g. 7d, 12h, 30m or 45s")
    try:
        amount = float(t[:-1])
    except ValueError:
        raise ConfigError(
            f"cannot read duration {text!r}; write e.g. 7d, 12h, 30m or 45s"
        ) from None
    if amount < 0:
        raise ConfigError(f"duration {text!r} is negative")
    return amount * _UNITS[unit]


def find_config_file(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest claimcheck.toml, or pyproject.toml with [tool.claimcheck], from start upward."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "claimcheck.toml"
        if own.is_file():
            data = _read_toml(own)
            return own, data.get("tool", {}).get("claimcheck", data)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("claimcheck")
            if table is not None:
                return pyproject, table
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


def settings_from_table(table: dict[str, Any], source: Path | None = None) -> Settings:
    """Build Settings from a config table, rejecting unknown keys and wrong types."""
    where = f"{source}: " if source else ""
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key not in _FILE_KEYS:
            hint = difflib.get_close_matches(key, _FILE_KEYS, n=1)
            extra = f" (did you mean {hint[0].replace('_', '-')!r}?)" if hint else ""
            raise ConfigError(f"{where}unknown setting {raw_key!r}{extra}")
        try:
            values[key] = _coerce(key, value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{where}setting {raw_key!r}: {exc}") from None
        if key == "cache_dir" and is_cache_url(value):
            try:
                values["cache_url"] = cache_url_of(str(value))
            except ConfigError as exc:
                raise ConfigError(f"{where}{exc}") from None
            del values["cache_dir"]
    return Settings(source=source, **values)


def _coerce(key: str, value: Any) -> Any:
    default = getattr(Settings(), key)
    if key == "cache_dir":
        return folder_of(str(value))
    if key == "fail_on":
        return parse_fail_on(value)
    if key == "max_age":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)  # a TOML number: seconds, as the setting is stored
        return parse_duration(str(value))
    if key == "dask":
        if not isinstance(value, str) or not value.strip():
            raise TypeError('expected a scheduler address such as "tcp://10.0.0.5:8786" or "local"')
        return value.strip()
    if key == "user_agents":
        if not isinstance(value, dict):
            raise TypeError("expected a table of host = user agent")
        return {str(k).lower(): str(v) for k, v in value.items()}
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise TypeError("expected true or false")
        return value
    if isinstance(default, int) and not isinstance(default, bool):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise TypeError("expected a whole number >= 0")
        return value
    if isinstance(default, float) or default is None:
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise TypeError("expected a number >= 0")
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise TypeError("expected a string")
        return value
    raise TypeError(f"unsupported value {value!r}")


def load_settings(start: Path | None = None) -> Settings:
    found = find_config_file(start)
    if found is None:
        return Settings()
    path, table = found
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.claimcheck] must be a table")
    settings = settings_from_table(table, source=path)
    # a relative cache dir in a config file means relative to that file, not to the cwd
    if not settings.cache_dir.is_absolute():
        settings = replace(settings, cache_dir=path.parent / settings.cache_dir)
    return settings
