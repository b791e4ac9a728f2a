"""Transactions said out loud: the domain never commits, and taking the write lock ends nothing.

The domain packages (and their database plumbing, ``catalog.db``) take a session, flush and
never commit: :func:`test_the_domain_never_commits` walks their source with ``ast``. Who
commits is the storefront (a request's end, a command, the worker); a view or command that
reads and then writes ends its read itself through ``storefront.database.start_writing``, and
``catalog.db.begin_write`` only starts the write transaction, refusing one already under way.
"""

from __future__ import annotations

import ast
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, String, select, text, update
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from catalog.db import (
    WriteTransactionRefused,
    begin_write,
    has_changes,
    make_engine,
    needs_write_lock,
)
from storefront.database import start_writing
from tests.databases import fresh_database, is_postgres

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ("accounts", "catalog", "orders")


def commit_calls(source: str) -> list[int]:
    """Line numbers of every ``….commit(…)`` call in ``source``."""
    return sorted(
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
    )


def test_the_domain_never_commits() -> None:
    found = {
        f"{path.relative_to(ROOT).as_posix()}:{line}"
        for package in DOMAIN
        for path in sorted((ROOT / package).rglob("*.py"))
        for line in commit_calls(path.read_text(encoding="utf-8"))
    }
    assert found == set()


def test_the_walk_sees_every_commit() -> None:
    source = (
        "def a(session):\n    session.commit()\n"
        "def b(session):\n    session().commit()\n"
        "class C:\n    def c(self):\n        self.session.commit()\n"
        "def d(session):\n    return lambda: session.commit()\n"
        "def e(session):\n    session.flush()\n    commit = 1\n"
    )
    assert commit_calls(source) == [2, 4, 7, 9]


# --- begin_write and start_writing, on a table of their own ------------------------------


class Base(DeclarativeBase):
    metadata = MetaData()


class Note(Base):
    __tablename__ = "transaction_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(40))


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite file (whatever TEST_DATABASE_URL says): the write lock is SQLite's affair."""
    engine = make_engine(f"sqlite:///{tmp_path / 'notes.sqlite3'}")
    Base.metadata.create_all(engine)
    with Session(engine) as s:
        s.add(Note(id=1, text="first"))
        s.commit()
    yield engine
    engine.dispose()


def write_lock_is_free(engine: Engine) -> bool:
    """Whether another connection could start writing at once (it does not wait)."""
    assert engine.url.database is not None
    other = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        other.close()


def test_begin_write_takes_sqlites_write_lock_before_the_first_statement(
    sqlite_engine: Engine,
) -> None:
    with Session(sqlite_engine) as s:
        assert needs_write_lock(s)
        begin_write(s)
        assert s.in_transaction() and not write_lock_is_free(sqlite_engine)
        s.get_one(Note, 1).text = "second"
        s.commit()
    assert write_lock_is_free(sqlite_engine)
    with Session(sqlite_engine) as s:
        assert s.get_one(Note, 1).text == "second"


def test_begin_write_ends_no_read_transaction(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as s:
        note = s.get_one(Note, 1)
        with pytest.raises(WriteTransactionRefused, match="end it"):
            begin_write(s)
        assert s.in_transaction() and write_lock_is_free(sqlite_engine)
        assert note in s and "text" in note.__dict__  # nothing was committed nor rolled back


@pytest.mark.parametrize("how", ["pending", "flushed", "statement"])
def test_begin_write_refuses_a_transaction_that_changed_something(
    sqlite_engine: Engine, how: str
) -> None:
    with Session(sqlite_engine) as s:
        s.get_one(Note, 1)
        if how == "pending":
            s.add(Note(id=2, text="pending"))
        elif how == "flushed":
            s.add(Note(id=2, text="flushed"))
            s.flush()
        else:
            s.execute(update(Note).where(Note.id == 1).values(text="updated"))
        assert has_changes(s)
        with pytest.raises(WriteTransactionRefused, match="already changed"):
            begin_write(s)
        with pytest.raises(WriteTransactionRefused, match="already changed"):
            start_writing(s)
        s.rollback()
    with Session(sqlite_engine) as s:  # nothing was committed on the way
        assert s.scalars(select(Note.text).order_by(Note.id)).all() == ["first"]


def test_start_writing_ends_the_read_and_keeps_what_it_loaded(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine, expire_on_commit=False) as s:
        note = s.get_one(Note, 1)
        assert s.in_transaction() and not has_changes(s)
        start_writing(s)
        assert not write_lock_is_free(sqlite_engine)
        assert "text" in note.__dict__  # still loaded: the read was committed, not rolled back
        note.text = "written"
        s.commit()
    with Session(sqlite_engine) as s:
        assert s.get_one(Note, 1).text == "written"


def test_the_note_of_changes_ends_with_the_transaction(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as s:
        s.add(Note(id=2, text="committed"))
        s.flush()
        assert has_changes(s)
        s.commit()
        s.get_one(Note, 2)
        assert not has_changes(s)
        s.execute(update(Note).where(Note.id == 2).values(text="rolled back"))
        assert has_changes(s)
        s.rollback()
        assert not has_changes(s)
        begin_write(s)  # a fresh transaction may take the lock
        assert not write_lock_is_free(sqlite_engine)


@pytest.mark.postgres
@pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_on_postgres_nothing_is_ended_and_no_lock_taken(tmp_path: Path) -> None:
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            Base.metadata.create_all(engine)
            with Session(engine) as s:
                s.add(Note(id=1, text="first"))
                s.commit()
                note = s.get_one(Note, 1)
                transaction = s.get_transaction()
                assert not needs_write_lock(s)
                start_writing(s)  # a read transaction open: left as it is
                assert s.get_transaction() is transaction and "text" in note.__dict__
                note.text = "changed"
                s.flush()
                with pytest.raises(WriteTransactionRefused, match="already changed"):
                    start_writing(s)
        finally:
            engine.dispose()


@pytest.mark.skipif(not is_postgres(), reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_postgres_connections_run_without_jit(tmp_path: Path) -> None:
    """JIT compiling cost more than Gerai's queries themselves (catalog.db.POSTGRES_OPTIONS)."""
    with fresh_database(tmp_path) as url:
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SHOW jit")).scalar() == "off"
        finally:
            engine.dispose()
