"""Who does what: agencies, duties, prohibitions, permissions, penalties and deadlines.

The whole public API::

    from extract import load_lexicon, harvest, build_pipeline, extract_statements
    lexicon = load_lexicon().merge(harvest(texts))   # the shipped lexicon + this corpus
    statements = extract_statements(documents, build_pipeline(lexicon), lexicon)

Extraction is pure: documents in, frozen :class:`Statement` records out.
"""

from .lexicon import Agency, Lexicon, harvest, load_lexicon, write_lexicon_tsv
from .pipeline import build_pipeline
from .records import Entity, Modality, Statement
from .statements import extract_statements, modality_of

__all__ = ["Agency", "Lexicon", "harvest", "load_lexicon", "write_lexicon_tsv", "build_pipeline", "Entity",
           "Modality", "Statement", "extract_statements", "modality_of"]
