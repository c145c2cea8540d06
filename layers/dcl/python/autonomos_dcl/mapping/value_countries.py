"""Countries as values: ISO 3166 alpha-2 and alpha-3 codes and common English
names, used to recognise the ``country`` value kind and to put a country in
one form (its alpha-2 code) before values are compared (``Germany``,
``DEU`` and ``DE`` are the same value)."""

from __future__ import annotations

from types import MappingProxyType

# (alpha-2, alpha-3, names...) — lower-case.
_TABLE: tuple[tuple[str, ...], ...] = (
    ("us", "usa", "united states", "united states of america", "u.s.", "u.s.a."),
    ("gb", "gbr", "united kingdom", "great britain", "uk", "england"),
    ("de", "deu", "germany"),
    ("fr", "fra", "france"),
    ("es", "esp", "spain"),
    ("it", "ita", "italy"),
    ("nl", "nld", "netherlands", "the netherlands", "holland"),
    ("be", "bel", "belgium"),
    ("ch", "che", "switzerland"),
    ("at", "aut", "austria"),
    ("se", "swe", "sweden"),
    ("no", "nor", "norway"),
    ("dk", "dnk", "denmark"),
    ("fi", "fin", "finland"),
    ("ie", "irl", "ireland"),
    ("pt", "prt", "portugal"),
    ("pl", "pol", "poland"),
    ("cz", "cze", "czech republic", "czechia"),
    ("hu", "hun", "hungary"),
    ("ro", "rou", "romania"),
    ("gr", "grc", "greece"),
    ("tr", "tur", "turkey", "türkiye"),
    ("ru", "rus", "russia", "russian federation"),
    ("ua", "ukr", "ukraine"),
    ("cn", "chn", "china"),
    ("jp", "jpn", "japan"),
    ("kr", "kor", "south korea", "korea"),
    ("in", "ind", "india"),
    ("au", "aus", "australia"),
    ("nz", "nzl", "new zealand"),
    ("ca", "can", "canada"),
    ("mx", "mex", "mexico"),
    ("br", "bra", "brazil"),
    ("ar", "arg", "argentina"),
    ("cl", "chl", "chile"),
    ("co", "col", "colombia"),
    ("pe", "per", "peru"),
    ("ve", "ven", "venezuela"),
    ("za", "zaf", "south africa"),
    ("ng", "nga", "nigeria"),
    ("eg", "egy", "egypt"),
    ("ke", "ken", "kenya"),
    ("ma", "mar", "morocco"),
    ("sg", "sgp", "singapore"),
    ("my", "mys", "malaysia"),
    ("th", "tha", "thailand"),
    ("vn", "vnm", "vietnam", "viet nam"),
    ("id", "idn", "indonesia"),
    ("ph", "phl", "philippines"),
    ("il", "isr", "israel"),
    ("ae", "are", "united arab emirates", "uae"),
    ("sa", "sau", "saudi arabia"),
    ("qa", "qat", "qatar"),
    ("hk", "hkg", "hong kong"),
    ("tw", "twn", "taiwan"),
    ("lu", "lux", "luxembourg"),
    ("is", "isl", "iceland"),
)

# Every spelling -> its alpha-2 code.
COUNTRY_CODES: MappingProxyType[str, str] = MappingProxyType(
    {spelling: row[0] for row in _TABLE for spelling in row}
)
COUNTRIES: frozenset[str] = frozenset(COUNTRY_CODES)


def country_code(text: str) -> str | None:
    """The alpha-2 code of a lower-case country name or code, or None."""
    return COUNTRY_CODES.get(text)
