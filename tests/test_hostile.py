"""Hostile text: a gazette whose titles, headings, articles, table cells, signatures and
amendment words carry markup (``</title>``, ``<script>``, ``"><img onerror>``,
``javascript:``, ``{{ }}``, ``{% %}``, ``<!--``). Built as any corpus is; every page must
show the text as written and run none of it, and every other output (Markdown, HTML links)
must render to text and links only."""

from __future__ import annotations

import html
import html.parser
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from gazette.cli import main
from tests.conftest import FIXTURES, build_json
from tests.test_site import CHROMIUM, _QuietHandler, _Server

HOSTILE = FIXTURES / "hostile-gazette-2022-03.txt"
TITLE = "恶意市</title><svg onload=alert(1)>管理办法"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Path:
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    shutil.copy(HOSTILE, corpus)
    build_dir = tmp_path_factory.mktemp("hostile") / "build"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GAZETTE_CACHE", str(cache))
        report = build_json(corpus, build_dir)
    assert report["documents"] == 8 and report["warnings"] == []
    return build_dir


class _Markup(html.parser.HTMLParser):
    """Every element and attribute of an HTML page, with the text of inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _markup(text: str) -> _Markup:
    parser = _Markup()
    parser.feed(text)
    return parser


def _no_live_markup(markup: _Markup, where: str) -> None:
    for tag, attrs in markup.tags:
        assert not (tag == "img" and attrs.get("src") == "x"), f"{where}: an <img> from the text became an element"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{where}: <{tag} {name}=…> from the text"
            if name in ("href", "src", "action", "formaction"):
                assert not (value or "").strip().lower().startswith("javascript:"), f"{where}: {name}={value}"
    assert not any("alert(" in script for script in markup.scripts), f"{where}: a script from the text"


def test_every_page_keeps_the_markup_as_text(hostile: Path) -> None:
    pages = sorted((hostile / "site").rglob("*.html"))
    kinds = {p.relative_to(hostile / "site").parts[0] for p in pages}
    assert {"documents", "browse", "agencies", "index.html", "fines"} <= kinds
    assert any(p.parent.name == "diff" for p in pages) and any(p.parent.parent.name == "versions" for p in pages)
    for page in pages:
        _no_live_markup(_markup(page.read_text(encoding="utf-8")), str(page))
    regulation = (hostile / "site/documents/eyi-2022-order-3.regulation/index.html").read_text(encoding="utf-8")
    assert "<title>恶意市&lt;/title&gt;&lt;svg onload=alert(1)&gt;管理办法 - " in regulation
    index = json.loads((hostile / "site/search/search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:
        _no_live_markup(_markup(entry["title"]), f"search index title {entry['location']}")
        _no_live_markup(_markup(entry["text"]), f"search index text {entry['location']}")


def test_in_chromium_no_script_runs_and_the_text_reads_as_written(hostile: Path) -> None:
    import functools
    import threading

    from playwright.sync_api import sync_playwright

    site = hostile / "site"
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    dialogs: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
            for path in sorted(site.rglob("index.html")):
                url = base + path.parent.relative_to(site).as_posix() + "/"
                page.goto(url.replace("/./", "/"))
                page.wait_for_load_state("load")
                page.wait_for_timeout(50)  # an onerror fires after the image fails to load
                assert page.evaluate("document.querySelectorAll('svg[onload], img[onerror], [onclick]').length") == 0
            page.goto(base + "documents/eyi-2022-order-3.regulation/")
            assert page.title().startswith(TITLE)
            assert page.locator("article h1").inner_text() == TITLE
            assert "为了规范<script>alert(4)</script>工作" in page.locator("#chp_1__art_1__para_1").inner_text()
            assert page.locator("#chp_1").inner_text().endswith('总则"><img src=x onerror=alert(3)>')
            article_2 = page.locator("#chp_1__art_2__para_1").inner_text()
            assert "{{ config.site_name }}与{% raw %}模板{% endraw %}<!-- 注释 -->均按原文显示" in article_2
            page.goto(base + "documents/eyi-2022-ezbz-5.plan.att1/")
            body = page.locator("article").inner_text()
            assert '市"><img src=x onerror=alert(11)>局' in body and "javascript:alert(12)" in body
            assert "市{{ 7*7 }}局" in body and "<!-- 不显示 -->" in body
            page.goto(base + "documents/eyi-2022-order-4.regulation/diff/")
            assert "<script>alert(13)</script>二千元以上一万元以下" in page.locator("article").inner_text()
            # the static search renders titles and snippets of the index as HTML
            page.goto(base)
            page.locator("label.md-search__icon, .md-search__input").first.click()
            search = page.locator("input.md-search__input")
            search.fill("恶意市")
            search.press("End")
            page.locator(".md-search-result__item").first.wait_for(timeout=15000)
            page.wait_for_timeout(200)
            assert "svg onload=alert(1)" in page.locator(".md-search-result").inner_text()
            assert page.evaluate("document.querySelectorAll('svg[onload], img[onerror]').length") == 0
            browser.close()
    finally:
        server.shutdown()
    assert dialogs == []


def _render_markdown(text: str) -> _Markup:
    return _markup(MarkdownIt("commonmark").render(text))


HOSTILE_TEXT = (f"依照《{TITLE}》第三条 <svg onload=alert(1)> [x](javascript:alert(2)) "
                "<a href=javascript:alert(3)>y</a> <!-- c --> *强调* `代码` ![i](x.png) <http://a.b/>\n")


def test_link_markdown_renders_to_text_and_links_only(hostile: Path, tmp_path: Path) -> None:
    source = tmp_path / "text.txt"
    source.write_text(HOSTILE_TEXT, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["link", str(source), "--format", "markdown", "--base-url", "https://kb.example/",
                                  "--build", str(hostile)])
    assert result.exit_code == 0, result.output
    rendered = _render_markdown(result.output)
    assert [tag for tag, _ in rendered.tags] == ["p", "a"]  # the one resolved citation, nothing else
    assert rendered.tags[1][1]["href"] == "https://kb.example/documents/eyi-2022-order-3.regulation/#chp_1__art_3"
    rendered_html = MarkdownIt("commonmark").render(result.output)
    text = re.sub(r'^<p>|</p>\n$|<a href="[^"]*">|</a>', "", rendered_html)  # literal tags are entities here
    assert html.unescape(text) == HOSTILE_TEXT.strip()  # every character reads as written
    html_out = runner.invoke(main, ["link", str(source), "--format", "html", "--build", str(hostile)])
    assert [tag for tag, _ in _markup(html_out.output).tags] == ["a"]


@pytest.mark.parametrize("base_url", ["javascript:alert(1)//", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
                                      " javascript:alert(1)", "data:text/html,<script>", "vbscript:x"])
def test_unsafe_link_prefixes_are_refused(hostile: Path, tmp_path: Path, base_url: str) -> None:
    source = tmp_path / "text.txt"
    source.write_text(HOSTILE_TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["link", str(source), "--format", "html", "--base-url", base_url,
                                       "--build", str(hostile)])
    assert result.exit_code == 2
    assert "--base-url" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("base_url", ["", "/kb/", "../", "https://kb.example/x/", "http://localhost:8000/"])
def test_safe_link_prefixes_are_kept(base_url: str) -> None:
    from queries.citations import check_base_url

    assert check_base_url(base_url) == base_url
