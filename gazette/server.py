"""``gazette serve``: the JSON API and the static site from one process (FastAPI + uvicorn).

Loaded once at start: the store, the citation resolver, the search engine (indexes and
encoder). Requests are then read-only; the encoder and the SQLite connection are used
under their own locks, so the server answers on several threads.

Stable URLs, derived from identifiers only:

* site page of a document ``/documents/{document id}/``, of a provision
  ``/documents/{document id}/#{eId}``;
* API ``/api/documents/{document id}`` and ``/api/provisions/{document id}/{eId}``.

Safety: every parameter is validated (length, dates, enums) with 4xx answers that say
what is wrong; request bodies over ``MAX_BODY`` bytes get 413, invalid UTF-8 400; unknown
ids 404; a search that runs past ``QUERY_TIMEOUT`` seconds 504; static files are served
by Starlette's StaticFiles (no path traversal out of the site folder); CORS allows GET and
POST from any origin (nothing here changes state); the default bind is 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware

from queries import show as show_query
from queries.citations import AMBIGUOUS, MATCH, Resolver
from queries.history import InvalidDate, check_date, diff as diff_query
from queries.search import MAX_QUERY, Filters, QueryError, SearchEngine
from store import DocumentNotFound, ProvisionNotFound, Store

from .build import STORE_NAME

__all__ = ["create_app", "MAX_BODY", "QUERY_TIMEOUT"]

MAX_BODY = 256 * 1024  # bytes
QUERY_TIMEOUT = 10.0  # seconds
MAX_CITATION = 200
ENCODERS = max(1, os.cpu_count() or 1)  # query encoders, one OpenMP thread each (see serve)


class _LimitBody(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: Any) -> Any:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return JSONResponse({"error": "too_large", "message": f"request bodies are limited to {MAX_BODY} bytes"},
                                status_code=413)
        return await call_next(request)


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        return check_date(value)
    except InvalidDate as error:
        raise HTTPException(status_code=400, detail={"error": "invalid_date", "parameter": name,
                                                      "message": str(error)}) from None


from queries.duties import MODALITIES, answer, is_who_question, unit_filter


def create_app(build_dir: Path) -> FastAPI:
    store = Store(build_dir / STORE_NAME)
    resolver = Resolver(store)
    engine = SearchEngine(build_dir, encoders=ENCODERS)
    build_info = json.loads((build_dir / "build.json").read_text(encoding="utf-8"))
    documents = {d["id"] for d in store.documents()}

    app = FastAPI(
        title="gazette API",
        version="1",
        description="Search, resolve and read the provisions of Chinese government gazettes. "
                    "Ids are stable: a provision's API URL is /api/provisions/{document id}/{eId} and its site URL "
                    "/documents/{document id}/#{eId}.",
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.add_middleware(_LimitBody)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"])

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, error: HTTPException) -> JSONResponse:
        detail = error.detail if isinstance(error.detail, dict) else {"error": "error", "message": str(error.detail)}
        return JSONResponse(detail, status_code=error.status_code)

    @app.get("/api/health", summary="The build behind the API")
    def health() -> dict[str, Any]:
        return {"status": "ok", "corpus_hash": build_info["corpus_hash"], "encoder": engine.vectors.encoder_key,
                "documents": len(documents), "sources": [s["path"] for s in build_info["sources"]]}

    @app.get("/api/search", summary="Keyword, semantic or hybrid search of provisions")
    async def search(
        q: Annotated[str, Query(min_length=1, max_length=1000, description="The question or words")],
        k: Annotated[int, Query(ge=1, le=100)] = 10,
        mode: Annotated[str, Query(pattern="^(keyword|semantic|hybrid)$")] = "hybrid",
        type: Annotated[list[str] | None, Query(max_length=20)] = None,
        issuer: Annotated[str | None, Query(max_length=100)] = None,
        date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
        date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
        as_of: Annotated[str | None, Query(max_length=10)] = None,
        all: bool = False,
        agency: Annotated[str | None, Query(max_length=100, description="Only provisions where this agency "
                                                                         "acts (any spelling: 市工信局)")] = None,
        modality: Annotated[str | None, Query(pattern=f"^({'|'.join(MODALITIES)})$")] = None,
    ) -> dict[str, Any]:
        filters = Filters(types=tuple(type or ()), issuer=issuer, date_from=_date(date_from, "from"),
                          date_to=_date(date_to, "to"), as_of=_date(as_of, "as_of"), any_status=all,
                          old_versions=all)
        filters = unit_filter(store, filters, agency, modality)
        if len(q) > MAX_QUERY * 5:
            raise HTTPException(400, {"error": "too_long", "message": f"queries are limited to {MAX_QUERY * 5} "
                                                                      "characters"})
        try:
            result = await asyncio.wait_for(
                run_in_threadpool(engine.search, q, k, mode, filters), timeout=QUERY_TIMEOUT)
            card = None
            if is_who_question(q):
                card = await asyncio.wait_for(run_in_threadpool(answer, store, engine, q, filters, result=result),
                                              timeout=QUERY_TIMEOUT)
        except QueryError as error:
            raise HTTPException(400, {"error": "bad_query", "message": str(error)}) from None
        except TimeoutError:
            raise HTTPException(504, {"error": "timeout", "message": f"the search took over {QUERY_TIMEOUT} s"}) from None
        return {**result.as_json(), "answer": card}

    @app.get("/api/who", summary="Who does it: the agencies whose duties answer a question")
    async def who(q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="The question")],
                  ) -> dict[str, Any]:
        try:
            return await asyncio.wait_for(run_in_threadpool(answer, store, engine, q), timeout=QUERY_TIMEOUT)
        except QueryError as error:
            raise HTTPException(400, {"error": "bad_query", "message": str(error)}) from None

    @app.get("/api/agencies", summary="Agencies and parties that hold duties, with counts by modality")
    def agencies() -> list[dict[str, Any]]:
        return store.agencies()

    @app.get("/api/agencies/{agency}", summary="The statements of one agency (any spelling, or its slug)")
    def agency_statements(agency: str, modality: Annotated[str | None, Query(
            pattern=f"^({'|'.join(MODALITIES)})$")] = None) -> dict[str, Any]:
        canonical = store.canonical_agency(agency)
        rows = store.statements_by_agency(canonical, modality)
        if not rows:
            raise HTTPException(404, {"error": "not_found", "message": f"no statements of {agency!r}"})
        slug = next(a["slug"] for a in store.agencies() if a["agency"] == canonical)
        return {"agency": canonical, "slug": slug, "statements": rows}

    @app.get("/api/fines", summary="Every fine of the corpus with its amounts as numbers")
    def fines() -> list[dict[str, Any]]:
        return store.fines()

    @app.get("/api/resolve", summary="Resolve a citation string",
             responses={200: {"description": "one match"}, 300: {"description": "several candidates"},
                        404: {"description": "no match, with the reason"}})
    def resolve(citation: Annotated[str, Query(min_length=1, max_length=MAX_CITATION)],
                as_of: Annotated[str | None, Query(max_length=10)] = None) -> JSONResponse:
        result = resolver.resolve(citation, _date(as_of, "as_of"))
        status = {MATCH: 200, AMBIGUOUS: 300}.get(result["status"], 404)
        return JSONResponse(result, status_code=status)

    @app.post("/api/link", summary="Find and resolve the citations in a text (text/plain or {\"text\": …})")
    async def link(request: Request) -> dict[str, Any]:
        body = await request.body()
        if len(body) > MAX_BODY:
            raise HTTPException(413, {"error": "too_large", "message": f"request bodies are limited to {MAX_BODY} bytes"})
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, {"error": "invalid_utf8", "message": "the body is not valid UTF-8"}) from None
        if request.headers.get("content-type", "").startswith("application/json"):
            try:
                data = json.loads(text)
                text = data["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (ValueError, KeyError, TypeError):
                raise HTTPException(400, {"error": "bad_body", "message": 'JSON bodies must be {"text": "…"}'}) from None
        spans = resolver.link(text)
        return {"citations": spans, "resolved": sum(s["resolved"] for s in spans), "total": len(spans)}

    @app.get("/api/documents", summary="All documents")
    def list_documents(type: Annotated[str | None, Query(max_length=30)] = None) -> list[dict[str, Any]]:
        from queries import list_documents as query

        return query(store, type)

    def _show(identifier: str, as_of: str | None) -> dict[str, Any]:
        try:
            return show_query(store, identifier, as_of)
        except (DocumentNotFound, ProvisionNotFound) as error:
            raise HTTPException(404, {"error": "not_found", "message": str(error), "id": identifier}) from None

    @app.get("/api/documents/{document_id}", summary="A document with its provisions, references and cited-by")
    def document(document_id: str,
                 as_of: Annotated[str | None, Query(max_length=10)] = None) -> dict[str, Any]:
        return _show(document_id, _date(as_of, "as_of"))

    @app.get("/api/provisions/{document_id}/{eid}", summary="A provision with versions, references and cited-by")
    def provision(document_id: str, eid: str, as_of: Annotated[str | None, Query(max_length=10)] = None
                  ) -> dict[str, Any]:
        return _show(f"{document_id}/{eid}", _date(as_of, "as_of"))

    @app.get("/api/diff/{work}", summary="Old and new text of an amended work")
    def diff(work: str, date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
             date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None) -> dict[str, Any]:
        try:
            return diff_query(store, work, _date(date_from, "from"), _date(date_to, "to"))
        except DocumentNotFound as error:
            raise HTTPException(404, {"error": "not_found", "message": str(error), "id": work}) from None

    @app.get("/api/{rest:path}", include_in_schema=False)
    def unknown_api(rest: str) -> JSONResponse:
        return JSONResponse({"error": "not_found", "message": f"no API endpoint /api/{rest}"}, status_code=404)

    site = build_dir / "site"
    if site.is_dir():
        app.mount("/", StaticFiles(directory=site, html=True), name="site")
    return app


def serve(build_dir: Path, host: str, port: int) -> None:
    """Run uvicorn. Query embedding runs in a pool of one-thread encoders, so that requests
    embed in parallel instead of each taking every core (set before the engine loads)."""
    import uvicorn

    os.environ.setdefault("OMP_NUM_THREADS", "1")
    uvicorn.run(create_app(build_dir), host=host, port=port, log_level="info")
