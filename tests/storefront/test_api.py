"""The JSON API: products and galleries, JSON errors, and a generated OpenAPI document."""

from __future__ import annotations

from openapi_spec_validator import validate
from sqlalchemy import select

from catalog.models import Product, ProductStatus
from demo import data as demo_data
from tests import factories


def test_products_are_paged_with_totals(client):
    body = client.get("/api/v1/products?per_page=5").get_json()
    assert len(body["items"]) == 5
    assert body["page"] == 1 and body["per_page"] == 5
    assert body["total"] >= len(demo_data.PRODUCTS)
    assert body["pages"] == -(-body["total"] // 5)
    item = body["items"][0]
    assert set(item) >= {
        "id",
        "name",
        "price",
        "price_display",
        "unit",
        "stock",
        "gallery",
        "producer",
        "category",
        "images",
        "url",
    }
    assert item["price_display"].startswith("Rp ")
    assert item["images"][0]["urls"]


def test_products_filter_by_category_kecamatan_gallery_and_query(client):
    by_category = client.get("/api/v1/products?category=fesyen&per_page=100").get_json()
    assert by_category["items"] and all(
        i["category"]["slug"] == "fesyen" for i in by_category["items"]
    )
    by_kec = client.get("/api/v1/products?kecamatan=setu&per_page=100").get_json()
    assert by_kec["items"] and all(
        i["gallery"]["kecamatan"]["slug"] == "setu" for i in by_kec["items"]
    )
    slug = demo_data.GALLERIES[0].slug
    by_gallery = client.get(f"/api/v1/products?gallery={slug}&per_page=100").get_json()
    assert by_gallery["items"] and all(i["gallery"]["slug"] == slug for i in by_gallery["items"])
    found = client.get("/api/v1/products?q=gula%20semut").get_json()
    assert found["items"] and all(
        "semut" in (i["name"] + i["description"]).lower() for i in found["items"]
    )


def test_product_detail_and_missing_product(client, db_session):
    product = db_session.scalars(select(Product)).first()
    body = client.get(f"/api/v1/products/{product.id}").get_json()
    assert body["name"] == product.name and body["price"] == product.price
    for missing in ("999999", "99999999999999999999", "0"):
        response = client.get(f"/api/v1/products/{missing}")
        assert response.status_code == 404
        assert response.get_json()["code"] == 404


def test_draft_product_is_not_in_the_api(client, db_session):
    draft = factories.product(db_session, status=ProductStatus.DRAFT)
    assert client.get(f"/api/v1/products/{draft.id}").status_code == 404


def test_galleries_list_and_filter(client):
    body = client.get("/api/v1/galleries").get_json()
    assert {g["slug"] for g in body["items"]} == {g.slug for g in demo_data.GALLERIES}
    setu = client.get("/api/v1/galleries?kecamatan=setu").get_json()
    assert setu["items"] and all(g["kecamatan"]["slug"] == "setu" for g in setu["items"])
    missing = client.get("/api/v1/galleries?kecamatan=atlantis")
    assert missing.status_code == 404 and missing.is_json


def test_bad_parameters_are_json_400_with_the_field_named(client):
    cases = {
        "page=-1": "page",
        "page=abc": "page",
        "per_page=100000": "per_page",
        "per_page=0": "per_page",
        "q=" + "x" * 10_000: "q",
        "category=%3Cscript%3E": "category",
    }
    for query, field in cases.items():
        response = client.get(f"/api/v1/products?{query}")
        assert response.status_code == 400, query
        body = response.get_json()
        assert field in str(body["errors"]), query


def test_odd_unicode_in_query_is_harmless(client):
    for q in [
        "%00",
        "%F0%9F%8D%9C",
        "%E2%80%AE",
        "%ED%A0%80",
        "gula%25aren",
        "__",
        "'%20OR%201=1--",
    ]:
        response = client.get(f"/api/v1/products?q={q}")
        assert response.status_code in (200, 400), q
        assert response.is_json


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["code"] == 404


def test_openapi_document_is_valid_and_describes_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    assert {"/api/v1/products", "/api/v1/products/{product_id}", "/api/v1/galleries"} <= set(
        spec["paths"]
    )
    params = {p["name"] for p in spec["paths"]["/api/v1/products"]["get"]["parameters"]}
    assert {"q", "category", "kecamatan", "gallery", "page", "per_page"} <= params


def test_products_search_understands_the_query_as_the_shop_does(client):
    body = client.get("/api/v1/products?q=kripik&per_page=100").get_json()
    assert body["total"] > 4 and all("keripik" in i["name"].lower() for i in body["items"][:5])
    assert body["suggestion"] is None
    typo = client.get("/api/v1/products?q=batk").get_json()
    assert typo["suggestion"] == "batik"
    assert "batik" in typo["items"][0]["name"].lower()


def test_products_search_returns_facets_with_counts_under_the_other_filters(client):
    body = client.get("/api/v1/products?q=gula&category=gula-pemanis&per_page=100").get_json()
    facets = body["facets"]
    assert set(facets) == {
        "categories",
        "kecamatan",
        "galleries",
        "in_stock",
        "halal",
        "price_low",
        "price_high",
    }
    chosen = [c for c in facets["categories"] if c["chosen"]]
    assert [c["key"] for c in chosen] == ["gula-pemanis"] and chosen[0]["count"] == body["total"]
    assert len(facets["categories"]) > 1  # its siblings still show what choosing them gives
    assert sum(g["count"] for g in facets["galleries"]) == body["total"]
    assert facets["price_low"] == min(i["price"] for i in body["items"])
    assert facets["price_high"] == max(i["price"] for i in body["items"])


def test_products_filters_price_stock_halal_and_sort(client):
    base = "/api/v1/products?q=gula&per_page=100"
    ranged = client.get(f"{base}&min_price=20000&max_price=40000").get_json()
    assert ranged["items"] and all(20_000 <= i["price"] <= 40_000 for i in ranged["items"])
    swapped = client.get(f"{base}&min_price=40000&max_price=20000").get_json()
    assert swapped["total"] == ranged["total"]
    stocked = client.get(f"{base}&in_stock=true&halal=true").get_json()
    assert all(i["in_stock"] and i["is_halal"] for i in stocked["items"])
    assert stocked["total"] <= client.get(base).get_json()["facets"]["in_stock"]
    cheap = [i["price"] for i in client.get(f"{base}&sort=price_low").get_json()["items"]]
    dear = [i["price"] for i in client.get(f"{base}&sort=price_high").get_json()["items"]]
    assert cheap == sorted(cheap) and dear == sorted(dear, reverse=True)
    assert client.get(f"{base}&sort=newest").status_code == 200
    late = client.get(f"{base}&page=9999").get_json()
    assert late["page"] == late["pages"]


BAD_PARAMETERS = {
    "min_price": ["abc", "-1", "1e3", "99999999999999999999", "%00"],
    "max_price": ["abc", "1.5", ""],
    "in_stock": ["maybe", "2"],
    "halal": ["nope"],
    "sort": ["cheapest", "nearest", "relevance%00", "'"],
    "category": ["%3Cscript%3E", "a%20b", "x" * 200],
    "kecamatan": ["..%2F..", "SETU%22"],
    "gallery": ["galeri%00"],
    "page": ["0", "1e2", "-5"],
    "per_page": ["101", "abc"],
}


def test_hostile_parameters_answer_200_or_a_json_400_never_500(client):
    for name, values in BAD_PARAMETERS.items():
        for value in values:
            response = client.get(f"/api/v1/products?q=gula&{name}={value}")
            assert response.status_code in (200, 400), (name, value)
            assert response.is_json
            if response.status_code == 400:
                assert response.get_json()["code"] == 400
    for q in ['"', "*", "NEAR", "gula OR kopi", "AND", ":", "'", "(", "-gula", "^", "🍜", "ـــ"]:
        response = client.get("/api/v1/products", query_string={"q": q})
        assert response.status_code == 200, q
        assert response.get_json()["facets"] is not None
    assert client.get("/api/v1/products?category=no-such-thing").get_json()["total"] == 0


def test_openapi_describes_the_search_filters_facets_and_suggestion(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    get = spec["paths"]["/api/v1/products"]["get"]
    params = {p["name"]: p["schema"] for p in get["parameters"]}
    assert {"min_price", "max_price", "in_stock", "halal", "sort"} <= set(params)
    assert params["sort"]["enum"] == ["relevance", "price_low", "price_high", "newest"]
    assert params["in_stock"]["type"] == "boolean"
    page = spec["components"]["schemas"]["ProductPage"]["properties"]
    assert {"facets", "suggestion"} <= set(page)
    facets = spec["components"]["schemas"]["Facets"]["properties"]
    assert {"categories", "kecamatan", "galleries", "in_stock", "halal"} <= set(facets)
