"""Questions asked of a built knowledge base: list, show (later: search, resolve, diff)."""

from .documents import document_url, list_documents, provision_text, provision_url, show

__all__ = ["list_documents", "show", "provision_text", "document_url", "provision_url"]
