"""The static site: generated in strict mode from the records, checked as HTML and in a browser."""

import functools
import json
import html
import http.server
import re
import socketserver
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from parser import parse_gazette
from parser.records import HEADINGS
from store import Store
from store.statements import agency_slugs

from .conftest import CORPUS_FILE

CHROMIUM = "/usr/bin/chromium"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def _pages(site: Path) -> dict[str, _Page]:
    pages = {}
    for path in site.rglob("*.html"):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages["/" + path.relative_to(site).as_posix()] = page
    return pages


@pytest.fixture(scope="module")
def site(indexed: Path) -> Path:
    return indexed / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, _Page]:
    return _pages(site)


def _file_of(url_path: str) -> str:
    return url_path + "index.html" if url_path.endswith("/") else url_path


def test_every_provision_has_its_anchor(pages: dict[str, _Page]) -> None:
    gazette = parse_gazette(CORPUS_FILE.read_text(encoding="utf-8"), "corpus/langfang-gazette-2021-04.txt")
    for doc in gazette.documents:
        page = pages[f"/documents/{doc.id}/index.html"]
        expected = {p.eid for p in doc.provisions if p.kind not in ("list", "table")}
        missing = expected - page.ids
        assert not missing, (doc.id, sorted(missing)[:5])


def test_every_provision_has_a_permalink_and_copy_buttons(site: Path) -> None:
    """At any level, outline items included: ¶, the short and the full citation (with 文号
    and date); chapters are headings with their own anchor links."""
    gazette = parse_gazette(CORPUS_FILE.read_text(encoding="utf-8"), "corpus/langfang-gazette-2021-04.txt")
    for doc in gazette.documents:
        text = (site / "documents" / doc.id / "index.html").read_text(encoding="utf-8")
        cited = {p.eid for p in doc.provisions if p.kind not in ("list", "table", "row", *HEADINGS)}
        linked = set(re.findall(r'class="gz-permalink" href="#([^"]+)"', text))
        full = set(re.findall(r'class="gz-copy gz-copy-full" type="button" data-citation="[^"]*" data-anchor="([^"]+)"',
                              text))
        assert cited <= linked and cited <= full, (doc.id, sorted(cited - linked - full)[:5])
    emissions = (site / "documents/langfang-2021-gov-office-8.regulation/index.html").read_text(encoding="utf-8")
    item = re.search(r'data-citation="([^"]*)" data-anchor="chp_1__div_3__item_5"', emissions)
    assert item and html.unescape(item[1]) == ("《廊坊市排污权储备和出让管理暂行办法》第一章三、（五），"
                                               "廊坊市人民政府办公室〔2021〕8号，2021年11月15日")


def test_an_earlier_text_is_cited_by_the_act_that_made_it(site: Path) -> None:
    """The full citation of an earlier text names the order that made it, not the current 文号."""
    work = site / "documents" / "langfang-2021-order-1.regulation"

    def full(page: Path, eid: str) -> str:
        found = re.search(rf'gz-copy-full" type="button" data-citation="([^"]*)" data-anchor="{eid}"',
                          page.read_text(encoding="utf-8"))
        assert found, (page, eid)
        return html.unescape(found[1])

    assert full(work / "versions" / "2020-06-01" / "index.html", "art_14") == (
        "《廊坊市城镇二次供水管理办法》第十四条，廊坊市人民政府令〔2020〕第1号，2020年6月1日起施行的文本")
    assert full(work / "index.html", "art_14") == "《廊坊市城镇二次供水管理办法》第十四条，廊坊市人民政府令〔2021〕第1号，2021年10月14日"


def test_no_link_points_at_a_missing_page_or_anchor(pages: dict[str, _Page]) -> None:
    checked = 0
    for page_path, page in pages.items():
        for href in page.links:
            parsed = urlparse(href)
            if parsed.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = urlparse(urljoin(page_path, href))
            target_file = _file_of(unquote(target.path))
            assert target_file in pages or target_file.endswith((".css", ".js", ".xml", ".json", ".png", ".gz")), \
                (page_path, href)
            if target.fragment and target_file in pages:
                assert unquote(target.fragment) in pages[target_file].ids, (page_path, href)
            checked += 1
    assert checked > 1000


def test_resolved_citations_are_links(pages: dict[str, _Page]) -> None:
    links = pages["/documents/langfang-2021-order-2.regulation/index.html"].links
    assert "#chp_4__art_31" in links  # 本办法第三十一条 in 第四十二条 of the same work


