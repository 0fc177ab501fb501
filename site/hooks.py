"""MkDocs hooks: the generated pages (package ``sitegen``, from the build folder named by
``GAZETTE_BUILD``, default ``build/``, in the language ``extra.gazette_lang`` of the config
names), the page title escaped once, and the hashes of the
inline scripts for the server's Content-Security-Policy."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from sitegen import Site
from sitegen.search_index import bound_search_index
from sitegen.text import esc

def on_files(files: Any, config: Any) -> Any:
    build_dir = Path(os.environ.get("GAZETTE_BUILD", "build"))
    from queries.citations import check_base_url

    # national works link through this template ({title}, {article}); http(s) only
    # the language of the pages: mkdocs.yml makes the Chinese site, mkdocs.en.yml the English one
    lang = (config.get("extra") or {}).get("gazette_lang", "zh")
    site = Site(build_dir, national_url=check_base_url(os.environ.get("GAZETTE_NATIONAL_URL", "")), lang=lang)
    try:
        for path, content in site.pages().items():
            files.append(File.generated(config, path, content=content))
        files.append(File.generated(config, "assets/documents.json", content=site.documents_json()))
    finally:
        site.close()
    return files


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    """The page title, which the theme prints raw into ``<title>``, the header, the navigation
    and the search index: set here as HTML, escaped exactly once. (MkDocs takes it from the H1
    as HTML; left to itself the theme's ``striptags`` would turn its entities back into tags.)"""
    if page.title is not None and "title" not in page.meta:
        page.meta["title"] = esc(html.unescape(page.title))
    return html_text


#: The inline scripts of the built pages (the theme's), by hash: the server's
#: Content-Security-Policy allows these and no other inline script.
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_script_hashes: set[str] = set()


def _collect_scripts(output: str) -> None:
    import base64
    import hashlib

    for match in _INLINE_SCRIPT.finditer(output):
        if "application/json" in match["attrs"]:
            continue  # data, never run
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        _script_hashes.add("sha256-" + base64.b64encode(digest).decode("ascii"))


def on_pre_build(config: Any) -> None:
    _script_hashes.clear()


def on_post_page(output: str, page: Any, config: Any) -> str:
    _collect_scripts(output)
    return output


def on_post_template(output: str, template_name: str, config: Any) -> str:
    _collect_scripts(output)
    return output


def on_post_build(config: Any) -> None:
    path = Path(config["site_dir"]) / "csp-hashes.json"
    path.write_text(json.dumps(sorted(_script_hashes), indent=1) + "\n", encoding="utf-8")
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if index.exists():  # past a size, the static index keeps titles and headings only
        data = json.loads(index.read_text(encoding="utf-8"))
        bounded = bound_search_index(data)
        if bounded is not data:
            index.write_text(json.dumps(bounded, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
