"""Splitting identifiers into normalised word tokens.

Handles camelCase, PascalCase, snake_case, kebab-case, dotted and slashed
names, UPPER_CASE abbreviations (``HTTPServer`` -> ``http``, ``server``),
letter/digit boundaries, Salesforce custom suffixes (``__c``, ``__r``) and
light English stemming of plurals. Concatenated lower-case words
(``accountid``, ``closedate``) are split by :func:`segment` with a
vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import lru_cache

_SALESFORCE_SUFFIX = re.compile(r"__(c|r|pc|x|mdt|e|b|kav)$", re.IGNORECASE)
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_SEPARATORS = re.compile(r"[^0-9A-Za-z]+")

# Plural endings that are not plurals.
_NOT_PLURAL = ("ss", "us", "is", "os", "as", "ys")


def strip_custom_suffix(name: str) -> tuple[str, bool]:
    """Remove a Salesforce custom-object suffix; return the rest and whether one was there."""
    stripped = _SALESFORCE_SUFFIX.sub("", name)
    return stripped, stripped != name


def stem(token: str) -> str:
    """Reduce a lower-case token's plural to its singular (``opportunities`` -> ``opportunity``)."""
    if len(token) <= 3 or token.isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("sses", "xes", "ches", "shes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(_NOT_PLURAL):
        return token[:-1]
    return token


@lru_cache(maxsize=65536)
def split_identifier(name: str) -> tuple[str, ...]:
    """Split an identifier into lower-case raw words (no stemming, no expansion).

    >>> split_identifier("familyNameLabel")
    ('family', 'name', 'label')
    >>> split_identifier("HTTPServer_ID2")
    ('http', 'server', 'id', '2')
    """
    base, _ = strip_custom_suffix(name.strip())
    words: list[str] = []
    for chunk in _SEPARATORS.split(base):
        if chunk:
            words.extend(part.lower() for part in _CAMEL.findall(chunk))
    return tuple(words)


def segment(word: str, vocabulary: Collection[str], *, min_piece: int = 2) -> tuple[str, ...]:
    """Split a concatenated lower-case word into vocabulary words (or plurals of
    them) when it can be covered fully (``accountid`` -> ``account``, ``id``;
    ``unitsinstock`` -> ``units``, ``in``, ``stock``); otherwise return it whole.

    Among full covers, the one with the fewest pieces wins (longer words first).
    """
    if word in vocabulary or len(word) < 2 * min_piece or not word.isalpha():
        return (word,)
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 20), end - min_piece + 1):
            prefix = best[start]
            piece = word[start:end]
            if prefix is None or (piece not in vocabulary and stem(piece) not in vocabulary):
                continue
            candidate = (*prefix, piece)
            current = best[end]
            if current is None or len(candidate) < len(current):
                best[end] = candidate
    result = best[len(word)]
    return result if result else (word,)


def normalise_name(name: str) -> str:
    """Lower-case alphanumeric form of a name (``Account_Name__c`` -> ``accountname``)."""
    base, _ = strip_custom_suffix(name)
    return "".join(split_identifier(base))


def char_ngrams(text: str, n: int = 3) -> frozenset[str]:
    """Character n-grams of ``text`` padded with spaces at both ends."""
    padded = f" {text} "
    if len(padded) <= n:
        return frozenset({padded})
    return frozenset(padded[i : i + n] for i in range(len(padded) - n + 1))


def words_of_text(text: str | None, stopwords: Collection[str] = ()) -> list[str]:
    """Stemmed lower-case words of free text (descriptions), minus ``stopwords``."""
    if not text:
        return []
    found: Iterable[str] = (stem(w) for w in split_identifier(text) if not w.isdigit())
    return [w for w in found if w not in stopwords and len(w) > 1]
