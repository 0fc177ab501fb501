"""The site as a reader meets it, in Chromium: desktop (1366×900) and phone (390×844), light
and dark themes; each test asserts what a person sees (visible, legible text with enough
contrast), on the static site and through `gazette serve`. Screenshots go to the build's
``screenshots/`` folder."""

from __future__ import annotations

import functools
import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from gazette.cli import main
from tests.conftest import served_mode
from tests.test_site import CHROMIUM, _QuietHandler, _Server

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ["light", "dark"]
WATER = "langfang-2021-order-1.regulation"  # 廊坊市城镇二次供水管理办法, amended 2021-12-01

#: WCAG contrast of an element's text against the first opaque background behind it.
CONTRAST = """(node) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                                return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let bg = null;
  for (let n = node; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { bg = c; break; }
  }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(node).color);
  const [a, b] = [lum(fg) + 0.05, lum(bg) + 0.05];
  return Math.max(a, b) / Math.min(a, b);
}"""


@pytest.fixture(scope="module")
def static(indexed: Path) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(indexed / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _page(browser: object, viewport: str, scheme: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)  # type: ignore[attr-defined]
    return context.new_page()


def _readable(locator, minimum: float = 4.5) -> None:
    """Visible, non-empty, and legible against what is behind it."""
    from playwright.sync_api import expect

    expect(locator).to_be_visible(timeout=20000)
    assert locator.inner_text().strip()
    ratio = locator.evaluate(CONTRAST)
    assert ratio >= minimum, f"contrast {ratio:.2f} of {locator.inner_text()[:40]!r}"


def _shot(page, indexed: Path, name: str) -> None:
    folder = indexed / "screenshots"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_static_search_page_results_are_seen(browser: object, static: str, indexed: Path, viewport: str,
                                             scheme: str) -> None:
    page = _page(browser, viewport, scheme)
    page.goto(static + "/search/?query=" + urllib.parse.quote("二次供水设施"))
    first = page.locator(".gz-results .gz-hit-title").first
    _readable(first)
    _readable(page.locator(".gz-results p").first)
    assert page.locator(".gz-results mark").first.inner_text() == "二次供水设施"
    assert page.locator(".gz-results li").count() == 20 and page.locator(".gz-more").is_visible()
    page.locator(".gz-more").click()
    assert page.locator(".gz-results li").count() > 20
    _readable(page.locator(".gz-results .gz-status").first, minimum=3.0)
    # a filter narrows the hits and goes into the URL, so the search can be linked
    page.select_option("select[name=type]", "attachment")
    page.wait_for_function("location.search.includes('type=attachment')")
    assert "条结果" in page.locator(".gz-search-status").inner_text() or "没有结果" in page.locator(
        ".gz-search-status").inner_text()
    _shot(page, indexed, f"search-static-{viewport}-{scheme}")
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_served_search_shows_the_answer_card_and_the_header_panel_is_legible(browser: object, api_server: str,
                                                                             indexed: Path, scheme: str) -> None:
    page = _page(browser, "desktop", scheme)
    page.goto(api_server + "/search/?query=" + urllib.parse.quote("谁负责二次供水设施的监督检查"))
    card = page.locator(".gz-answer")
    _readable(card.locator("li").first)
    first_two = {card.locator("ul").first.locator("li > a").nth(i).inner_text() for i in range(2)}
    assert first_two == {"城镇供水行政主管部门", "卫生健康行政主管部门"}
    assert "/en/" not in card.locator("ul").first.locator("li > a").first.evaluate("(a) => a.href")
    _readable(card.locator("li .gz-status").first, minimum=3.0)
    # the parties the rules bind are a group of their own, after the authorities
    assert card.locator("h3").inner_text().startswith("相关单位")
    assert "检索" in page.title()
    _readable(page.locator(".gz-results .gz-hit-title").first)
    assert "混合检索" in page.locator(".gz-search-status").inner_text()
    _shot(page, indexed, f"search-served-{scheme}")
    # the header's search panel: results legible in both themes (they were white on white)
    page.goto(api_server + "/")
    served_mode(page)
    page.locator(".md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("who inspects secondary water")
    box.press("End")
    _readable(page.locator(".gz-api-hit a").first, minimum=3.0)
    _readable(page.locator(".gz-api-hit p").first)
    _shot(page, indexed, f"header-search-{scheme}")
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_status_amendment_note_and_the_old_text(browser: object, static: str, indexed: Path, viewport: str,
                                                scheme: str) -> None:
    page = _page(browser, viewport, scheme)
    page.goto(static + f"/documents/{WATER}/")
    _readable(page.locator(".gz-meta .gz-doc-status"), minimum=3.0)
    assert page.locator(".gz-meta .gz-doc-status").inner_text() == "现行有效"
    assert "2021-12-01" in page.locator(".gz-meta").inner_text()  # the current text's own in-force date
    note = page.locator("#art_14__para_1 + .gz-amended")
    _readable(note)
    assert "根据2021年12月1日起施行的" in note.inner_text() and "第一项修改文字" in note.inner_text()
    note.locator("a.gz-old-text").click()
    page.wait_for_url("**/versions/2020-06-01/#art_14__para_1")
    banner = page.locator(".gz-banner")
    _readable(banner)
    assert banner.inner_text().startswith("历史文本")
    old = page.locator("#art_14__para_1")
    assert "应当邀请城镇供水、卫生健康等行政主管部门" in old.inner_text()
    assert old.evaluate("n => { const r = n.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    _shot(page, indexed, f"old-text-{viewport}-{scheme}")
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_old_new_view_reads_in_words(browser: object, static: str, indexed: Path, viewport: str,
                                         scheme: str) -> None:
    page = _page(browser, viewport, scheme)
    page.goto(static + f"/documents/{WATER}/diff/")
    row = page.locator("tr#art_14__para_1")
    _readable(row.locator("ins").first)
    assert row.locator("ins").first.inner_text() == "建设完成后，应当按照规定组织"
    assert "决定第一项：修改文字" in row.inner_text() and "replace_words" not in page.content()
    cells = row.locator("td")
    boxes = [cells.nth(i).bounding_box() for i in range(1, 3)]
    if viewport == "phone":  # old over new, each the width of the screen
        assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] + 1 and boxes[1]["width"] > 300
    else:  # side by side
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[0]["x"] < boxes[1]["x"]
    _shot(page, indexed, f"diff-{viewport}-{scheme}")
    page.context.close()


EMISSIONS = "langfang-2021-gov-office-8.regulation"  # 排污权 暂行办法: 有效期两年, expired 2023-11-15
EMISSIONS_NOTICE = "langfang-2021-gov-office-8"  # 关于印发《…排污权…》的通知 〔2021〕8号


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_an_expired_text_says_so_loudly(browser: object, static: str, indexed: Path, viewport: str,
                                        scheme: str) -> None:
    """The banner at the top, the mark on each provision, the badge on its notice's link; the
    notice says that what it issued has expired."""
    page = _page(browser, viewport, scheme)
    page.goto(static + f"/documents/{EMISSIONS}/")
    banner = page.locator(".gz-lapse")
    _readable(banner)
    assert banner.inner_text().startswith("已失效") and "2023年11月14日" in banner.inner_text()
    assert banner.bounding_box()["y"] < page.locator(".gz-meta").bounding_box()["y"]  # above the facts
    item = page.locator("#chp_1__div_3__item_5")  # （五）市税务局负责本市排污权出让收入的征收管理
    mark = item.locator(".gz-pstatus")
    _readable(mark)
    assert mark.inner_text() == "已失效"
    _shot(page, indexed, f"expired-{viewport}-{scheme}")
    page.goto(static + f"/documents/{EMISSIONS_NOTICE}/")
    _readable(page.locator(".gz-lapse"))
    assert "有效期届满" in page.locator(".gz-lapse").inner_text()
    issued = page.locator(".gz-meta tr", has_text="印发").locator(".gz-status")
    _readable(issued)
    assert issued.inner_text() == "已失效"
    assert page.locator(".gz-meta .gz-doc-status").inner_text() == "已失效"
    page.context.close()


def _on_day(page, day: str) -> None:  # type: ignore[no-untyped-def]
    """The page's clock set to noon of ``day`` (UTC)."""
    page.add_init_script(f"(() => {{ const D = Date, t = new D('{day}T12:00:00Z').getTime();"
                         " window.Date = class extends D { constructor(...a) { super(...(a.length ? a : [t])); }"
                         " static now() { return t; } }; })()")


def test_status_is_for_the_readers_day(browser: object, static: str) -> None:
    """A static site outlives its build: on 2027-01-05 the 门诊共济 实施细则 (有效期 to
    2026-12-31) says 已失效 with its banner, whatever the build day was; on a day inside its
    two years the expired 排污权 办法 shows no banner and no marks."""
    page = _page(browser, "desktop", "light")
    _on_day(page, "2027-01-05")
    page.goto(static + "/documents/langfang-2021-lzbf-6.regulation/")
    banner = page.locator(".gz-lapse")
    _readable(banner)
    assert banner.inner_text().startswith("已失效") and "2026年12月31日" in banner.inner_text()
    assert page.locator(".gz-meta .gz-doc-status").inner_text() == "已失效"
    page.context.close()
    page = _page(browser, "desktop", "light")
    _on_day(page, "2022-06-01")
    page.goto(static + f"/documents/{EMISSIONS}/")
    page.wait_for_function("document.querySelector('.gz-doc-status').textContent === '现行有效'")
    assert not page.locator(".gz-lapse").is_visible()
    assert not page.locator("#chp_1__div_3__item_5 .gz-pstatus").is_visible()
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_provision_can_be_cited_in_full(browser: object, static: str, indexed: Path, scheme: str) -> None:
    page = _page(browser, "desktop", scheme)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(static + f"/documents/{EMISSIONS}/")
    item = page.locator("#chp_1__div_3__item_5")
    item.hover()
    _readable(item.locator(".gz-copy-full"), minimum=3.0)
    item.locator(".gz-copy-full").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("《廊坊市排污权储备和出让管理暂行办法》第一章三、（五），廊坊市人民政府办公室〔2021〕8号，")
    assert copied.endswith(f"/documents/{EMISSIONS}/#chp_1__div_3__item_5") and copied.count("http") == 1
    item.locator(".gz-copy").first.click()
    assert page.evaluate("navigator.clipboard.readText()") == "《廊坊市排污权储备和出让管理暂行办法》第一章三、（五）"
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_filtered_search_says_what_it_hid(browser: object, static: str, indexed: Path, scheme: str) -> None:
    page = _page(browser, "desktop", scheme)
    page.goto(static + "/search/?status=in_force&query=" + urllib.parse.quote("排污权"))
    status = page.locator(".gz-search-status")
    page.wait_for_function("document.querySelector('.gz-search-status').textContent.includes('隐去')")
    _readable(status)
    assert "已失效" in status.inner_text()
    page.select_option("select[name=status]", "")
    page.wait_for_function("!document.querySelector('.gz-search-status').textContent.includes('隐去')")
    expired = page.locator(".gz-results .gz-status-expired").first
    _readable(expired)
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_national_law_cited_shows_its_status_on_a_tap(browser: object, static: str, indexed: Path,
                                                        scheme: str) -> None:
    """On a phone (no hover): tapping 《中华人民共和国物权法》 in the 2019 text of the 物业管理办法
    shows that it was in force when cited and was repealed on 2021-01-01."""
    page = _page(browser, "phone", scheme)
    page.goto(static + "/documents/langfang-2021-order-2.regulation/versions/2019-12-31/")
    cite = page.locator(".gz-cite", has_text="《中华人民共和国物权法》").first
    note = cite.locator(".gz-cite-note")
    assert not note.is_visible()
    cite.locator(".gz-ref-national").click()  # a tap focuses it
    _readable(note)
    assert "引用时现行有效" in note.inner_text() and "2021年1月1日废止" in note.inner_text()
    _shot(page, indexed, f"national-note-{scheme}")
    page.context.close()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_text_as_it_stood_on_a_day(browser: object, static: str, indexed: Path, viewport: str) -> None:
    page = _page(browser, viewport, "light")
    page.goto(static + f"/documents/{WATER}/")
    picker = page.locator("form.gz-asof")
    picker.locator("input[name=day]").fill("2019-01-01")
    picker.locator("button").click()
    _readable(picker.locator(".gz-asof-note"))  # before the first text in the knowledge base
    picker.locator("input[name=day]").fill("2021-01-01")
    picker.locator("button").click()
    page.wait_for_url("**/versions/2020-06-01/")
    assert page.locator(".gz-banner").inner_text().startswith("历史文本")
    page.goto(static + f"/documents/{WATER}/")
    picker.locator("input[name=day]").fill("2022-03-01")
    picker.locator("button").click()
    page.wait_for_url("**/versions/2021-12-01/")
    assert page.locator(".gz-banner").inner_text().startswith("现行文本")
    page.context.close()


def test_point_in_time_from_the_command_line(indexed: Path) -> None:
    from click.testing import CliRunner

    runner = CliRunner()
    result = runner.invoke(main, ["resolve", "《廊坊市城镇二次供水管理办法》第十四条", "--as-of", "2021-01-01",
                                  "--build", str(indexed), "--json"])
    target = json.loads(result.stdout)["target"]
    assert "应当邀请城镇供水、卫生健康等行政主管部门" in target["text"]
    assert target["url"] == f"/documents/{WATER}/versions/2020-06-01/#art_14"
    assert target["version"] == {"valid_from": "2020-06-01", "valid_until": "2021-11-30",
                                 "made_by": "廊坊市人民政府令〔2020〕第1号", "made_by_id": None}
    today = json.loads(runner.invoke(main, ["resolve", "《廊坊市城镇二次供水管理办法》第十四条", "--build",
                                            str(indexed), "--json"]).stdout)["target"]
    assert "建设完成后" in today["text"] and today["url"] == f"/documents/{WATER}/#art_14"
    shown = json.loads(runner.invoke(main, ["show", f"{WATER}/art_14__para_1", "--build", str(indexed),
                                            "--json"]).stdout)
    versions = shown["provision"]["versions"]
    assert [(v["valid_from"], v["valid_until"]) for v in versions] == [("2020-06-01", "2021-11-30"),
                                                                        ("2021-12-01", None)]
    assert [(v["status"], v["made_by_id"]) for v in versions] == [("amended", None),
                                                                  ("current", "langfang-2021-order-1.decision")]
    assert "应当邀请" in versions[0]["text"] and "建设完成后" in versions[1]["text"]
    assert versions[0]["url"] == f"/documents/{WATER}/versions/2020-06-01/#art_14__para_1"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_english_question_on_the_english_search_page(browser: object, api_server: str, indexed: Path,
                                                        scheme: str) -> None:
    """Labels, statuses and the card's headings in English; the authorities first; each hit
    with the English of the Chinese terms it matched."""
    page = _page(browser, "desktop", scheme)
    page.goto(api_server + "/en/search/?query=" + urllib.parse.quote("who inspects secondary water supply"))
    card = page.locator(".gz-answer")
    _readable(card.locator("h2"))
    assert card.locator("h2").inner_text() == "Who is responsible"
    first_two = {card.locator("ul").first.locator("li > a").nth(i).inner_text() for i in range(2)}
    assert first_two == {"城镇供水行政主管部门 (urban water supply authority)", "卫生健康行政主管部门 (health authority)"}
    assert "/en/documents/" in card.locator("ul").first.locator("li > a").first.evaluate("(a) => a.href")
    assert card.locator("li .gz-status").first.inner_text() == "In force"
    status = page.locator(".gz-search-status")
    _readable(status)
    assert "results (hybrid search)" in status.inner_text()
    filters = page.locator(".gz-filters")
    assert all(word in filters.inner_text() for word in ("Status", "Type", "Issuer", "Sort"))
    assert not any(word in filters.inner_text() for word in ("效力", "类型", "排序", "全部", "现行有效"))
    glosses = page.locator(".gz-results .gz-glosses").first
    _readable(glosses)
    assert glosses.inner_text().startswith("Matched terms: ")
    assert page.locator(".gz-results .gz-status").first.inner_text() in ("In force", "Expired", "Amended since")
    _shot(page, indexed, f"english-search-{scheme}")
    page.locator(".gz-results .gz-hit-title").first.click()  # a hit opens the English page of its text
    page.wait_for_url("**/en/documents/**")
    _readable(page.locator(".gz-meta th").first)
    page.context.close()


_HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_an_english_reader_reads_an_expired_text(browser: object, static: str, indexed: Path, viewport: str,
                                                 scheme: str) -> None:
    """The English page of the expired 排污权 办法: the theme's own words, the banner, the facts'
    labels, the provisions' marks and buttons in English; the issuer's name in English beside
    the Chinese; the text itself Chinese; a link to the same page in Chinese."""
    page = _page(browser, viewport, scheme)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(static + f"/en/documents/{EMISSIONS}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".md-search__input").get_attribute("placeholder") == "Search"  # the theme's chrome
    banner = page.locator(".gz-lapse")
    _readable(banner)
    words = banner.inner_text()
    assert words.startswith("Expired") and "14 November 2023" in words and "Do not cite it as current law" in words
    labels = page.locator(".gz-meta th").all_inner_texts()
    assert "Issuer" in labels and "Status" in labels and not any(_HAN.search(label) for label in labels)
    issuer = page.locator(".gz-meta tr", has_text="Issuer").locator("td")
    assert issuer.inner_text() == "廊坊市人民政府办公室 (Langfang Municipal People's Government General Office)"
    item = page.locator("#chp_1__div_3__item_5")  # （五）市税务局负责本市排污权出让收入的征收管理
    assert "市税务局" in item.inner_text()  # the law's own words stay Chinese
    mark = item.locator(".gz-pstatus")
    _readable(mark)
    assert mark.inner_text() == "Expired"
    item.hover()
    copy = item.locator(".gz-copy").first
    assert copy.inner_text() == "Copy citation"
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()") == "《廊坊市排污权储备和出让管理暂行办法》第一章三、（五）"
    assert copy.inner_text() == "Copied"
    _shot(page, indexed, f"english-expired-{viewport}-{scheme}")
    page.locator(".gz-lang a").first.click()  # the same page, in Chinese
    page.wait_for_url(f"**/documents/{EMISSIONS}/")
    assert "/en/" not in page.url and page.locator("html").get_attribute("lang") == "zh"
    assert page.locator(".gz-lapse").inner_text().startswith("已失效")
    page.context.close()


@pytest.fixture(scope="module")
def future_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A gazette whose regulation takes effect on 2099-01-01 (written for this test), built
    without indexes and served as static files."""
    from click.testing import CliRunner

    from tests.conftest import FIXTURES

    corpus, build = tmp_path_factory.mktemp("future-corpus"), tmp_path_factory.mktemp("future") / "build"
    (corpus / "future-gazette-2026-12.txt").write_bytes((FIXTURES / "future-gazette-2026-12.txt").read_bytes())
    result = CliRunner().invoke(main, ["build", "--corpus", str(corpus), "--build", str(build), "--no-index"])
    assert result.exit_code == 0, result.output
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(build / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_text_not_yet_in_force_says_so(browser: object, future_site: str, scheme: str) -> None:
    page = _page(browser, "phone", scheme)
    page.goto(future_site + "/documents/ceshi-2026-order-9.regulation/")
    banner = page.locator(".gz-lapse")
    _readable(banner)
    assert banner.inner_text().startswith("尚未施行") and "2099年1月1日" in banner.inner_text()
    mark = page.locator("#art_2 .gz-pstatus, [id^=art_2] .gz-pstatus").first
    _readable(mark)
    assert mark.inner_text() == "尚未施行"
    page.context.close()