def test_national_works_are_known_by_the_catalogue(site: Path) -> None:
    """《中华人民共和国民法典》 in 物业管理办法: level, status when cited and extent, from the shipped catalogue."""
    page = (site / "documents" / "langfang-2021-order-2.regulation" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'tabindex="0" role="button" aria-label="法律；引用时现行有效；共1260条；本库未收录全文">'
                     r"《中华人民共和国民法典》</span><span class=\"gz-cite-note\"", page)
    # the 2019 text cites 物权法, in force when that text took effect, repealed 2021-01-01 by the Civil Code
    earlier = (site / "documents" / "langfang-2021-order-2.regulation" / "versions" / "2019-12-31" / "index.html"
               ).read_text(encoding="utf-8")
    assert "〔法律；引用时现行有效；2021年1月1日废止，由《中华人民共和国民法典》取代；本库未收录全文〕" in earlier
    # why a citation has no link, in Chinese on a Chinese page
    emissions = (site / "documents" / "langfang-2021-gov-office-8.regulation" / "index.html").read_text(encoding="utf-8")
    assert "〔《国务院办公厅关于进一步推进排污权有偿使用和交易试点工作的指导意见》未收录于本库〕" in emissions
    assert "is not in the knowledge base" not in emissions and "knowledge base" not in page
    external = (site / "browse" / "external" / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr>\s*<td>《中华人民共和国民法典》</td>(.*?)</tr>", external, re.S)
    assert row and [c.strip() for c in re.findall(r"<td>(.*?)</td>", row.group(1))][:3] == ["法律", "现行有效", "1260"]


def test_side_by_side_view_of_article_14(site: Path) -> None:
    html = (site / "documents" / "langfang-2021-order-1.regulation" / "diff" / "index.html").read_text(encoding="utf-8")
    assert "第十四条" in html and "<del>" in html and "<ins>" in html
    assert "应当邀请城镇供水" in html and "建设完成后" in html
    assert "决定第一项</a>：修改文字" in html and "当时的条文未收录" in html  # 第十五条 before the decision
    assert "replace_words" not in html and "old text not in the source" not in html  # words, not codes


def test_version_pages_and_timeline(site: Path) -> None:
    page = (site / "documents" / "langfang-2021-order-2.regulation" / "index.html").read_text(encoding="utf-8")
    assert "2019-12-31" in page and "第一次修正" in page and "修改内容未收录" in page
    old = site / "documents" / "langfang-2021-order-2.regulation" / "versions" / "2019-12-31" / "index.html"
    text = old.read_text(encoding="utf-8")
    assert "中华人民共和国物权法" in text and "当时的条文未收录" in text


def test_escaping_and_metadata(site: Path) -> None:
    html = (site / "documents" / "langfang-2021-order-3.regulation" / "index.html").read_text(encoding="utf-8")
    assert "“门前三包”" in html
    assert re.search(r'data-citation="《廊坊市“门前三包”管理办法》第[一二三四五六七八九十]+条"', html)
    assert "<script" not in html.split('<article', 1)[1].split("</article>", 1)[0]


def test_browse_and_external_pages(site: Path) -> None:
    # the 2019 text cites 物权法, in force when that text took effect (repealed 2021-01-01)
    earlier = (site / "documents" / "langfang-2021-order-2.regulation" / "versions" / "2019-12-31" / "index.html"
               ).read_text(encoding="utf-8")
    assert re.search(r'aria-label="法律；引用时现行有效；2021年1月1日废止，由《中华人民共和国民法典》取代；本库未收录全文">'
                     r"《中华人民共和国物权法》</span>", earlier)
    external = (site / "browse" / "external" / "index.html").read_text(encoding="utf-8")
    assert "城市供水条例" in external and "廊政字〔2021〕8号" in external
    for name in ("type", "issuer", "date"):
        assert "廊坊市物业管理办法" in (site / "browse" / name / "index.html").read_text(encoding="utf-8")


def test_related_provisions_from_other_documents(site: Path) -> None:
    html = (site / "documents" / "langfang-2021-order-1.regulation" / "index.html").read_text(encoding="utf-8")
    related = re.findall(r'class="gz-related">相关条文：(.*?)</div>', html)
    assert len(related) == 28
    assert all("langfang-2021-order-1" not in block for block in related)


def test_related_provisions_are_computed_with_the_indexes(indexed: Path) -> None:
    """The index build writes them; the site only reads the file (it opens no index)."""
    import json

    related = json.loads((indexed / "index" / "related.json").read_text(encoding="utf-8"))
    picks = related["langfang-2021-order-1.regulation/art_14"]
    assert len(picks) == 3 and not any(p.startswith("langfang-2021-order-1") for p in picks)
    root = Path(__file__).parent.parent
    for module in [root / "site" / "hooks.py", *(root / "sitegen").glob("*.py")]:
        code = module.read_text(encoding="utf-8")
        assert "import faiss" not in code and "vectors.faiss" not in code, module


def test_every_pair_of_versions_is_compared(site: Path) -> None:
    work = site / "documents" / "langfang-2021-order-2.regulation" / "diff"
    assert sorted(p.name for p in work.iterdir() if p.is_dir()) == ["2018-12-05..2019-12-31",
                                                                    "2018-12-05..2021-12-10"]
    default = (work / "index.html").read_text(encoding="utf-8")
    assert "比较其他版本" in default and 'href="2018-12-05..2019-12-31/"' in default


# --- who does what: agency pages, modality badges, fines --------------------------------

@pytest.fixture(scope="module")
def store(indexed: Path) -> Iterator[Store]:
    with Store(indexed / "gazette.sqlite") as opened:
        yield opened


def _article_text(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def _agency_page(site: Path, agency: str) -> str:
    index = _article_text((site / "agencies" / "index.html").read_text(encoding="utf-8"))
    href = re.search(rf'<a href="([^"]+)">{re.escape(html.escape(agency))}</a>', index)
    assert href, agency
    return _article_text((site / "agencies" / unquote(href.group(1)) / "index.html").read_text(encoding="utf-8"))


def test_every_agency_has_a_page_with_its_statements(site: Path, pages: dict[str, _Page], store: Store) -> None:
    agencies = store.agencies()
    index = _article_text((site / "agencies" / "index.html").read_text(encoding="utf-8"))
    linked = re.findall(r'<td><a href="([^"]+)">', index)
    assert len(linked) == len(set(linked)) == len(agencies) > 100
    assert sorted(unquote(h) for h in linked) == sorted(f"{a['slug']}/" for a in agencies)  # the store's slugs
    assert all(f"/agencies/{unquote(h)}index.html" in pages for h in linked)
    for agency in ("卫生健康行政主管部门", "城镇供水行政主管部门", "市卫生健康委员会"):
        page = _agency_page(site, agency)
        statements = store.statements_by_agency(agency)
        # every statement of the agency is listed, each with a link to its provision's anchor
        own = re.sub(r'<h2 id="enforced">.*?(?=<h2|$)', "", page, flags=re.S)
        anchors = re.findall(r'<li><a href="\.\./\.\./documents/([^"/]+)/#([^"]+)">', own)
        assert sorted(anchors) == sorted((s["document"], s["eid"]) for s in statements)
    water = _agency_page(site, "城镇供水行政主管部门")
    duties, penalties = water.split('id="duty"')[1].split('id="penalty"')
    assert "langfang-2021-order-1.regulation/#art_5__para_2" in duties
    assert "罚款 5,000–20,000 元" in penalties and "罚款 1,000–5,000 元" in penalties
    assert "<mark>市、县（市、区）人民政府城镇供水行政主管部门</mark>" in duties  # the name as written, marked
    city = _agency_page(site, "市物业管理行政主管部门")  # the same function at its other levels
    levels = city.split("其他层级", 1)[1].split("</tr>", 1)[0]
    assert "市、县（市、区）物业管理行政主管部门</a>" in levels and "县（市、区）物业管理行政主管部门</a>" in levels
    health = _agency_page(site, "市卫生健康委员会")
    assert "市卫生健康委" in health.split("文中写法", 1)[1].split("</tr>", 1)[0]  # the spellings it meets under


def test_agency_slugs_are_readable_and_never_clash() -> None:
    slugs = agency_slugs(["市、县（市、区）物业管理行政主管部门", "城镇供水行政主管部门", "市、县", "市（县）"])
    assert slugs["市、县（市、区）物业管理行政主管部门"] == "市-县-市-区-物业管理行政主管部门"
    assert slugs["城镇供水行政主管部门"] == "城镇供水行政主管部门"
    assert slugs["市、县"] != slugs["市（县）"] and slugs["市、县"].startswith("市-县-")  # both would be 市-县
    assert agency_slugs(["市（县）", "市、县"]) == {k: slugs[k] for k in ("市（县）", "市、县")}  # order-free


def test_prohibitions_an_agency_enforces_come_from_its_penalties_citations(site: Path) -> None:
    page = _agency_page(site, "市、县（市、区）物业管理行政主管部门")
    enforced = page.split('id="enforced"', 1)[1].split("<h2", 1)[0]
    # 第五十四条第一款（三） fines a failure to stop the acts of 第四十六条 (物业管理区域内禁止下列行为：)
    items = re.findall(r"#chp_6__art_46__para_1__item_(\d+)", enforced)
    assert items == [str(n) for n in range(1, 9)]
    assert "擅自变动房屋建筑主体和承重结构" in enforced and "罚则见《廊坊市物业管理办法》第五十四条第一款（三）" in enforced


_BADGED = re.compile(r'<p class="gz-p [^"]*" id="([^"]+)">(?:(?!</p>).)*?'
                     r'<span class="gz-badges">(.*?)</span></p>', re.S)


def test_modality_badges_on_provisions(site: Path, store: Store) -> None:
    names = {"义务": "duty", "禁止": "prohibition", "授权": "permission", "罚则": "penalty", "定义": "definition"}
    checked = 0
    for doc in store.documents():
        page = (site / "documents" / doc["id"] / "index.html").read_text(encoding="utf-8")
        shown = {(eid, names[badge]) for eid, badges in _BADGED.findall(page)
                 for badge in re.findall(r'class="gz-badge gz-m-\w+"[^>]*>(\w+)<', badges)}
        rows = {p["eid"] for p in store.provisions(doc["id"]) if p["kind"] == "row"}
        expected = {(s["eid"], s["modality"]) for s in store.statements(doc["id"])
                    if s["modality"] != "other" and s["eid"] not in rows}
        assert shown == expected, doc["id"]
        checked += len(shown)
    assert checked > 500
    water = (site / "documents" / "langfang-2021-order-1.regulation" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'id="art_24__para_1">[^<]*<span class="gz-badges"><span class="gz-badge gz-m-duty" '
                     r'title="义务：卫生健康行政主管部门">义务</span>', water)
    assert re.search(r'<div class="gz-actors">主体　义务：<a class="gz-agency" href="[^"]+">卫生健康行政主管部门</a>', water)


def _fine_rows(site: Path) -> list[tuple[int, int, str, str]]:
    page = _article_text((site / "fines" / "index.html").read_text(encoding="utf-8"))
    return [(int(low), int(high), mark, eid) for low, high, mark, eid in re.findall(
        r'<tr data-low="(\d+)" data-high="(\d+)">.*?<mark>(.*?)</mark>.*?#([^"]+)">[^<]*</a></td></tr>', page)]


def test_fines_page_lists_every_fine_with_numbers(site: Path, store: Store, corpus_text: str) -> None:
    rows = _fine_rows(site)
    assert len(rows) == len(store.fines()) == corpus_text.count("罚款")  # every 罚款 of the corpus
    assert [high for _, high, _, _ in rows] == sorted((high for _, high, _, _ in rows), reverse=True)
    assert all(mark.endswith("罚款") and mark in corpus_text for _, _, mark, _ in rows)
    # amounts read from the text by hand
    assert (5000, 20000, "五千元以上二万元以下罚款", "art_27__para_1__item_1") in rows
    assert (1000, 5000, "一千元以上五千元以下罚款", "art_27__para_1__item_3") in rows
    assert (5000, 50000, "五千元以上五万元以下罚款", "chp_7__art_54__para_1__item_4") in rows
    assert (2000, 10000, "两千元以上一万元以下罚款", "chp_7__art_53__para_1__item_1") in rows
    assert (200, 200, "二百元罚款", "art_17__para_1") in rows


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def test_in_a_browser(served: str, indexed: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = indexed / "screenshots"
    shots.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(served + "/")
        expect(page.locator("h1")).to_contain_text("政府公报知识库")
        page.screenshot(path=str(shots / "home.png"))
        page.get_by_role("link", name="廊坊市物业管理办法", exact=True).first.click()
        page.wait_for_url("**/documents/langfang-2021-order-2.regulation/")
        page.locator("#chp_5__art_42__para_1__item_1 a.gz-ref").click()
        page.wait_for_url("**#chp_4__art_31")
        expect(page.locator("#chp_4__art_31")).to_be_in_viewport()
        page.screenshot(path=str(shots / "cross-reference.png"))
        page.goto(served + "/documents/langfang-2021-order-1.regulation/")
        page.get_by_role("link", name="新旧对照").click()
        page.wait_for_url("**/diff/")
        expect(page.locator("table.gz-diff")).to_contain_text("第十四条")
        page.screenshot(path=str(shots / "side-by-side.png"))
        page.goto(served + "/fines/")
        page.locator("table.gz-fines a.gz-agency").first.click()  # the highest fine's department
        page.wait_for_url("**/agencies/**")
        expect(page.locator("h1")).to_have_text("市、县（市、区）物业管理行政主管部门")
        expect(page.locator("#penalty")).to_contain_text("罚则")
        page.screenshot(path=str(shots / "agency.png"))
        page.locator("label.md-search__icon, .md-search__input").first.click()
        search = page.locator("input.md-search__input")
        search.fill("二次供水")
        search.press("End")  # typing Chinese fires no keyup
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15000)
        assert page.locator(".md-search-result__item").count() >= 1
        page.screenshot(path=str(shots / "search.png"))
        browser.close()


def test_the_static_search_index_is_bounded(site: Path) -> None:
    """Past its budget the static index keeps titles and headings only, and says so; the
    shipped corpus's index is under it and keeps its text."""
    from sitegen.search_index import bound_search_index

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "gazette_titles_only" not in index["config"] and any(d["text"] for d in index["docs"])
    size = sum(len(d["text"].encode("utf-8")) for d in index["docs"])
    assert bound_search_index(index, budget=size) is index
    bounded = bound_search_index(index, budget=size - 1)
    assert bounded["config"]["gazette_titles_only"] is True
    assert all(d["text"] == "" for d in bounded["docs"]) and [d["title"] for d in bounded["docs"]] == [
        d["title"] for d in index["docs"]]
    assert len(json.dumps(bounded, ensure_ascii=False)) < len(json.dumps(index, ensure_ascii=False)) / 3


_HAN = re.compile(r"[\u4e00-\u9fff]")
_TH = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_LANG_LINK = re.compile(r'<p class="gz-lang">\s*<a href="([^"]+)" hreflang="(\w+)"')


def test_the_english_site_has_every_page_with_english_labels(site: Path) -> None:
    """Every page of the Chinese site has its English page under en/ and each links to the
    other; the labels of every table (facts, comparisons, fines, agencies) are Chinese on the
    Chinese pages and English on the English ones, whatever the texts are."""
    chinese = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if not p.is_relative_to(site / "en")}
    english = {p.relative_to(site / "en").as_posix() for p in (site / "en").rglob("*.html")}
    assert chinese == english and len(chinese) > 300
    labels = 0
    for path in sorted(chinese):
        for lang, folder in (("zh", site), ("en", site / "en")):
            text = (folder / path).read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in text, (lang, path)
            for label in (html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in _TH.findall(text)):
                assert bool(_HAN.search(label)) == (lang == "zh"), (lang, path, label)
                labels += 1
            if path in ("404.html",):
                continue
            link = _LANG_LINK.search(text)
            assert link and link[2] == ("en" if lang == "zh" else "zh"), (lang, path)
            other = (folder / path).parent / link[1] / "index.html"
            assert other.resolve() == ((site / "en" if lang == "zh" else site) / path).resolve(), (lang, path)
    assert labels > 1000


def test_english_names_of_bodies() -> None:
    from sitegen.english_names import english_name

    assert english_name("廊坊市人民政府") == "Langfang Municipal People's Government"
    assert english_name("河北省人民政府办公厅") == "Hebei Provincial People's Government General Office"
    assert english_name("市卫生健康委员会") == "Municipal Health Commission"
    assert english_name("市、县（市、区）人民政府") == "Municipal and County People's Government"
    assert english_name("县（市、区）物业管理行政主管部门") == "county property management authority"
    assert english_name("各级生态环境部门") == "ecology and environment department at every level"
    assert english_name("廊坊开发区管委会") == "development zone administrative committee"  # the glossary's
    assert english_name("城市综合管理行政主管部门") == ""  # not known: no English rather than a guess
    assert english_name("市政府外办") == "Municipal Government Foreign Affairs Office"


def test_a_bad_line_of_the_names_file_is_named(tmp_path: Path) -> None:
    from sitegen.english_names import NamesError, read_names

    path = tmp_path / "names.tsv"
    path.write_text("# header\n人民政府\tPeople's Government\n财政局 Finance Bureau\n", encoding="utf-8")
    with pytest.raises(NamesError, match=r"names\.tsv:3: expected a Chinese name"):
        read_names(path)
    path.write_text("人民政府\tA\n人民政府\tB\n", encoding="utf-8")
    with pytest.raises(NamesError, match=r"names\.tsv:2: 人民政府 is listed twice"):
        read_names(path)
    path.write_bytes("人民政府\tA\n".encode("gb18030"))
    with pytest.raises(NamesError, match="not UTF-8"):
        read_names(path)
