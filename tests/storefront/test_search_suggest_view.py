"""GET /cari/saran: the search box's suggestions as JSON, and the form's hooks for them."""

from __future__ import annotations

import re

import pytest

from tests.webforms import form_for


def test_answers_products_categories_and_galleries_as_plain_json(client):
    response = client.get("/cari/saran?q=gul")
    assert response.status_code == 200 and response.is_json
    assert response.headers["Cache-Control"] == "public, max-age=60"
    body = response.get_json()
    assert set(body) == {"products", "categories", "galleries"}
    assert len(body["products"]) == 5
    for item in body["products"]:
        assert set(item) == {"name", "url", "price", "price_text", "gallery"}
        assert "gula" in item["name"].lower() and item["url"].startswith("/produk/")
        assert isinstance(item["price"], int) and item["price_text"].startswith("Rp ")
        assert all(isinstance(item[k], str) for k in ("name", "url", "price_text", "gallery"))
    assert body["categories"] == [{"name": "Gula & Pemanis", "url": "/kategori/gula-pemanis"}]


def test_names_are_plain_strings_not_escaped_markup(client):
    # "Gula & Pemanis" stays one ampersand: the script sets it as text
    body = client.get("/cari/saran?q=pemanis").get_json()
    assert body["categories"][0]["name"] == "Gula & Pemanis"
    assert "&amp;" not in client.get("/cari/saran?q=pemanis").get_data(as_text=True)


def test_labels_follow_the_language_the_url_names(client):
    english = client.get("/cari/saran?q=gul&lang=en").get_json()
    assert english["categories"][0]["name"] == "Sugar & Sweeteners"
    assert client.get("/cari/saran?q=gul&lang=xx").get_json()["categories"][0]["name"] == (
        "Gula & Pemanis"
    )
    client.get("/bahasa/en")
    assert client.get("/cari/saran?q=gul").get_json()["categories"][0]["name"] == (
        "Sugar & Sweeteners"
    )


def test_galleries_link_to_their_pages(client):
    body = client.get("/cari/saran?q=galeri%20batik").get_json()
    assert {"name": "Galeri Batik Tangsel", "url": "/galeri/galeri-batik-tangsel"} in (
        body["galleries"]
    )
    assert len(body["galleries"]) <= 3


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=",
        "q=%00%01",
        "q=%F0%9F%8D%9C",
        "q=%E2%80%AEgula",
        "q=%ED%A0%80",
        "q=" + "gula%20" * 3000,
        "q=%22*%20NEAR%20OR%20AND%20%3A%27(-%5E",
        "q=gula&q=kopi",
        "q[]=gula",
    ],
)
def test_hostile_queries_answer_json_never_an_error(client, query):
    response = client.get(f"/cari/saran?{query}")
    assert response.status_code == 200 and response.is_json, query
    body = response.get_json()
    assert set(body) == {"products", "categories", "galleries"}
    assert len(body["products"]) <= 5


def test_the_query_is_cut_to_the_search_length(client, app):
    limit = app.config["SEARCH_MAX_LENGTH"]
    long = client.get("/cari/saran?q=" + "gula " + "x" * (limit * 3)).get_json()
    assert long == client.get("/cari/saran?q=" + ("gula " + "x" * (limit * 3))[:limit]).get_json()


def test_the_search_form_names_its_suggestions_and_loads_the_script(client):
    page = client.get("/").get_data(as_text=True)
    form = re.search(r'<form class="search"[^>]*>', page)
    assert form is not None
    assert 'action="/cari"' in form[0] and 'method="get"' in form[0]
    assert 'data-suggest="/cari/saran?lang=id"' in form[0]
    assert 'data-label-products="Produk"' in form[0]
    assert re.search(r'<script src="[^"]*suggest\.js[^"]*" defer></script>', page)
    english = client.get("/bahasa/en", follow_redirects=True).get_data(as_text=True)
    assert 'data-suggest="/cari/saran?lang=en"' in english
    assert 'data-label-products="Products"' in english


def test_without_javascript_the_form_still_searches(web):
    form = form_for(web.get("/"), "/cari")
    form["q"] = "gula"
    results = form.submit()
    assert results.status_int == 200 and "/cari" in results.request.url
