"""AutonomOS DCL engine: a pure library (no tenancy, HTTP or cloud I/O).

Stages, each its own subpackage with typed inputs and outputs:
``sources`` (demo generator, file and SQL readers, catalogue), ``profile``,
``mapping``, ``publish`` (versioned DuckDB files, preview, lineage) and
``graph`` (graph, ontology and universe views). Shared values live in
``models``, the default ontology and agents in ``ontology``, errors in
``errors``. Import from the subpackages; this module stays empty on purpose
so importing the package is cheap.
"""
