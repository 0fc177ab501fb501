"""``gazette serve``: the JSON API and the static site from one process (FastAPI + uvicorn).

Loaded once at start: the store, the citation resolver, the search engine (indexes and
encoder). Requests are then read-only; the encoder and the SQLite connection are used
under their own locks, so the server answers on several threads.

Stable URLs, derived from identifiers only:

* site page of a document ``/documents/{document id}/``, of a provision
  ``/documents/{document id}/#{eId}``;
* API ``/api/documents/{document id}`` and ``/api/provisions/{document id}/{eId}``.

Safety: every parameter is validated (length, dates, enums) with 4xx answers that say
what is wrong, each documented in the OpenAPI description; request bodies are read by
:class:`Guard` before any endpoint sees them, in chunks, whatever their framing (chunked or
not, a lying Content-Length): over ``MAX_BODY`` bytes the answer is 413 at once, a client
that stops sending for ``BODY_TIMEOUT`` seconds gets 408; JSON nested too deep is a 400;
invalid UTF-8 400; unknown ids 404; a method a path does not take 405 with ``Allow``;
a search that runs past ``QUERY_TIMEOUT`` seconds 504. Every answer carries
``X-Content-Type-Options: nosniff`` and a Content-Security-Policy that allows only this
origin's scripts and the inline scripts the site was built with (by hash); the API docs'
files are served from here (no CDN). Static files are served by Starlette's StaticFiles (no
path traversal out of the site folder); CORS allows GET and POST from any origin (nothing
here changes state); the default bind is 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes
from typing import Annotated, Any, get_args, get_origin

import fastapi_offline
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gazette import api_models as models
from index import Encoder
from parser.levels import Level
from parser.records import DocType
from queries import show as show_query
from queries.documents import suggestions
from queries.citations import AMBIGUOUS, MATCH, BatchError, Resolver, link_batch
from queries.duties import ALL_CURRENT, MODALITIES, answer, search_with_card, unit_filter
from queries.history import InvalidDate, check_date, diff as diff_query
from queries.search import MAX_QUERY, Filters, NothingToSearch, QueryError, SearchEngine, SearchResult
from store import STORE_NAME, DocumentNotFound, ProvisionNotFound, Store

from .follow import Follower
from .protocol import HEADER_TIMEOUT, GuardedH11, connection_cap, quiet_floods

__all__ = ["create_app", "serve", "Guard", "MAX_BODY", "BODY_TIMEOUT", "QUERY_TIMEOUT", "CSP_FILE", "invalid_parameter"]

MAX_BODY = 256 * 1024  # bytes
MAX_TEXTS = 1000  # texts in one POST /api/link
BODY_TIMEOUT = 10.0  # seconds a client may pause while sending a body
QUERY_TIMEOUT = 10.0  # seconds
MAX_CITATION = 200
ENCODERS = max(1, os.cpu_count() or 1)  # query encoders, one OpenMP thread each (see serve)
CSP_FILE = "csp-hashes.json"  # in the site folder: the hashes of its inline scripts (site/hooks.py)
_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def content_security_policy(script_hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *(f"'{h}'" for h in sorted(set(script_hashes)))])
    return (f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def script_hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


class Guard:
    """Pure ASGI middleware in front of everything: reads the request body itself, bounded
    (``MAX_BODY``) and timed (``BODY_TIMEOUT`` per chunk), then hands the app the buffered
    body; adds the security headers to every answer. The body is never held past the limit:
    the 413 goes out at the first byte too many, and the server then drops the connection."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.headers = [(b"x-content-type-options", b"nosniff"), (b"content-security-policy", csp.encode()),
                        (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in self.headers if h[0] not in present)]
            await send(message)

        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and b"transfer-encoding" in headers:  # RFC 9112 §6.3: reject and close
            await _refuse(secured, 400, "bad_request", "a request may not carry both Content-Length and "
                                                       "Transfer-Encoding (RFC 9112 section 6.3)")
            return
        try:
            unquote_to_bytes(scope.get("query_string", b"").decode("latin-1")).decode("utf-8")
        except UnicodeDecodeError:
            await _refuse(secured, 400, "invalid_utf8", "the query string is not valid UTF-8 once decoded")
            return
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            await _refuse(secured, 413, "too_large", f"request bodies are limited to {MAX_BODY} bytes")
            return
        chunks, size, more = [], 0, True
        while more:
            try:
                message = await asyncio.wait_for(receive(), BODY_TIMEOUT)
            except TimeoutError:
                await _refuse(secured, 408, "timeout", f"the request body stalled for {BODY_TIMEOUT:g} s")
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                await _refuse(secured, 413, "too_large", f"request bodies are limited to {MAX_BODY} bytes")
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body, delivered = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: only the disconnect is left

        await self.app(scope, replay, secured)


