"""Configuration: embedded defaults, environment overrides, and production's refusals."""

from __future__ import annotations

import pytest

from config import ConfigError, DevelopmentConfig, ProductionConfig, config_from_env
from storefront import create_app


def test_defaults_are_embedded_sqlite_and_instance_media(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("MEDIA_ROOT", raising=False)
    config = DevelopmentConfig()
    assert config.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")
    assert config.SQLALCHEMY_DATABASE_URI.endswith("instance/gerai.sqlite3")
    assert config.MEDIA_ROOT.endswith("instance/media")


def test_environment_overrides_database_and_media(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/gerai")
    monkeypatch.setenv("MEDIA_ROOT", "/srv/gerai-media")
    for config in (DevelopmentConfig(), config_from_env()):
        assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db.example/gerai"
        assert config.MEDIA_ROOT == "/srv/gerai-media"


def test_production_refuses_the_development_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/gerai")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(ProductionConfig())


def test_production_refuses_to_start_without_database_url(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        ProductionConfig().validate()


def test_production_refuses_to_start_without_public_base_url(monkeypatch):
    """Absolute links (emails, labels, courier callbacks) would otherwise follow the Host."""
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        create_app(ProductionConfig())


def test_production_starts_with_all_three(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://gerai.example")
    app = create_app(ProductionConfig())
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_production_sends_hsts_and_development_does_not(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://gerai.example")
    production = create_app(ProductionConfig()).test_client().get("/static/gerai.css")
    production.close()
    assert production.headers["Strict-Transport-Security"] == (
        "max-age=63072000; includeSubDomains"
    )
    development = create_app(DevelopmentConfig()).test_client().get("/static/gerai.css")
    development.close()
    assert "Strict-Transport-Security" not in development.headers


def test_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("GERAI_ENV", "staging-ish")
    with pytest.raises(ConfigError, match="GERAI_ENV"):
        config_from_env()


def test_public_base_url_must_be_http(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "gerai.example")
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        DevelopmentConfig()
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://gerai.example/")
    assert DevelopmentConfig().PUBLIC_BASE_URL == "https://gerai.example"
