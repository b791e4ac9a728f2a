"""What the shop sells is one rule, asked in Python and in SQL with the same answers."""

from __future__ import annotations

import itertools

from catalog.models import ProductStatus
from catalog.queries import is_sellable, visible_products
from tests import factories


def test_the_python_and_sql_forms_of_the_rule_agree(db_session):
    made = []
    for status, gallery_open, coop_open in itertools.product(
        ProductStatus, (True, False), (True, False)
    ):
        coop = factories.cooperative(db_session, is_active=coop_open)
        gallery = factories.gallery(db_session, cooperative=coop, is_active=gallery_open)
        made.append(factories.product(db_session, gallery=gallery, status=status))
    ids = {p.id for p in made}
    listed = {p.id for p in db_session.scalars(visible_products()) if p.id in ids}
    sellable = {p.id for p in made if is_sellable(p)}
    assert listed == sellable
    assert len(sellable) == 1  # only the active product of an open gallery of an open coop
