"""Shared vocabulary of the cost analyses over unified ``cost_reports`` rows.

Service categories are compared case-insensitively (``COMPUTE`` from SAP and
``Compute`` from Snowflake are one category); lines without a category
(invoices, for example) fall in ``uncategorized``.
"""

from __future__ import annotations

ENTITY = "cost_reports"
CATEGORY_SQL = "coalesce(nullif(lower(trim(service_category)), ''), 'uncategorized')"
"""The category key of a cost line."""
COST_LINE = "cost IS NOT NULL AND report_date IS NOT NULL"
"""Cost lines every cost analysis counts."""


def category_label(key: str) -> str:
    """Display form of a category key: ``compute`` -> ``Compute``."""
    return key[:1].upper() + key[1:]
