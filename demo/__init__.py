"""The demo city of Tangerang Selatan and the tools around it, kept out of production code.

``data`` (the city, its cooperatives, galleries, members and products), ``photos`` (generated
product pictures), ``seed`` (writing the city into the catalog), ``accounts`` (demo-only log-ins
and their passwords file), ``courier_simulator`` (a pretend ojek dispatcher), ``courier_demo``
(what the courier demo changed, to put back) and ``cli`` (the ``flask`` commands, a plugin).

It may use catalog, orders and storefront; none of them imports it (tests/test_layering.py).
"""
