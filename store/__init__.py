"""The knowledge base on disk: an SQLite store and a JSON Lines export.

``write_store(path, gazettes, sources)`` writes; :class:`Store` reads. The schema is
in ``SCHEMA`` below and is the same for every reader (CLI, API, site hooks).
Serialisation is deterministic: the same records give byte-identical files.
"""

from .sqlite import SCHEMA_VERSION, STORE_NAME, DocumentNotFound, ProvisionNotFound, SourceInfo, Store, write_store
from .jsonl import write_history_jsonl, write_jsonl
from .statements import StatementRows, statement_rows, write_statements_jsonl

__all__ = [
    "STORE_NAME",
    "SCHEMA_VERSION",
    "Store",
    "SourceInfo",
    "DocumentNotFound",
    "ProvisionNotFound",
    "write_store",
    "write_jsonl",
    "write_history_jsonl",
    "write_statements_jsonl",
    "StatementRows",
    "statement_rows",
]
