"""Name normalisation: company names for entity resolution across CRMs, deal stages.

``"ACME Cloud Corporation"``, ``"Acme Cloud Corp."`` and ``"acme  cloud, inc"``
all become ``"acme cloud"``: lower case; dots and apostrophes dropped
(``L.L.C.`` -> ``llc``); other punctuation turned into blanks; blanks
collapsed; legal-form words (and ``holdings``/``international``) removed
wherever they follow another word, so the first word always stays and
numbered names keep their number (``"Acme Corp 2"`` -> ``"acme 2"``).

The same ordered regular-expression steps drive :func:`normalize_company_name`
(Python) and :func:`normalized_name_sql` (a DuckDB expression), so the
agents' SQL and the unit-tested Python agree; the patterns use only
syntax that Python's ``re`` (in ASCII mode) and DuckDB's RE2 read alike.
"""

from __future__ import annotations

import re

from autonomos_dcl.publish.naming import quote_literal

LEGAL_WORDS: tuple[str, ...] = (
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "llp",
    "lp",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sarl",
    "bv",
    "nv",
    "pty",
    "holdings",
    "international",
    "intl",
)
"""Words removed after the first word of a name."""

_STEPS: tuple[tuple[str, str], ...] = (
    ("[.'`\u2019]", ""),
    (r"[!\"#$%&()*+,/:;<=>?@\[\\\]^_{|}~\-]", " "),
    (r"[ \t\r\n\f\v]+", " "),
    (r"^ | $", ""),
    (rf" ({'|'.join(LEGAL_WORDS)})\b", ""),
)
"""``(pattern, replacement)`` applied in order to the lower-cased name, every match."""
_COMPILED = tuple((re.compile(p, re.ASCII), r) for p, r in _STEPS)


def normalize_company_name(name: str | None) -> str:
    """The comparable form of a company name ("" for None or blank)."""
    if name is None:
        return ""
    text = name.lower()
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    return text


def normalized_name_sql(expression: str) -> str:
    """A DuckDB expression computing :func:`normalize_company_name` of ``expression``
    (NULL stays NULL)."""
    sql = f"lower({expression})"
    for pattern, replacement in _STEPS:
        sql = f"regexp_replace({sql}, {quote_literal(pattern)}, {quote_literal(replacement)}, 'g')"
    return sql


_STAGE_NOISE = "[^a-z0-9]"


def stage_key(stage: str | None) -> str:
    """The comparable form of a deal stage: lower case, letters and digits only
    (``"Closed Won"`` and ``closedwon`` both give ``closedwon``)."""
    return re.sub(_STAGE_NOISE, "", (stage or "").lower())
