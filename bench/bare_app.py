"""The baseline for ``bench_pages.py``: a bare Flask app with one small HTML endpoint.

Served by gunicorn with the same worker count as Gerai, it shows what the server, the load
generator and the shared CPU cost before any of Gerai's work (database, templates) is added.
"""

from __future__ import annotations

from flask import Flask

PAGE = "<!doctype html><html lang=id><title>Gerai</title><p>Halo dari galeri UMKM.</p></html>"

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return PAGE
