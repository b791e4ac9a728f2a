"""Alembic, configured from the app: the schema is built and changed only through migrations."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from catalog.search import index
from catalog.search.index import FTS_INDEX, FTS_TABLE
from storefront.resources import resource_dir


def alembic_config(engine: Engine) -> AlembicConfig:
    """An Alembic config that runs ``migrations/`` against ``engine``."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resource_dir("migrations")))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["engine"] = engine
    return cfg


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Whether autogenerate compares a database object with the models: not the full-text
    index of product search, which migration 0015 makes by hand for each database (SQLite's
    FTS5 table and the tables it keeps, PostgreSQL's GIN index on an expression)."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    if type_ == "index":
        return name != FTS_INDEX
    return True


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema; then build the products' search documents if products exist and
    none has one yet (a database from before product search, or one filled by bulk inserts)."""
    command.upgrade(alembic_config(engine), revision)
    if revision == "head":
        with Session(engine) as session:
            if index.missing(session):
                index.rebuild(session)
                session.commit()


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
