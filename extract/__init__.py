"""Who does what: agencies, duties, prohibitions, permissions, penalties and deadlines.

The whole public API::

    from extract import load_lexicon, harvest, build_pipeline, extract_statements
    lexicon = load_lexicon().merge(harvest(texts))   # the shipped lexicon + this corpus
    statements = extract_statements(documents, build_pipeline(lexicon), lexicon)

Extraction is pure: documents in, frozen :class:`Statement` records out.
"""

import importlib
from typing import Any

#: Each public name and the module that defines it. Imported when first used (PEP 562), so
#: that reading the lexicon does not load spaCy, and `gazette --help` stays fast.
_EXPORTS = {
    "Agency": ".lexicon", "Lexicon": ".lexicon", "harvest": ".lexicon", "name_counts": ".lexicon", "trim_names": ".lexicon", "load_lexicon": ".lexicon",
    "write_lexicon_tsv": ".lexicon", "build_pipeline": ".pipeline", "Entity": ".records", "Modality": ".records",
    "Statement": ".records", "extract_statements": ".statements", "modality_of": ".statements",
    "lexicon_fingerprint": ".statements", "NameFinder": ".names",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value
