"""The pages of the site, generated from the build's records (site/hooks.py runs this under MkDocs).

The site can never drift from the data: every page is made here, from the store of the
build folder named by ``GAZETTE_BUILD`` (default ``build/``), when ``mkdocs build`` runs.

Pages (one module each): home and search (``home``: what this is, a search box, the issues'
tables of contents; the results page with filters; browse pages by type, issuer and date;
external works cited); documents (``documents``: metadata with a status badge, text with an
anchor per provision eId, permalinks, copy-citation buttons, citations as links, "cited by",
related provisions, amendment notes; for amended works a timeline, a date picker, a page per
version and the old/new comparison of every pair of versions); who does what (``agencies``:
a page per agency, modality badges, every fine by amount). ``model`` reads the records once
and holds the building blocks; ``text`` the words and the escaping helpers.

Everything taken from the records is HTML-escaped; provision text goes into raw HTML
blocks, so Markdown never reinterprets legal text.
"""

from __future__ import annotations

from .agencies import AgencyPages
from .documents import DocumentPages
from .home import HomePages
from .model import Model
from .text import src

__all__ = ["Site"]


class Site(DocumentPages, HomePages, AgencyPages, Model):
    """One build's site: :class:`Model` reads the records; the mixins make the pages."""

    def pages(self) -> dict[str, str]:
        """Source path (relative to docs_dir) -> Markdown."""
        out = {"index.md": self.home_page(), "search.md": self.search_page(), **self.browse_pages(),
               "agencies/index.md": self.agencies_page(),
               "fines.md": self.fines_page()}
        for entry in self.agencies:
            out[src(self.agency_url[entry["agency"]])] = self.agency_page(entry)
        for doc in self.documents:
            out[f"documents/{doc['id']}.md"] = self.document_page(doc)
            periods = self.store.periods(doc["id"])
            if periods:
                for period in periods:
                    if period["valid_from"] is None:
                        continue
                    page, text = self.version_page(doc, period)
                    out[page.rstrip("/") + ".md"] = text
                _, text = self.diff_page(doc)
                out[f"documents/{doc['id']}/diff.md"] = text
                for pair in self.version_pairs(doc["id"])[:-1]:
                    page, text = self.diff_page(doc, pair)
                    out[src(page)] = text
        return out
