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
