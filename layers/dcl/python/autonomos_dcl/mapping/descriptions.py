"""Bag-of-words descriptions (column and table comments) and their cosine
similarity with inverse-document-frequency weights."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

from autonomos_dcl.mapping import lexicon
from autonomos_dcl.mapping.tokens import words_of_text


def description_words(text: str | None) -> Counter[str]:
    """Canonical words of a description, without stopwords, with counts."""
    words = words_of_text(text, lexicon.STOPWORDS)
    out: Counter[str] = Counter()
    for word in words:
        for expanded in lexicon.ABBREVIATIONS.get(word, (word,)):
            out[lexicon.canonical(expanded)] += 1
    return out


def inverse_document_frequency(documents: Iterable[Counter[str]]) -> dict[str, float]:
    """Smoothed IDF of each word over the documents."""
    docs = list(documents)
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    n = len(docs)
    return {word: math.log((1.0 + n) / (1.0 + count)) + 1.0 for word, count in df.items()}


def weighted_vector(words: Counter[str], idf: Mapping[str, float]) -> dict[str, float]:
    """Unit-length TF-IDF vector of a bag of words."""
    vector = {w: (1.0 + math.log(c)) * idf.get(w, 1.0) for w, c in words.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {w: v / norm for w, v in vector.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())