async def _refuse(send: Send, status: int, error: str, message: str) -> None:
    payload = json.dumps({"error": error, "message": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": payload})


class ApiError(BaseModel):
    """Every 4xx and 5xx answer of the API, 422 included: what is wrong, in words, and the
    parameter it is about when there is one."""

    error: str
    message: str
    parameter: str | None = None
    id: str | None = None
    candidates: list[str] | None = Field(None, description="404: the ids whose id or title is close to the one asked")


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    names = {300: "several candidates", 400: "a parameter or the body is invalid (the message says which); also "
                                             "a query string that is not UTF-8 once decoded, and a request that "
                                             "carries both Content-Length and Transfer-Encoding (then the "
                                             "connection is closed)",
             404: "no such document, provision or work", 408: "the request body stalled",
             413: "the request body is too large", 504: "the query took too long"}
    return {code: {"model": ApiError, "description": names[code]} for code in codes}


_DATE = {"format": "date"}  # YYYY-MM-DD, checked by _date (a 400 that names the parameter)


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return check_date(value)
    except InvalidDate as error:
        raise HTTPException(status_code=400, detail={"error": "invalid_date", "parameter": name,
                                                      "message": str(error)}) from None


def _span(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    start, end = _date(date_from, "from"), _date(date_to, "to")
    if start and end and start > end:
        raise HTTPException(400, {"error": "invalid_range", "parameter": "from",
                                  "message": f"from ({start}) is after to ({end})"})
    return start, end



def invalid_parameter(errors: Any) -> dict[str, str]:
    """FastAPI's validation errors as the API's one error shape: {"error", "message", "parameter"}."""
    parts, parameter = [], ""
    for item in errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("query", "path", "body")]
        name = ".".join(location) or "body"
        parameter = parameter or name
        parts.append(f"{name}: {item.get('msg', 'invalid')}")
    return {"error": "invalid_parameter", "message": "; ".join(parts) or "invalid request", "parameter": parameter}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description, with every 422 described by the API's one error shape."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = ApiError.model_json_schema()
        for operation in (op for path in schema.get("paths", {}).values() for op in path.values()):
            if "422" in operation.get("responses", {}):
                operation["responses"]["422"] = {
                    "description": "a parameter is missing or out of range (the message and parameter say which)",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}
        for name in ("HTTPValidationError", "ValidationError"):
            schema["components"]["schemas"].pop(name, None)
        app.openapi_schema = schema
    return app.openapi_schema


def _list_parameters(route: Any) -> frozenset[str]:
    """The query parameters of a route that take several values (``type=a&type=b``)."""
    names = set()
    for param in getattr(getattr(route, "dependant", None), "query_params", ()):
        annotation = param.field_info.annotation
        if get_origin(annotation) is list or any(get_origin(a) is list for a in get_args(annotation)):
            names.add(param.alias)
    return frozenset(names)


def _one_value_each(request: Request) -> None:
    """A parameter that takes one value, given twice (``issuer=A&issuer=B``), is refused with
    422: FastAPI would keep the last one and answer as if the first had not been asked."""
    keys = [key for key, _ in request.query_params.multi_items()]
    repeated = {key for key in keys if keys.count(key) > 1}
    if repeated:
        repeated -= _list_parameters(request.scope.get("route"))
    if repeated:
        raise HTTPException(status_code=422, detail={
            "error": "repeated_parameter", "parameters": sorted(repeated),
            "message": f"{', '.join(sorted(repeated))} takes one value; it was given more than once"})


def create_app(build_dir: Path, backend: str | None = None, encoder: Encoder | None = None) -> FastAPI:
    """The API and the site of one build version. ``encoder``: the build's encoder made
    already (a test's); by default the one the build names."""
    store = Store(build_dir / STORE_NAME)
    resolver = Resolver(store, national_url=os.environ.get("GAZETTE_NATIONAL_URL", ""))
    engine = SearchEngine(build_dir, encoder=encoder, encoders=ENCODERS, backend=backend)
    engine.warm()  # jieba's dictionary and the encoder's first run: before the first request, not in it
    build_info = json.loads((build_dir / "build.json").read_text(encoding="utf-8"))
    documents = {d["id"] for d in store.documents()}

    app = FastAPI(
        title="gazette API",
        version="1",
        description="Search, resolve and read the provisions of Chinese government gazettes. "
                    "Ids are stable: a provision's API URL is /api/provisions/{document id}/{eId} and its site URL "
                    "/documents/{document id}/#{eId}. Dates: a text's period in force is its first and its last "
                    "day, both included (valid_from, valid_until; valid_until null: in force still); a document's "
                    "expires is its last day in force, its repealed the first day it is not. Statuses: in_force, "
                    "not_yet_in_force, expired, repealed; a version's status says what became of its text "
                    "(current, amended, renumbered, unchanged, not_in_source) and known_from how its words are known.",
        docs_url=None,
        openapi_url="/api/openapi.json",
        redoc_url=None,
        dependencies=[Depends(_one_value_each)],
    )
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"])
    docs_page = get_swagger_ui_html(openapi_url="/api/openapi.json", title="gazette API",
                                    swagger_js_url="/api/docs-assets/swagger-ui-bundle.js",
                                    swagger_css_url="/api/docs-assets/swagger-ui.css",
                                    swagger_favicon_url="/api/docs-assets/favicon.png")
    redoc_page = get_redoc_html(openapi_url="/api/openapi.json", title="gazette API",
                                redoc_js_url="/api/docs-assets/redoc.standalone.js",
                                redoc_favicon_url="/api/docs-assets/favicon.png", with_google_fonts=False)
    inline = re.findall(r"<script>(.*?)</script>", docs_page.body.decode("utf-8"), re.S)
    site_hashes = [digest for csp_file in (build_dir / "site" / CSP_FILE, *(build_dir / "site").glob(f"*/{CSP_FILE}"))
                   if csp_file.exists() for digest in json.loads(csp_file.read_text(encoding="utf-8"))]  # zh and en
    app.add_middleware(GZipMiddleware, minimum_size=1024)  # the search index, pages and answers, compressed
    app.add_middleware(Guard, csp=content_security_policy([*site_hashes, *map(script_hash, inline)]))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, dict) else {"error": "error", "message": str(error.detail)}
        return JSONResponse(detail, status_code=error.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(invalid_parameter(error.errors()), status_code=422)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return docs_page

    @app.get("/api/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return redoc_page

    app.mount("/api/docs-assets", StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"),
              name="docs-assets")

    @app.get("/api/health", summary="The build behind the API", response_model=models.Health)
    def health() -> dict[str, Any]:
        return {"status": "ok", "corpus_hash": build_info["corpus_hash"], "encoder": engine.vectors.encoder_key,
                "documents": len(documents), "sources": [s["path"] for s in build_info["sources"]]}

    @app.get("/api/search", summary="Keyword, semantic or hybrid search of provisions",
             responses=_errors(400, 504), response_model=models.SearchResponse, response_model_exclude_unset=True)
    async def search(
        q: Annotated[str, Query(min_length=1, max_length=1000, description="The question or words")],
        k: Annotated[int, Query(ge=1, le=100)] = 10,
        mode: Annotated[str, Query(pattern="^(keyword|semantic|hybrid)$")] = "hybrid",
        type: Annotated[list[DocType] | None, Query(max_length=20, description="Document types (any of)")] = None,
        level: Annotated[list[Level] | None, Query(max_length=20, description="效力级别 (any of)")] = None,
        issuer: Annotated[str | None, Query(max_length=100)] = None,
        date_from: Annotated[str | None, Query(alias="from", max_length=10, json_schema_extra=_DATE)] = None,
        date_to: Annotated[str | None, Query(alias="to", max_length=10, json_schema_extra=_DATE)] = None,
        as_of: Annotated[str | None, Query(max_length=10, json_schema_extra=_DATE)] = None,
        all: bool = False,
        agency: Annotated[str | None, Query(max_length=100, description="Only provisions where this agency "
                                                                         "acts (any spelling: 市工信局)")] = None,
        modality: Annotated[str | None, Query(pattern=f"^({'|'.join(MODALITIES)})$")] = None,
        explain: Annotated[bool, Query(description="English queries: give each of the first 20 hits the English "
                                                   "of the Chinese words the query's words meet (matched)")] = False,
    ) -> dict[str, Any]:
        start, end = _span(date_from, date_to)
        filters = Filters(types=tuple(str(t) for t in type or ()), levels=tuple(str(v) for v in level or ()),
                          issuer=issuer, date_from=start,
                          date_to=end, as_of=_date(as_of, "as_of"), any_status=all,
                          old_versions=all)
        filters = unit_filter(store, filters, agency, modality)
        if len(q) > MAX_QUERY * 5:
            raise HTTPException(400, {"error": "too_long", "message": f"queries are limited to {MAX_QUERY * 5} "
                                                                      "characters"})
        try:
            result, card = await asyncio.wait_for(
                run_in_threadpool(search_with_card, store, engine, q, k, mode, filters, explain), timeout=QUERY_TIMEOUT)
        except NothingToSearch as error:  # a blank or punctuation-only query finds nothing, and says why
            return SearchResult(query=q, mode=mode, hits=[], warnings=[str(error)]).as_json() | {"answer": None}
        except QueryError as error:
            raise HTTPException(400, {"error": "bad_query", "message": str(error)}) from None
        except TimeoutError:
            raise HTTPException(504, {"error": "timeout", "message": f"the search took over {QUERY_TIMEOUT} s"}) from None
        return {**result.as_json(), "answer": card}

    @app.get("/api/who", summary="Who does it: the competent authorities a question asks for, then the parties "
                                 "the rules bind", responses=_errors(400, 504), response_model=models.WhoCard,
             response_model_exclude_unset=True)
    async def who(q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="The question")],
                  as_of: Annotated[str | None, Query(max_length=10, json_schema_extra=_DATE,
                                                     description="Only texts in force on this date")] = None,
                  all: bool = False) -> dict[str, Any]:
        day = _date(as_of, "as_of")  # checked whatever else is asked
        filters = Filters.everything() if all else Filters(as_of=day) if day else ALL_CURRENT
        try:
            return await asyncio.wait_for(run_in_threadpool(answer, store, engine, q, filters),
                                          timeout=QUERY_TIMEOUT)
        except NothingToSearch as error:
            return {"question": q, "terms": [], "actors": [], "parties": [], "warnings": [str(error)]}
        except QueryError as error:
            raise HTTPException(400, {"error": "bad_query", "message": str(error)}) from None
        except TimeoutError:
            raise HTTPException(504, {"error": "timeout", "message": f"the search took over {QUERY_TIMEOUT} s"}) from None

    @app.get("/api/agencies", summary="Agencies and parties that hold duties, with counts by modality",
             response_model=list[models.Agency])
    def agencies() -> list[dict[str, Any]]:
        return store.agencies()

    @app.get("/api/agencies/{agency}", summary="The statements of one agency (any spelling, or its slug)",
             responses=_errors(404), response_model=models.AgencyStatements)
    def agency_statements(agency: str, modality: Annotated[str | None, Query(
            pattern=f"^({'|'.join(MODALITIES)})$")] = None) -> dict[str, Any]:
        canonical = store.canonical_agency(agency)
        rows = store.statements_by_agency(canonical, modality)
        if not rows:
            raise HTTPException(404, {"error": "not_found", "message": f"no statements of {agency!r}"})
        slug = next(a["slug"] for a in store.agencies() if a["agency"] == canonical)
        return {"agency": canonical, "slug": slug, "statements": rows}

    @app.get("/api/fines", summary="Every fine of the corpus with its amounts as numbers",
             response_model=list[models.Fine], response_model_exclude_unset=True)
    def fines() -> list[dict[str, Any]]:
        return store.fines()

    @app.get("/api/resolve", summary="Resolve a citation string",
             responses={200: {"description": "one match", "model": models.Resolution},
                        300: {"description": "several candidates", "model": models.Candidates},
                        404: {"description": "no match, with the reason", "model": models.Unresolved}, **_errors(400)})
    def resolve(citation: Annotated[str, Query(min_length=1, max_length=MAX_CITATION)],
                as_of: Annotated[str | None, Query(max_length=10, json_schema_extra=_DATE)] = None) -> JSONResponse:
        result = resolver.resolve(citation, _date(as_of, "as_of"))
        status = {MATCH: 200, AMBIGUOUS: 300}.get(result["status"], 404)
        return JSONResponse(result, status_code=status)

    @app.post("/api/link", summary="Find and resolve the citations in a text or a list of texts "
                                    "(text/plain, {\"text\": …} or {\"texts\": [{\"id\": …, \"text\": …}, …]})",
              responses=_errors(400, 408, 413), response_model=models.LinkResult | models.LinkBatch,
              response_model_exclude_unset=True, openapi_extra={"requestBody": {"required": True, "content": {
                  "text/plain": {"schema": {"type": "string", "minLength": 1, "maxLength": MAX_BODY // 4}},
                  "application/json": {"schema": {
                      "type": "object", "oneOf": [{"required": ["text"]}, {"required": ["texts"]}],
                      "properties": {
                          "text": {"type": "string"},
                          "texts": {"type": "array", "maxItems": MAX_TEXTS, "items": {
                              "type": "object", "required": ["text"],
                              "properties": {"id": {"type": ["string", "integer"]}, "text": {"type": "string"},
                                             "date": {"type": "string", **_DATE}}}},
                          "date": {"type": "string", **_DATE}}}}}}})
    async def link(request: Request) -> dict[str, Any]:
        body = await request.body()  # already read and bounded by Guard
        if not body:
            raise HTTPException(400, {"error": "bad_body", "message": "the body is empty: send the text to link"})
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, {"error": "invalid_utf8", "message": "the body is not valid UTF-8"}) from None
        as_of = None
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                data = json.loads(text)
            except RecursionError:
                raise HTTPException(400, {"error": "bad_body", "message": "the JSON body is nested too deep"}) from None
            except ValueError:
                raise HTTPException(400, {"error": "bad_body", "message": "the body is not JSON"}) from None
            shape = 'JSON bodies must be {"text": "…"} or {"texts": [{"id": …, "text": "…"}, …]}, not both'
            if (not isinstance(data, dict) or ("text" in data) == ("texts" in data)
                    or ("text" in data and not isinstance(data["text"], str))
                    or ("texts" in data and not isinstance(data["texts"], list))):
                raise HTTPException(400, {"error": "bad_body", "message": shape})
            as_of = _date(data["date"], "date") if isinstance(data.get("date"), str) else None
            if "date" in data and not isinstance(data["date"], str):
                raise HTTPException(400, {"error": "bad_body", "message": "date must be YYYY-MM-DD"})
            if isinstance(data.get("text"), str):
                text = data["text"]
            else:
                texts = data["texts"]
                if not isinstance(texts, list) or len(texts) > MAX_TEXTS:
                    raise HTTPException(400, {"error": "bad_body", "message": f"texts: a list of at most {MAX_TEXTS}"})
                lines = [json.dumps(item, ensure_ascii=False) if isinstance(item, dict) else "null" for item in texts]
                try:  # off the event loop: a batch of a thousand texts takes a while
                    return {"results": await run_in_threadpool(link_batch, lines, resolver, as_of, "texts")}
                except BatchError as error:
                    raise HTTPException(400, {"error": "bad_body", "message": str(error).replace(", line ", " item ")}
                                        ) from None
        spans = await run_in_threadpool(resolver.link, text, as_of)
        return {"citations": spans, "resolved": sum(s["resolved"] for s in spans), "total": len(spans)}

    @app.get("/api/documents", summary="All documents", response_model=list[models.DocumentSummary],
             response_model_exclude_unset=True)
    def list_documents(type: Annotated[str | None, Query(max_length=30)] = None,
                       level: Annotated[Level | None, Query(description="效力级别")] = None
                       ) -> list[dict[str, Any]]:
        from queries import list_documents as query

        return query(store, type, str(level) if level else None)

    def _show(identifier: str, as_of: str | None) -> dict[str, Any]:
        try:
            return show_query(store, identifier, as_of)
        except (DocumentNotFound, ProvisionNotFound) as error:
            candidates = suggestions(store, identifier)
            message = str(error) + (f"; did you mean: {', '.join(candidates)}" if candidates else "")
            raise HTTPException(404, {"error": "not_found", "message": message, "id": identifier,
                                      "candidates": candidates}) from None

    @app.get("/api/documents/{document_id}", summary="A document with its provisions, references and cited-by",
             responses=_errors(400, 404), response_model=models.DocumentView, response_model_exclude_unset=True)
    def document(document_id: str,
                 as_of: Annotated[str | None, Query(max_length=10, json_schema_extra=_DATE)] = None) -> dict[str, Any]:
        return _show(document_id, _date(as_of, "as_of"))

    @app.get("/api/provisions/{document_id}/{eid}", summary="A provision with versions, references and cited-by",
             responses=_errors(400, 404), response_model=models.ProvisionView, response_model_exclude_unset=True)
    def provision(document_id: str, eid: str, as_of: Annotated[str | None, Query(max_length=10, json_schema_extra=_DATE)] = None
                  ) -> dict[str, Any]:
        return _show(f"{document_id}/{eid}", _date(as_of, "as_of"))

    @app.get("/api/diff/{work}", summary="Old and new text of an amended work", responses=_errors(400, 404),
             response_model=models.Diff, response_model_exclude_unset=True)
    def diff(work: str, date_from: Annotated[str | None, Query(alias="from", max_length=10, json_schema_extra=_DATE)] = None,
             date_to: Annotated[str | None, Query(alias="to", max_length=10, json_schema_extra=_DATE)] = None) -> dict[str, Any]:
        try:
            return diff_query(store, work, *_span(date_from, date_to))
        except DocumentNotFound as error:
            raise HTTPException(404, {"error": "not_found", "message": str(error), "id": work}) from None

    def allowed(path: str) -> list[str]:
        methods: set[str] = set()
        for route in app.routes:
            if isinstance(route, APIRoute) and route.path_regex.match(path) and not route.path.endswith(":path}"):
                methods |= route.methods
        return sorted(methods | {"OPTIONS"}) if methods else []

    @app.api_route("/api/{rest:path}", methods=_METHODS, include_in_schema=False)
    def other_api(rest: str, request: Request) -> Response:
        """Unknown paths 404; a known path with another method 405, OPTIONS 204, both with Allow."""
        methods = allowed(request.url.path)
        if not methods:
            return JSONResponse({"error": "not_found", "message": f"no API endpoint /api/{rest}"}, status_code=404)
        headers = {"Allow": ", ".join(methods)}
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=headers)
        return JSONResponse({"error": "method_not_allowed", "message": f"/api/{rest} takes {', '.join(methods)}"},
                            status_code=405, headers=headers)

    site = build_dir / "site"
    if site.is_dir():
        app.mount("/", StaticFiles(directory=site, html=True), name="site")
    return app


def serve(build_dir: Path, host: str, port: int, backend: str | None = None,
          header_timeout: float = HEADER_TIMEOUT, max_connections: int | None = None) -> None:
    """Run uvicorn on the build ``build_dir`` names now and on each one published after
    (:class:`gazette.follow.Follower`), with connections that slow or many clients cannot hold
    (:class:`gazette.protocol.GuardedH11`). Query embedding runs in a pool of one-thread
    encoders, so that requests embed in parallel instead of each taking every core (set before
    the engine loads)."""
    import uvicorn

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    quiet_floods()
    protocol = type("Guarded", (GuardedH11,), {"header_timeout": header_timeout,
                                               "max_connections": max_connections or connection_cap()})
    app = Follower(build_dir, lambda version: create_app(version, backend))
    uvicorn.run(app, host=host, port=port, log_level="info", http=protocol, timeout_keep_alive=5,  # type: ignore[arg-type]
                backlog=4096)
