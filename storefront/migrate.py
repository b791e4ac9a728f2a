"""Alembic, configured from the app: the schema is built and changed only through migrations."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine

from storefront.resources import resource_dir


def alembic_config(engine: Engine) -> AlembicConfig:
    """An Alembic config that runs ``migrations/`` against ``engine``."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resource_dir("migrations")))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
