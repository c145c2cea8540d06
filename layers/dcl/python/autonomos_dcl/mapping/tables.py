"""How well a source table fits each target table (table affinity).

Three signals, each taken relative to the source table's best target table
so that none dominates by scale alone:

- *coverage*: the mean, over the source table's columns, of each column's
  best raw pair score inside the target table;
- *name*: the soft similarity of the two tables' names;
- *document*: the TF-IDF cosine of two documents, one per table, made of the
  table's description, its column names and its column descriptions — for
  schema-only cases this is often the only hint that ``chartevents`` holds
  measurements.

Pure functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from autonomos_dcl.mapping import descriptions
from autonomos_dcl.mapping.names import analyse_table_name, token_similarity
from autonomos_dcl.mapping.scoring import ColumnInfo
from autonomos_dcl.mapping.types import TableSample

COVERAGE_WEIGHT = 0.4
NAME_WEIGHT = 0.3
DOCUMENT_WEIGHT = 0.3
# Share of the source side in coverage (the rest: how much of the target
# table the source table explains, which keeps small target tables of a wide
# flat source in the running).
COVERAGE_MIX = 0.5


def table_name_similarity(a: str, b: str, vocabulary: frozenset[str]) -> float:
    """Symmetric soft match of two table names' canonical tokens, in [0, 1]."""
    ta, tb = set(analyse_table_name(a, vocabulary)), set(analyse_table_name(b, vocabulary))
    if not ta or not tb:
        return 0.0
    forward = sum(max(token_similarity(x, y) for y in tb) for x in ta) / len(ta)
    backward = sum(max(token_similarity(x, y) for x in ta) for y in tb) / len(tb)
    return (forward + backward) / 2.0


def table_documents(
    tables: Sequence[TableSample], columns: Sequence[ColumnInfo]
) -> dict[str, Counter[str]]:
    """One bag of words per table: its description, its columns' canonical
    name tokens and their descriptions."""
    docs: dict[str, Counter[str]] = {}
    for table in tables:
        doc: Counter[str] = Counter()
        doc.update(descriptions.description_words(table.description))
        docs[table.name] = doc
    for info in columns:
        doc = docs.setdefault(info.table, Counter())
        doc.update(info.name.tokens)
        doc.update(descriptions.description_words(info.column.description))
    return docs


def _relative(values: Mapping[str, float]) -> dict[str, float]:
    top = max(values.values(), default=0.0)
    return {k: (v / top if top > 0 else 0.0) for k, v in values.items()}


def table_affinity(
    source_tables: Sequence[TableSample],
    target_tables: Sequence[TableSample],
    sources: Sequence[ColumnInfo],
    targets: Sequence[ColumnInfo],
    best_raw: Mapping[tuple[str, str], Mapping[str, float]],
    best_source_raw: Mapping[tuple[str, str, str], float],
    vocabulary: frozenset[str],
) -> dict[tuple[str, str], float]:
    """Affinity in [0, 1] of each (source table, target table), 1.0 for the
    source table's best-fitting target table. ``best_raw`` maps (source
    table, source column) to the best raw score per target table;
    ``best_source_raw`` maps (source table, target table, target column) to
    the best raw score of any of the source table's columns."""
    source_docs = table_documents(source_tables, sources)
    target_docs = table_documents(target_tables, targets)
    idf = descriptions.inverse_document_frequency([*source_docs.values(), *target_docs.values()])
    target_vectors = {
        name: descriptions.weighted_vector(doc, idf) for name, doc in target_docs.items()
    }
    affinity: dict[tuple[str, str], float] = {}
    for s_table in source_tables:
        n_columns = max(len(s_table.columns), 1)
        vector = descriptions.weighted_vector(source_docs.get(s_table.name, Counter()), idf)
        coverage: dict[str, float] = {}
        names: dict[str, float] = {}
        documents: dict[str, float] = {}
        for t_table in target_tables:
            source_side = (
                sum(
                    best_raw.get((s_table.name, c.name), {}).get(t_table.name, 0.0)
                    for c in s_table.columns
                )
                / n_columns
            )
            target_side = sum(
                best_source_raw.get((s_table.name, t_table.name, c.name), 0.0)
                for c in t_table.columns
            ) / max(len(t_table.columns), 1)
            coverage[t_table.name] = COVERAGE_MIX * source_side + (1 - COVERAGE_MIX) * target_side
            names[t_table.name] = table_name_similarity(s_table.name, t_table.name, vocabulary)
            documents[t_table.name] = descriptions.cosine(
                vector, target_vectors.get(t_table.name, {})
            )
        coverage, names, documents = _relative(coverage), _relative(names), _relative(documents)
        combined = {
            t: COVERAGE_WEIGHT * coverage[t]
            + NAME_WEIGHT * names[t]
            + DOCUMENT_WEIGHT * documents[t]
            for t in coverage
        }
        if max(combined.values(), default=0.0) <= 0.0:
            combined = dict.fromkeys(combined, 1.0)
        for t_name, value in _relative(combined).items():
            affinity[(s_table.name, t_name)] = value
    return affinity
