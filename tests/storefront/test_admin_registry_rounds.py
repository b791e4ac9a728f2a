"""The office opens, follows and closes a data round through its pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from accounts.models import Role
from registry.models import DataRound, RoundStatus, UmkmSnapshot
from tests.registry.test_records import a_cooperative, an_umkm
from tests.webforms import errors, flash_text, form_for, signed_in

ROUNDS = "/admin/pendataan/putaran"


@pytest.fixture
def office(web, db_session):  # type: ignore[no-untyped-def]
    return signed_in(web, db_session, role=Role.ADMIN)


def test_the_office_opens_a_round_and_sees_its_completion(web, office, db_session):
    a_cooperative(db_session)
    an_umkm(db_session)
    form = form_for(web.get(ROUNDS), ROUNDS)
    assert form["name"].value == f"Pendataan {date.today().year}"
    form["closes_on"] = (date.today() + timedelta(days=60)).isoformat()
    page = form.submit().follow()
    assert "terbuka" in flash_text(page).lower() or "dibuka" in flash_text(page).lower()
    data_round = db_session.scalars(select(DataRound)).one()
    assert data_round.status is RoundStatus.OPEN
    assert db_session.scalars(select(UmkmSnapshot)).one().round_id == data_round.id
    assert "0%" in page.text
    assert "Buka putaran" not in web.get(ROUNDS).text  # one round at a time


def test_a_closing_date_in_the_past_is_refused_with_why(web, office, db_session):
    form = form_for(web.get(ROUNDS), ROUNDS)
    form["closes_on"] = "2000-01-01"
    page = form.submit(status=400)
    assert any("tanggal" in e.lower() for e in errors(page))
    assert db_session.scalars(select(DataRound)).all() == []


def test_the_office_closes_the_round(web, office, db_session):
    form = form_for(web.get(ROUNDS), ROUNDS)
    form["closes_on"] = (date.today() + timedelta(days=10)).isoformat()
    page = form.submit().follow()
    data_round = db_session.scalars(select(DataRound)).one()
    close = form_for(page, f"{ROUNDS}/{data_round.id}/tutup")
    page = close.submit().follow()
    assert data_round.name in flash_text(page)
    assert db_session.get(DataRound, data_round.id).status is RoundStatus.CLOSED
    assert f"{ROUNDS}/{data_round.id}/tutup" not in page.text


def test_unknown_rounds_are_404(web, office):
    web.get(f"{ROUNDS}/999999", status=404)
    web.get(f"{ROUNDS}/{2**40}", status=404)
