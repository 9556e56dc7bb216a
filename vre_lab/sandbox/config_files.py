"""Configuration files of a sandbox: the server's rucio.cfg and alembic.ini, the user's one."""

from __future__ import annotations

import configparser
import io
from pathlib import Path

from .paths import SandboxPaths
from .private_files import write_private_text

ACCOUNT = "root"
USERNAME = "sandbox"

# alembic reads its logging setup from this file and fails with KeyError: 'formatters' without it.
_ALEMBIC_LOGGING = {
    "loggers": {"keys": "root,sqlalchemy,alembic"},
    "handlers": {"keys": "console"},
    "formatters": {"keys": "generic"},
    "logger_root": {"level": "WARN", "handlers": "console", "qualname": ""},
    "logger_sqlalchemy": {"level": "WARN", "handlers": "", "qualname": "sqlalchemy.engine"},
    "logger_alembic": {"level": "WARN", "handlers": "", "qualname": "alembic"},
    "handler_console": {
        "class": "StreamHandler",
        "args": "(sys.stderr,)",
        "level": "NOTSET",
        "formatter": "generic",
    },
    "formatter_generic": {"format": "%(levelname)-5.5s [%(name)s] %(message)s"},
}


def _render(sections: dict[str, dict[str, str]]) -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_dict(sections)
    text = io.StringIO()
    parser.write(text)
    return text.getvalue()


def database_url(paths: SandboxPaths) -> str:
    return f"sqlite:///{paths.database}"


def write_server_config(paths: SandboxPaths, password: str) -> None:
    paths.rucio_log_dir.mkdir(parents=True, exist_ok=True)
    sections = {
        "common": {"logdir": str(paths.rucio_log_dir), "loglevel": "INFO"},
        "database": {"default": database_url(paths)},
        "bootstrap": {
            "userpass_identity": USERNAME,
            "userpass_pwd": password,  # plain: create_root_account() hashes it
            "userpass_email": "sandbox@localhost",
        },
        "alembic": {"cfg": str(paths.alembic_config)},
        "policy": {
            "permission": "generic",
            "schema": "generic",
            "lfn2pfn_algorithm_default": "hash",
            "support": "vre-lab local sandbox",
        },
        "monitor": {"enable_metrics": "False"},
    }
    write_private_text(paths.server_config, _render(sections))


def write_alembic_config(paths: SandboxPaths, site_packages: Path) -> None:
    sections = {
        "alembic": {
            "sqlalchemy.url": database_url(paths),
            "script_location": str(site_packages / "rucio" / "db" / "sqla" / "migrate_repo"),
        },
        **_ALEMBIC_LOGGING,
    }
    paths.alembic_config.parent.mkdir(parents=True, exist_ok=True)
    paths.alembic_config.write_text(_render(sections), encoding="utf-8")


def write_client_config(paths: SandboxPaths, url: str, password: str) -> None:
    """A rucio.cfg for rucio-clients: ``RUCIO_CONFIG=<this file> rucio whoami`` works."""
    sections = {
        "client": {
            "rucio_host": url,
            "auth_host": url,
            "auth_type": "userpass",
            "username": USERNAME,
            "password": password,
            "account": ACCOUNT,
            # keeps this sandbox's login apart from every other Rucio the user talks to
            "auth_token_file_path": str(paths.token_file),
            "request_retries": "1",
        },
    }
    write_private_text(paths.client_config, _render(sections))
