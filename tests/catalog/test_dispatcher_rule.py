"""Who delivers a gallery's orders is one rule, asked in Python and in SQL with the same answers."""

from __future__ import annotations

import itertools

from sqlalchemy import not_, select

from catalog.models import Gallery
from orders.courier import own_page_galleries
from tests import factories

ENDPOINTS = (None, "", "https://ojek.example/gerai")
SECRETS = (None, "", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")


def test_the_python_and_sql_forms_of_the_rule_agree(db_session):
    made = [
        factories.gallery(db_session, courier_endpoint_url=url, courier_secret=secret)
        for url, secret in itertools.product(ENDPOINTS, SECRETS)
    ]
    ids = [g.id for g in made]
    in_sql = set(
        db_session.scalars(
            select(Gallery.id).where(Gallery.id.in_(ids), Gallery.uses_external_dispatcher)
        )
    )
    in_python = {g.id for g in made if g.uses_external_dispatcher}
    assert in_sql == in_python
    assert len(in_python) == 1  # only the gallery with both an endpoint and a secret
    negated = set(
        db_session.scalars(
            select(Gallery.id).where(Gallery.id.in_(ids), not_(Gallery.uses_external_dispatcher))
        )
    )
    assert negated == set(ids) - in_python


def test_the_courier_page_serves_exactly_the_galleries_without_a_dispatcher(db_session):
    made = [
        factories.gallery(db_session, courier_endpoint_url=url, courier_secret=secret)
        for url, secret in itertools.product(ENDPOINTS, SECRETS)
    ]
    for gallery in made:
        served = db_session.scalars(own_page_galleries(gallery.id)).all()
        assert served == ([] if gallery.uses_external_dispatcher else [gallery.id])
