"""Courier settings (manager and city office) and the dead-letter list with its retry button."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from accounts.models import Role
from catalog.db import utcnow
from catalog.models import Gallery
from orders.fulfilment import new_message_id
from orders.models import DeliveryAttempt, OutboxMessage, OutboxStatus
from tests import factories
from tests.conftest import login
from tests.storefront.manage_helpers import PASSWORD, fresh, log_in_manager, post
from tests.webforms import errors, flash_text, form_for, log_in

SETTINGS = {
    "courier_endpoint_url": "https://ojek.example/gerai/deliveries",
    "base_fee": "9.000",
    "per_km_fee": "Rp 3.000",
    "max_radius_km": "6,5",
}


def dead_message(db_session, gallery) -> OutboxMessage:  # type: ignore[no-untyped-def]
    message = OutboxMessage(
        message_id=new_message_id(),
        event_type="delivery.requested",
        gallery_id=gallery.id,
        payload={"type": "delivery.requested", "data": {}},
        status=OutboxStatus.DEAD,
        attempts=9,
        last_error="http_status",
    )
    message.delivery_attempts.append(
        DeliveryAttempt(status_code=502, error="http_status", attempted_at=utcnow())
    )
    db_session.add(message)
    db_session.commit()
    return message


@pytest.fixture
def gallery(db_session):  # type: ignore[no-untyped-def]
    item = factories.gallery(db_session)
    db_session.commit()
    return item


@pytest.fixture
def manager(client, web, db_session, gallery):  # type: ignore[no-untyped-def]
    """Signed in twice: ``web`` for the forms as rendered, ``client`` for hand-built requests."""
    user = log_in_manager(client, db_session, gallery.cooperative)
    db_session.commit()
    log_in(web, user, PASSWORD)
    return user


def save(web, url: str, values: dict[str, str]):  # type: ignore[no-untyped-def]
    """Fill the rendered settings form with ``values`` and press Save."""
    form = form_for(web.get(url), url)
    for name, value in values.items():
        form[name] = value
    return form.submit(expect_errors=True)


def rotate(web, url: str):  # type: ignore[no-untyped-def]
    """Press the rendered "generate a new signing secret" button."""
    return form_for(web.get(url), url, index=1).submit()


def settings_url(gallery) -> str:  # type: ignore[no-untyped-def]
    return f"/kelola/galeri/{gallery.id}/kurir"


def shown_secret(html: str) -> str:
    start = html.index("whsec_")
    return html[start : html.index("<", start)]


def test_manager_saves_endpoint_and_fees_and_gets_a_first_secret_once(
    web, db_session, gallery, manager
):
    url = settings_url(gallery)
    response = save(web, url, SETTINGS)
    assert response.status_int == 200  # the secret is on this page, and only here
    assert response.headers["Cache-Control"] == "no-store"
    secret = shown_secret(response.text)
    gallery = fresh(db_session, gallery)
    assert gallery.courier_endpoint_url == SETTINGS["courier_endpoint_url"]
    assert (gallery.base_fee, gallery.per_km_fee, gallery.max_radius_km) == (9000, 3000, 6.5)
    assert gallery.courier_secret == secret and gallery.courier_secret_rotated_at is not None
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert secret not in web.get(url).text


def test_saving_again_keeps_the_secret_and_redirects(web, db_session, gallery, manager):
    gallery = fresh(db_session, gallery)  # the login request ended the session it was in
    gallery.courier_secret = "whsec_" + base64.b64encode(b"k" * 24).decode()
    db_session.commit()
    url = settings_url(gallery)
    response = save(web, url, SETTINGS | {"courier_endpoint_url": "http://127.0.0.1:8765/x"})
    assert response.status_int == 302, errors(response)
    gallery = fresh(db_session, gallery)
    assert gallery.courier_endpoint_url == "http://127.0.0.1:8765/x"
    assert gallery.courier_secret.endswith(base64.b64encode(b"k" * 24).decode())
    assert save(web, url, SETTINGS | {"courier_endpoint_url": ""}).status_int == 302
    assert fresh(db_session, gallery).courier_endpoint_url is None


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://ojek.example/deliveries",
        "ftp://ojek.example/",
        "https://user:pw@ojek.example/",
        "https://10.0.0.5/deliveries",
        "https://169.254.169.254/latest",
        "https://ojek.example:99999/",
        "javascript:alert(1)",
    ],
)
def test_bad_endpoints_are_refused(web, db_session, gallery, manager, endpoint):
    url = settings_url(gallery)
    response = save(web, url, SETTINGS | {"courier_endpoint_url": endpoint})
    assert response.status_int == 400
    assert any("https://" in message for message in errors(response)), errors(response)
    assert fresh(db_session, gallery).courier_endpoint_url is None


def test_fees_out_of_range_are_refused(web, db_session, gallery, manager):
    url = settings_url(gallery)
    response = save(web, url, SETTINGS | {"max_radius_km": "500"})
    assert response.status_int == 400 and errors(response)
    assert fresh(db_session, gallery).max_radius_km == 8.0


def test_rotating_the_secret_shows_the_new_one_once(web, db_session, gallery, manager):
    gallery = fresh(db_session, gallery)
    gallery.courier_secret = "whsec_" + base64.b64encode(b"o" * 24).decode()
    db_session.commit()
    url = settings_url(gallery)
    response = rotate(web, url)
    assert response.status_int == 200 and response.headers["Cache-Control"] == "no-store"
    secret = shown_secret(response.text)
    gallery = fresh(db_session, gallery)
    assert gallery.courier_secret == secret != "whsec_" + base64.b64encode(b"o" * 24).decode()
    assert gallery.courier_endpoint_url is None  # the rest of the settings is untouched
    assert secret not in web.get(url).text


def test_another_cooperatives_gallery_is_404(client, db_session, gallery, manager):
    other = factories.gallery(db_session)
    db_session.commit()
    other_id, url = other.id, settings_url(other)
    assert client.get(url).status_code == 404
    own_page = settings_url(gallery)
    assert post(client, url, {"rotate": "1"}, form_url=own_page).status_code == 404
    db_session.expire_all()
    assert db_session.get(type(other), other_id).courier_secret is None


def test_dead_letters_list_only_the_cooperatives_own_and_retry_works(
    client, web, db_session, gallery, manager
):
    own = dead_message(db_session, gallery)
    foreign = dead_message(db_session, factories.gallery(db_session))
    own_id, foreign_id, gallery_id = own.id, foreign.id, gallery.id
    page = client.get("/kelola/kurir/gagal").get_data(as_text=True)
    assert own.message_id in page and foreign.message_id not in page
    assert "HTTP 502" in page and f"/kelola/galeri/{gallery_id}/kurir" in page
    url = f"/kelola/kurir/pesan/{foreign_id}/ulang"
    assert post(client, url, form_url="/kelola/kurir/gagal").status_code == 404
    db_session.expire_all()
    assert db_session.get(OutboxMessage, foreign_id).status is OutboxStatus.DEAD
    # The gallery has no endpoint: the retry is refused with a message, nothing changes.
    url = f"/kelola/kurir/pesan/{own_id}/ulang"
    response = form_for(web.get("/kelola/kurir/gagal"), url).submit(status=303).follow()
    assert "alamat aplikasi kurir" in flash_text(response)
    db_session.expire_all()
    assert db_session.get(OutboxMessage, own_id).status is OutboxStatus.DEAD
    gallery = db_session.get(Gallery, gallery_id)
    gallery.courier_endpoint_url = "https://ojek.example/d"
    gallery.courier_secret = "whsec_" + base64.b64encode(b"s" * 24).decode()
    db_session.commit()
    assert form_for(web.get("/kelola/kurir/gagal"), url).submit().status_int == 302
    db_session.expire_all()
    own = db_session.get(OutboxMessage, own_id)
    assert own.status is OutboxStatus.PENDING and own.attempts == 0
    assert own.next_attempt_at.replace(tzinfo=UTC) <= datetime.now(UTC)


def test_shopper_gets_403(client, db_session, gallery):
    message = dead_message(db_session, gallery)
    user = factories.user(db_session, password=PASSWORD, role=Role.SHOPPER)
    db_session.commit()
    assert login(client, user.email, PASSWORD).status_code == 302
    assert client.get("/kelola/kurir/gagal").status_code == 403
    assert client.get(settings_url(gallery)).status_code == 403
    assert client.get(f"/admin/galeri/{gallery.id}/kurir").status_code == 403
    url = f"/kelola/kurir/pesan/{message.id}/ulang"
    assert post(client, url, form_url="/akun/masuk").status_code == 403


def test_city_office_edits_any_gallerys_courier_settings(web, db_session, gallery):
    admin = factories.user(db_session, password=PASSWORD, role=Role.ADMIN)
    db_session.commit()
    log_in(web, admin, PASSWORD)
    url = f"/admin/galeri/{gallery.id}/kurir"
    assert url in web.get(f"/admin/galeri/{gallery.id}").text
    response = save(web, url, SETTINGS)
    assert response.status_int == 200 and "whsec_" in response.text
    assert fresh(db_session, gallery).courier_endpoint_url == SETTINGS["courier_endpoint_url"]
    assert web.get("/admin/galeri/999999/kurir", status=404)


def test_managers_cannot_use_the_city_office_page(client, db_session, gallery, manager):
    assert client.get(f"/admin/galeri/{gallery.id}/kurir").status_code == 403
