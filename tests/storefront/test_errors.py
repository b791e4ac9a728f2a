"""Server errors show the 500 page in the site's layout (JSON under /api) and roll back."""

from __future__ import annotations

import pytest

from catalog import db
from tests.conftest import make_test_app


@pytest.fixture
def failing_client(database_url, media_root, app):  # type: ignore[no-untyped-def]
    broken = make_test_app(database_url, media_root)
    broken.config["PROPAGATE_EXCEPTIONS"] = False

    @broken.get("/rusak")
    def boom():  # type: ignore[no-untyped-def]
        raise RuntimeError("simulated failure")

    @broken.get("/api/v1/rusak")
    def api_boom():  # type: ignore[no-untyped-def]
        raise RuntimeError("simulated failure")

    yield broken.test_client()
    db.session.remove()
    broken.extensions["gerai.engine"].dispose()
    db.session.configure(bind=app.extensions["gerai.engine"])


def test_unexpected_error_shows_the_500_page_in_the_layout(failing_client):
    response = failing_client.get("/rusak")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Terjadi kesalahan" in page
    assert 'class="site-header"' in page
    assert "simulated failure" not in page


def test_unexpected_api_error_is_json(failing_client):
    response = failing_client.get("/api/v1/rusak")
    assert response.status_code == 500
    assert response.get_json()["code"] == 500
    assert "simulated failure" not in response.get_data(as_text=True)


def test_csrf_failure_is_explained_in_indonesian(client):
    response = client.post("/akun/daftar", data={"name": "x"})
    assert response.status_code == 400
    assert "Halaman ini sudah kedaluwarsa" in response.get_data(as_text=True)
    assert "belum ada yang tersimpan" in response.get_data(as_text=True)
