"""Name analysis: from a raw column name to weighted canonical tokens, and
the similarity of two analysed names.

A name goes through: the source system's conventions (``KUNNR`` ->
"customer number"), identifier splitting, splitting of concatenated words
with a vocabulary, stemming, abbreviation expansion and synonym
canonicalisation. Tokens that repeat the table's name (``customer_name`` in
table ``customer``) are kept as *context* and weigh less.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from autonomos_dcl.mapping import conventions, lexicon
from autonomos_dcl.mapping.tokens import (
    char_ngrams,
    normalise_name,
    segment,
    split_identifier,
    stem,
)

_IDENTIFIER_NAMES = frozenset({"id", "pk", "key", "uuid", "guid", "oid", "uid"})
_FILLER = frozenset({"of", "the", "a", "an", "and", "per", "for", "on", "by", "at"})
# Prepositions that end a name's head phrase: the head of ``age_at_diagnosis``
# is "age", of ``site_of_resection`` "site".
_HEAD_ENDING_PREPOSITIONS = frozenset({"of", "per", "for", "on", "by", "at"})
# Word pairs that collapse into one concept ("last updated" is "updated").
_BIGRAMS: dict[tuple[str, str], str] = {
    ("last", "updated"): "updated",
    ("last", "modified"): "updated",
    ("last", "changed"): "updated",
    ("date", "created"): "created",
    ("date", "modified"): "updated",
}
# SAP customer-namespace prefixes of custom fields (ZZRESID is a custom RESID).
_SAP_CUSTOM_PREFIXES = ("zz", "yy")
_ALWAYS_DROPPED_PREFIXES = frozenset({"tbl", "fld", "col"})
CONTEXT_WEIGHT = 0.35
WEAK_WEIGHT = 0.35


@dataclass(frozen=True)
class NameFeatures:
    """A column (or table) name, analysed.

    ``tokens`` are canonical words in order; ``context`` the subset that
    repeats the table name; ``weak`` the subset of low-meaning words;
    ``normalised`` the raw name lower-cased with separators removed;
    ``trigrams`` the character trigrams of the joined canonical tokens;
    ``head`` the head word: the last token that is not weak, before the first
    preposition if there is one (``age_at_diagnosis`` -> "age").
    """

    raw: str
    tokens: tuple[str, ...]
    context: frozenset[str]
    weak: frozenset[str]
    normalised: str
    trigrams: frozenset[str]
    is_identifier: bool
    head: str = ""


def base_vocabulary() -> frozenset[str]:
    """Words the dictionaries know, used to split concatenated names."""
    return _BASE_VOCABULARY


_BASE_VOCABULARY = lexicon.vocabulary() | lexicon.COMMON_WORDS


def schema_vocabulary(names: Iterable[str]) -> frozenset[str]:
    """The base vocabulary plus the words (3+ letters) that names in a schema
    spell out explicitly through case or separators."""
    words: set[str] = set()
    for name in names:
        parts = split_identifier(name)
        if len(parts) > 1:
            words.update(stem(p) for p in parts if len(p) >= 3 and p.isalpha())
            words.update(p for p in parts if len(p) >= 3 and p.isalpha())
    return _BASE_VOCABULARY | frozenset(words)


def _canonical_words(word: str, vocabulary: Collection[str]) -> list[str]:
    pieces = segment(word, vocabulary) if word.isalpha() else (word,)
    out: list[str] = []
    for piece in pieces:
        expanded = lexicon.ABBREVIATIONS.get(piece)
        if expanded is None:
            stemmed = stem(piece)
            expanded = lexicon.ABBREVIATIONS.get(stemmed, (stemmed,))
        out.extend(lexicon.canonical(w) for w in expanded)
    return out


def _raw_words(name: str, system: str | None) -> tuple[list[str], bool]:
    """Words of a name after the system's conventions; the flag says whether a
    convention supplied them."""
    normalised = normalise_name(name)
    phrase = conventions.describe(normalised, system)
    if phrase is not None:
        return phrase.split(), True
    if normalised.startswith(_SAP_CUSTOM_PREFIXES) and len(normalised) > 4 and name.isupper():
        return _raw_words(name[2:].lstrip("_"), system)
    words = list(split_identifier(name))
    if len(words) > 1 and (
        words[0] in _ALWAYS_DROPPED_PREFIXES
        or (system == "legacy_sql" and words[0] in conventions.LEGACY_PREFIXES)
    ):
        words = words[1:]
    return words, False


def analyse_name(
    name: str,
    *,
    table: str | None = None,
    system: str | None = None,
    vocabulary: Collection[str] | None = None,
) -> NameFeatures:
    """Analyse a column name (``table`` is its table's name, for context tokens)."""
    vocab = _BASE_VOCABULARY if vocabulary is None else vocabulary
    words, _ = _raw_words(name, system)
    # "number of X" means a count of X.
    joined: list[str] = []
    weak_words: set[str] = set()
    strong_words: set[str] = set()
    i = 0
    while i < len(words):
        word = words[i]
        if i == 0 and word == "n" and len(words) > 1 and words[1].isalpha():
            # nChildren, NItems: a leading "n" counts what follows.
            joined.append("quantity")
            strong_words.add("quantity")
            i += 1
            continue
        if word == "number" and i + 1 < len(words) and words[i + 1] == "of":
            joined.append("quantity")
            strong_words.add("quantity")
            i += 2
            continue
        if i + 1 < len(words) and (stem(word), stem(words[i + 1])) in _BIGRAMS:
            merged = _BIGRAMS[(stem(word), stem(words[i + 1]))]
            joined.append(merged)
            strong_words.add(merged)
            i += 2
            continue
        canon = _canonical_words(word, vocab)
        (weak_words if word in lexicon.WEAK_TOKENS else strong_words).update(canon)
        joined.extend(canon)
        i += 1
    kept = [t for t in joined if t not in _FILLER] or joined
    tokens = list(dict.fromkeys(kept))
    weak = weak_words - strong_words if strong_words else set()
    head = _head_word(joined, frozenset(weak))
    context: frozenset[str] = frozenset()
    if table:
        table_tokens = set(analyse_table_name(table, vocab))
        candidate = {t for t in tokens if t in table_tokens}
        if candidate and len(set(tokens) - candidate) > 0:
            context = frozenset(candidate)
    normalised = normalise_name(name)
    return NameFeatures(
        raw=name,
        tokens=tuple(tokens),
        context=context,
        weak=frozenset(weak),
        normalised=normalised,
        trigrams=char_ngrams("".join(tokens)),
        is_identifier=bool(tokens) and (tokens[-1] == "id" or normalised in _IDENTIFIER_NAMES),
        head=head,
    )


def _head_word(words: Sequence[str], weak: frozenset[str]) -> str:
    """The head of a phrase: its last non-weak word before the first preposition
    that follows a word (``age at diagnosis`` -> "age"), else its last non-weak word."""
    phrase = list(words)
    for i, word in enumerate(phrase):
        if i > 0 and word in _HEAD_ENDING_PREPOSITIONS:
            phrase = phrase[:i]
            break
    phrase = [w for w in phrase if w not in _FILLER]
    for word in reversed(phrase):
        if word not in weak:
            return word
    return phrase[-1] if phrase else ""


@lru_cache(maxsize=4096)
def _table_tokens_cached(name: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    words = split_identifier(name)
    out: list[str] = []
    for word in words:
        out.extend(_canonical_words(word, vocabulary))
    return tuple(t for t in out if t not in _FILLER)


def analyse_table_name(name: str, vocabulary: Collection[str] | None = None) -> tuple[str, ...]:
    """Canonical tokens of a table name (``CLOUD_INVOICES`` -> ``cloud``, ``invoice``)."""
    vocab = vocabulary if isinstance(vocabulary, frozenset) else _BASE_VOCABULARY
    return _table_tokens_cached(name, vocab)


def token_weights(features: Iterable[NameFeatures]) -> dict[str, float]:
    """Inverse-document-frequency weight of each token over a set of names,
    scaled to (0, 1]: a token in every name weighs least."""
    names = list(features)
    counts: Counter[str] = Counter()
    for feature in names:
        counts.update(set(feature.tokens))
    total = max(len(names), 1)
    top = math.log(1.0 + total)
    return {token: max(math.log(1.0 + total / df) / top, 0.15) for token, df in counts.items()}


@lru_cache(maxsize=262144)
def token_similarity(a: str, b: str) -> float:
    """Similarity of two canonical tokens in [0, 1]."""
    if a == b:
        return 1.0
    related = lexicon.RELATED_WORDS.get(frozenset((a, b)))
    if related is not None:
        return related
    if a.isdigit() or b.isdigit():
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 3 and len(long_) >= 5:
        if long_.startswith(short):
            return 0.8
        if short[0] == long_[0] and _is_subsequence(short, long_):
            return 0.6
    if len(short) >= 4:
        ga, gb = char_ngrams(a), char_ngrams(b)
        dice = 2.0 * len(ga & gb) / (len(ga) + len(gb))
        if dice >= 0.6:
            return 0.85 * dice
    return 0.0


def _is_subsequence(short: str, long_: str) -> bool:
    it = iter(long_)
    return all(ch in it for ch in short)


def weighted_tokens(
    feature: NameFeatures, weights: Mapping[str, float]
) -> tuple[tuple[str, float], ...]:
    """Each distinct token of a name with its weight: IDF, lowered for context
    tokens (the table's name) and weak tokens."""
    out: list[tuple[str, float]] = []
    for token in dict.fromkeys(feature.tokens):
        w = weights.get(token, 1.0)
        if token in feature.context:
            w *= CONTEXT_WEIGHT
        if token in feature.weak:
            w *= WEAK_WEIGHT
        out.append((token, w))
    return tuple(out)


def soft_token_match(a: Sequence[tuple[str, float]], b: Sequence[tuple[str, float]]) -> float:
    """Symmetric soft match of two weighted token lists, in [0, 1]: each token
    is matched to its most similar token on the other side, weights average."""
    if not a or not b:
        return 0.0
    sims = [[token_similarity(ta, tb) for tb, _ in b] for ta, _ in a]
    num = sum(wa * max(row) for (_, wa), row in zip(a, sims, strict=True))
    num += sum(wb * max(row[j] for row in sims) for j, (_, wb) in enumerate(b))
    den = sum(w for _, w in a) + sum(w for _, w in b)
    return num / den if den else 0.0


def containment_similarity(
    a: Sequence[tuple[str, float]],
    b: Sequence[tuple[str, float]],
    weak: frozenset[str] = frozenset(),
    heads: tuple[str, str] | None = None,
) -> float:
    """When every token of one name appears in the other and both end on the
    same head word (``revenue`` in ``annual revenue``, but not ``cost`` in
    ``cost center``), a floor of 0.75 plus up to 0.2 for the share of the
    longer name's weight that is shared; 0 otherwise, or when the shorter name
    is only ``id`` or weak words. ``heads`` gives the head words of ``a`` and
    ``b`` when known (see :class:`NameFeatures`); otherwise each name's last
    non-weak token is its head."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    small_tokens = {t for t, _ in small}
    if small_tokens <= {"id"} | weak:
        return 0.0
    large_tokens = {t for t, _ in large}
    if not small_tokens - weak <= large_tokens:
        return 0.0
    if heads is not None and all(heads):
        same_head = heads[0] == heads[1]
    else:
        same_head = _head(small, weak) == _head(large, weak)
    if not same_head:
        return 0.0
    total = sum(w for _, w in large)
    shared = sum(w for t, w in large if t in small_tokens)
    return 0.75 + 0.2 * (shared / total if total else 0.0)


def _head(tokens: Sequence[tuple[str, float]], weak: frozenset[str]) -> str:
    """The head word of a name: its last token that is not weak."""
    for token, _ in reversed(tokens):
        if token not in weak:
            return token
    return tokens[-1][0]


def is_bare_identifier(feature: NameFeatures) -> bool:
    """Whether a name is only an identifier (``Id``, ``_id``, ``uuid``)."""
    return feature.tokens == ("id",)


def trigram_dice(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two trigram sets."""
    if not a or not b:
        return 0.0
    return 2.0 * len(a & b) / (len(a) + len(b))


def name_similarity(a: NameFeatures, b: NameFeatures, weights: Mapping[str, float]) -> float:
    """Similarity of two analysed names in [0, 1]: the soft token match (see
    :func:`soft_token_match`), or 0.85 of the whole-name trigram similarity
    when that is higher (it catches what tokenising misses)."""
    if not a.tokens or not b.tokens:
        return 0.0
    if a.tokens == b.tokens:
        return 1.0
    wa, wb = weighted_tokens(a, weights), weighted_tokens(b, weights)
    soft = soft_token_match(wa, wb)
    contained = containment_similarity(wa, wb, a.weak | b.weak, (a.head, b.head))
    return max(soft, contained, 0.85 * trigram_dice(a.trigrams, b.trigrams))
