"""The JSON API under /api/v1, documented by a generated OpenAPI document."""
