"""Binds the domain's session handle to the app and commits once per request."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response

from catalog import db


def init_database(app: Flask) -> None:
    """Create the engine, bind the session, commit successful requests, always clean up."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    engine = db.make_engine(
        app.config["SQLALCHEMY_DATABASE_URI"], echo=app.config["SQLALCHEMY_ECHO"]
    )
    app.extensions["gerai.engine"] = engine
    db.session.remove()
    db.session.configure(bind=engine)

    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_appcontext
    def remove_session(_exc: BaseException | None) -> None:
        db.session.remove()
