"""``gazette``: the command line. Errors become one-line messages and exit codes here.

Exit codes: 0 success, 1 a failed build or bad input file, 2 usage errors (click),
3 an unknown id or a citation that resolves to nothing, 4 a citation with several candidates.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from datetime import date
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from extract.records import Modality
from parser import GazetteError
from parser.levels import Level
from queries import list_documents, show as show_query
from queries.citations import AMBIGUOUS, MATCH, Resolver, annotate
from queries.modes import Mode
from queries.history import InvalidDate, check_date, diff as diff_query, document_status
from store import STORE_NAME, DocumentNotFound, ProvisionNotFound, Store

from .render import side_by_side

_MODES = [m.value for m in Mode]
_MODALITIES = [m.value for m in Modality]

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILED = 1
EXIT_NOT_FOUND = 3
EXIT_AMBIGUOUS = 4


def _current_build(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """Readers open the build the folder names at this instant, resolved once (a build
    published meanwhile never mixes into a command's reads); ``build`` writes the name."""
    from .publish import current

    return value if ctx.command.name == "build" else current(value)


def _build_option(func: F) -> F:
    return click.option(
        "--build", "build_dir", type=click.Path(file_okay=False, path_type=Path),
        default=lambda: os.environ.get("GAZETTE_BUILD", "build"), show_default="build/ or $GAZETTE_BUILD",
        help="Build folder to write or read.", callback=_current_build,
    )(func)


def _json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


def _not_found(error: Exception, identifier: str, as_json: bool) -> NoReturn:
    if as_json:
        _print_json({"error": "not_found", "message": str(error), "id": identifier})
    else:
        click.echo(f"error: {error}", err=True)
    sys.exit(EXIT_NOT_FOUND)


def _identify(store: Store, identifier: str, as_json: bool, as_of: str | None = None) -> str:
    """An id as given, or the id a title or citation names (廊坊市物业管理办法, 《…》第十条);
    otherwise exit with the closest ids and titles as suggestions."""
    from parser.ids import split_provision_id

    document_id, eid = split_provision_id(identifier)
    try:
        store.document(document_id)
        return identifier
    except DocumentNotFound:
        pass
    result = _resolver(store).resolve(identifier, as_of)
    if result["status"] == MATCH and "score" in result["target"]:  # a close title, not the one named
        result = {"status": "not_found", "candidates": [result["target"]]}
    if result["status"] == MATCH and result["target"].get("external"):
        _not_found(LookupError(f"{result['target']['citation']} is a national work outside the knowledge base "
                               f"({_national_line(result['target'])})"), identifier, as_json)
    if result["status"] == MATCH:
        return result["target"]["id"]
    candidates = [t["id"] for t in result.get("candidates", [])]
    if not candidates:
        from queries.documents import suggestions

        candidates = suggestions(store, identifier)
    titles = {d["id"]: d["title"] for d in store.documents()}
    message = f"no document or provision {identifier!r}" + (
        "; did you mean: " + "; ".join(f"{c} 《{titles.get(c.split('/')[0], '')}》" for c in candidates)
        if candidates else "")
    if as_json:
        _print_json({"error": "not_found", "message": message, "id": identifier, "candidates": candidates})
    else:
        click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_NOT_FOUND)


def _open_store(build_dir: Path) -> Store:
    try:
        return Store(build_dir / STORE_NAME)
    except GazetteError as error:
        raise click.ClickException(str(error)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gazette")
def main() -> None:
    """A legal knowledge base built from Chinese government gazettes (公报)."""


class _Progress:
    """Progress of long work on standard error: one line, rewritten, then closed."""

    def __init__(self) -> None:
        self.open = False

    def __call__(self, message: str) -> None:
        if message.startswith("embedding "):
            click.echo(f"\r{message}", err=True, nl=False)
            self.open = True
            return
        self.close()
        click.echo(message, err=True)

    def close(self) -> None:
        if self.open:
            click.echo(err=True)
            self.open = False


def _terminated(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@main.command()
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=[Path("corpus")], multiple=True,
              show_default=True, help="Folder of gazette files (*.txt, *.pdf, *.html); given again, one more folder "
                                      "(national texts beside the gazettes).")
@click.option("--encoder", "encoder_spec", default="e5", show_default=True,
              help="Encoder of the semantic index: e5 (bundled multilingual-e5-small) or st:<model name or path>.")
@click.option("--index/--no-index", default=True, show_default=True, help="Build the search indexes.")
@click.option("--keyword-engine", type=click.Choice(["auto", "whoosh", "tantivy"]), default="auto", show_default=True,
              help="Keyword index engine: auto takes whoosh up to 20,000 units and tantivy past it.")
@click.option("--backend", help="Also write the units, BM25 words and vectors to Milvus: milvus://HOST:PORT "
                                "(standalone or cluster) or milvus-lite:///path/file.db.")
@click.option("--site/--no-site", default=True, show_default=True, help="Build the static site (MkDocs).")
@click.option("--strict", is_flag=True,
              help="Fail (and keep the previous build) on any unreadable file or any warning.")
@click.option("--jobs", type=click.IntRange(1, 2), default=2, show_default=True,
              help="2: write the knowledge base in a second process while the indexes are built; 1: one after "
                   "the other. The build is the same.")
@_build_option
@_json_option
def build(corpus: tuple[Path, ...], encoder_spec: str, index: bool, keyword_engine: str, backend: str | None,
          site: bool, strict: bool, jobs: int, build_dir: Path, as_json: bool) -> None:
    """Parse the corpus and write the knowledge base and its indexes into the build folder.

    A file that cannot be read is skipped with a message naming file and line; the rest is
    built. With --strict any skipped file or warning fails the build (exit 1)."""
    from index import EncoderError, encoder_from_spec

    from .build import build as run_build

    progress = _Progress()
    signal.signal(signal.SIGTERM, _terminated)  # clean up as on Ctrl-C: the previous build stays
    try:
        encoder = encoder_from_spec(encoder_spec) if index else None
        if backend and not index:
            raise click.BadParameter("needs the search indexes (drop --no-index)", param_hint="--backend")
        report = run_build(list(corpus), build_dir, progress=progress, encoder=encoder, site=site, strict=strict,
                           keyword_engine=keyword_engine, backend=backend, jobs=jobs)
        progress.close()
    except (GazetteError, EncoderError, OSError) as error:
        progress.close()
        click.echo(f"error: {error}", err=True)
        click.echo(f"build failed; {build_dir} is unchanged", err=True)
        sys.exit(EXIT_FAILED)
    except KeyboardInterrupt:
        progress.close()
        click.echo(f"build interrupted; {build_dir} is unchanged", err=True)
        sys.exit(130)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for skipped in report.skipped:
        click.echo(f"skipped: {skipped}", err=True)
    if as_json:
        _print_json({
            "build": str(report.build_dir), "corpus_hash": report.corpus_hash, "skipped": list(report.skipped),
            "sources": [s.__dict__ for s in report.sources], "documents": report.documents,
            "provisions": report.provisions, "types": dict(report.types), "kinds": dict(report.kinds),
            "warnings": [str(w) for w in report.warnings], "amendments": report.amendments,
            "editions": report.editions, "parallel": report.parallel,
            "references": report.references, "resolved": report.resolved,
            "index": report.index.__dict__ if report.index is not None else None,
            "site_seconds": report.site_seconds, "seconds": round(report.seconds, 3),
            "stage_seconds": {"parse": round(report.parse_seconds, 3), "history": round(report.history_seconds, 3),
                              "links": round(report.links_seconds, 3),
                              "extraction": round(report.extract_seconds, 3), "write": round(report.write_seconds, 3)},
            "from_cache": {"files_parsed": report.parsed_cached, "documents_extracted": report.extracted_cached},
            "encoder": encoder.key if encoder is not None else None,
        })
        return
    click.echo(f"Built {report.build_dir} in {report.seconds:.2f} s from {len(report.sources)} source(s):")
    for source in report.sources[:_SOURCES_LISTED]:
        click.echo(f"  {source.path}  {source.lines} lines  {source.encoding}  sha256 {source.sha256[:12]}")
    if len(report.sources) > _SOURCES_LISTED:
        click.echo(f"  … and {len(report.sources) - _SOURCES_LISTED} more (every source: --json, or build.json)")
    click.echo(f"  {report.documents} documents: " + ", ".join(f"{n} {t}" for t, n in report.types))
    kinds = dict(report.kinds)
    click.echo(f"  {report.provisions} provisions: {kinds.get('article', 0)} articles, "
               f"{kinds.get('chapter', 0)} chapters, {kinds.get('row', 0)} table/list rows")
    click.echo(f"  parsed {len(report.sources) - report.parsed_cached} file(s) and extracted "
               f"{report.documents - report.extracted_cached} document(s) anew; the rest from the stage cache")
    if report.editions:
        click.echo(f"  {report.editions} earlier edition(s) of works read as their earlier texts")
    click.echo(f"  {report.amendments} amendment operations; {report.references} citations, "
               f"{report.resolved} resolved inside the knowledge base")
    if report.index is not None:
        idx = report.index
        click.echo(f"  search index: {idx.units} units, {idx.terms} dictionary terms, {idx.vectors} vectors "
                   f"and {idx.readings} English readings ({idx.embedded} embedded, {idx.cached} from the cache); "
                   f"words of {idx.analysed_words} unit(s) analysed and {idx.analysed_glosses} glossed anew")
        if idx.learned:
            click.echo(f"  learned ranking: {idx.learned} (article, question) pairs of STARD's train split")
    if report.site_seconds is not None:
        pages = sum(1 for _ in (report.build_dir / "site").rglob("index.html"))
        click.echo(f"  site: {pages} pages in {report.site_seconds:.1f} s ({report.build_dir / 'site'})")
    click.echo(f"  {len(report.warnings)} warning(s)")


def _date_option(name: str, help_text: str) -> Callable[[F], F]:
    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return check_date(value)
        except InvalidDate as error:
            raise click.BadParameter(str(error)) from None
    return click.option(name, callback=callback, metavar="YYYY-MM-DD", help=help_text)


_SOURCES_LISTED = 20  # an archive's thousands of sources are in build.json, not on the screen

STATUSES = ("in-force", "not-yet-in-force", "expired", "repealed", "unknown")


@main.command()
@click.argument("words", required=False)
@click.option("--type", "doc_type", help="Only documents of this type (order, regulation, notice, …).")
@click.option("--level", type=click.Choice([level.value for level in Level]),
              help="Only documents of this 效力级别.")
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status on --as-of.")
@_date_option("--as-of", "The date for --status (default: today).")
@_build_option
@_json_option
def docs(words: str | None, doc_type: str | None, level: str | None, status: str | None, as_of: str | None,
         build_dir: Path, as_json: bool) -> None:
    """List the documents of the knowledge base (those whose title or number holds WORDS)."""
    from parser.normalize import squeeze

    day = as_of or date.today().isoformat()
    with _open_store(build_dir) as store:
        rows = list_documents(store, doc_type, level)
        if words:
            wanted = squeeze(words).strip("《》")
            rows = [row for row in rows if wanted in squeeze(row["title"]) or wanted in (row["number"] or "")]
        for row in rows:
            row["status"] = document_status(store, row["id"], day).replace("_", "-")
    if status is not None:
        rows = [row for row in rows if row["status"] == status]
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        indent = "  " if row["parent"] else ""
        number = f" {row['number']}" if row["number"] else ""
        signed = f" {row['signed']}" if row["signed"] else ""
        click.echo(f"{indent}{row['id']}  [{row['type']}, {row['level']}]{number}{signed}  {row['status']}")
        click.echo(f"{indent}    {row['title']}")
    click.echo(f"{len(rows)} documents", err=True)


def _echo_status(status: str, life: dict[str, Any] | None) -> None:
    """The status of the text today, loud where it is not in force."""
    life = life or {}
    words = {"expired": f"EXPIRED: in force until {life.get('expires')}",
             "repealed": f"REPEALED on {life.get('repealed')}" + (f" by {life['repealed_by']}"
                                                                   if life.get("repealed_by") else ""),
             "not_yet_in_force": f"NOT YET IN FORCE: in force from {life.get('effective')}"}
    if status in words:
        click.secho(f"  status: {words[status]}", fg="yellow", bold=True)
    else:
        click.echo(f"  status: {status.replace('_', ' ')}")


def _echo_document(detail: dict[str, Any], as_of: dict[str, Any] | None = None) -> None:
    click.secho(detail["title"], bold=True)
    _echo_status(detail["status"], detail.get("lifecycle"))
    facts = [("id", detail["id"]), ("type", detail["type"]), ("level", detail.get("level")),
             ("issuer", detail["issuer"]),
             ("number", detail["number"]), ("signed", detail["signed"]), ("signer", detail["signer"]),
             ("parent", detail["parent"]), ("history", detail["history_text"]),
             ("source", f"{detail['source']}, lines {detail['first_line']}–{detail['last_line']}")]
    for name, value in facts:
        if value:
            click.echo(f"  {name}: {value}")
    for relation in detail["relations"]:
        click.echo(f"  {relation['kind']}: {relation['target']}")
    life = detail.get("lifecycle") or {}
    for name in ("effective", "expires", "repealed"):
        if life.get(name):
            click.echo(f"  {name}: {life[name]}")
    for event in detail.get("timeline", []):
        marker = "" if event["operations_in_corpus"] else " (operations not in the corpus)"
        click.echo(f"  timeline: {event['date']} {event['event']} {event['act']}{marker}")
    if detail["addressees"]:
        click.echo("  addressees: " + "，".join(detail["addressees"]))
    if as_of is not None:
        _echo_as_of(as_of)
        return
    click.echo()
    click.echo(detail["text"])


def _echo_provision(detail: dict[str, Any], as_of: dict[str, Any] | None = None) -> None:
    document = detail["document"]
    click.secho(f"《{document['title']}》 " + " › ".join([*detail["path"], detail["label"] or detail["eid"]]),
                bold=True)
    click.echo(f"  id: {detail['id']}")
    _echo_status(detail["status"], detail.get("lifecycle"))
    click.echo(f"  source: {detail['source']['file']}, lines {', '.join(map(str, detail['source']['lines']))}")
    if as_of is not None:
        _echo_as_of(as_of)
        return
    click.echo()
    click.echo(detail["text"])


@main.command()
@click.argument("identifier")
@_date_option("--as-of", "Show the text in force on this date.")
@_build_option
@_json_option
def show(identifier: str, as_of: str | None, build_dir: Path, as_json: bool) -> None:
    """Show a document or a provision: by id (ID, ID/eId), title or citation
    (廊坊市物业管理办法, 《廊坊市物业管理办法》第十条), with its path of headings."""
    with _open_store(build_dir) as store:
        identifier = _identify(store, identifier, as_json)
        try:
            result = show_query(store, identifier, as_of)
        except (DocumentNotFound, ProvisionNotFound) as error:
            _not_found(error, identifier, as_json)
    if as_json:
        _print_json(result)
        return
    if result["kind"] == "document":
        _echo_document(result["document"], result.get("as_of"))
    else:
        _echo_provision(result["provision"], result.get("as_of"))


def _echo_as_of(as_of: dict[str, Any]) -> None:
    period = as_of["period"]
    made_by = f", text made by {period['made_by']} (from {period['valid_from']})" if period else ""
    click.secho(f"  as of {as_of['as_of']}: {as_of['status'].replace('_', ' ')}{made_by}", fg="cyan")
    if as_of.get("note"):
        click.echo(f"  {as_of['note']}")
    click.echo()
    click.echo(as_of["text"])


@main.command()
@click.argument("work")
@_date_option("--from", "Old text: in force on this date (default: the day before the newest text).")
@_date_option("--to", "New text: in force on this date (default: the newest text).")
@_build_option
@_json_option
def diff(work: str, build_dir: Path, as_json: bool, **dates: str | None) -> None:
    """Old and new text of an amended work (id or title) side by side, changed words marked."""
    from queries.history import CHANGE_NAMES, OPERATION_NAMES

    with _open_store(build_dir) as store:
        work = _identify(store, work, as_json).split("/")[0]
        if dates.get("from") and dates.get("to") and dates["from"] > dates["to"]:  # as the API refuses it
            raise click.BadParameter(f"--from ({dates['from']}) is after --to ({dates['to']})", param_hint="--from")
        try:
            result = diff_query(store, work, dates.get("from"), dates.get("to"))
        except DocumentNotFound as error:
            _not_found(error, work, as_json)
    if as_json:
        _print_json(result)
        return
    if not result["amended"]:
        click.echo(result["message"])
        return
    click.secho(f"《{result['title']}》  {result['from']['date']} → {result['to']['date']}", bold=True)
    for event in result["timeline"]:
        marker = "" if event["operations_in_corpus"] else "  (operations not in the corpus)"
        click.echo(f"  {event['date']}  {event['event']}  {event['act']}{marker}")
    for change in result["changes"]:
        label = change["new_label"] or change["old_label"]
        if change["old_label"] and change["new_label"] and change["old_label"] != change["new_label"]:
            label = f"{change['old_label']} → {change['new_label']}"
        click.echo()
        click.secho(" › ".join([*change["path"], label]) + f"  [{CHANGE_NAMES.get(change['status'], '')}]",
                    bold=True)
        for op in change["operations"]:
            click.secho(f"  {OPERATION_NAMES.get(op['op'], op['op'])} {op['target']}（{op['id']}）", fg="cyan")
        click.echo(side_by_side(change))
    click.echo()
    click.echo(f"{len(result['changes'])} changed, {result['unchanged']} unchanged")


def _echo_target(target: dict[str, Any], prefix: str = "") -> None:
    click.secho(f"{prefix}{target['citation']}  {target['id']}", bold=True)
    if target.get("external"):
        click.echo(f"{prefix}  {_national_line(target)}")
    if target.get("url"):
        click.echo(f"{prefix}  {target['url']}")


def _national_line(target: dict[str, Any]) -> str:
    """法律, in force (on 2022-01-01: in force), 1260 articles — outside the knowledge base."""
    work = target["national"]
    status = work["status"].replace("_", " ")
    if work.get("repealed"):
        status += f" on {work['repealed']}" + (f" by 《{work['repealed_by']}》" if work.get("repealed_by") else "")
    on = work.get("status_on")
    dated = f"; on {on['date']}: {on['status'].replace('_', ' ')}" if on else ""
    extent = f", {work['articles']} articles" if work.get("articles") else ""
    return f"national {work['level'] or 'work'}, {status}{dated}{extent}, not in the knowledge base"


def _resolver(store: Store) -> Any:
    """A resolver with the national works' URL template of $GAZETTE_NATIONAL_URL (http(s) only)."""
    from queries.citations import UnsafeURL, check_base_url

    template = os.environ.get("GAZETTE_NATIONAL_URL", "")
    try:
        check_base_url(template)
    except UnsafeURL as error:
        raise click.ClickException(f"GAZETTE_NATIONAL_URL: {error}") from None
    return Resolver(store, national_url=template)


@main.command()
@click.argument("citation")
@_date_option("--as-of", "Resolve against the numbering in force on this date.")
@_build_option
@_json_option
def resolve(citation: str, as_of: str | None, build_dir: Path, as_json: bool) -> None:
    """Resolve a citation string (《X》第N条, 廊政字〔2021〕12号, …) to its target.

    Exit code 0: one match; 4: several candidates; 3: none.
    """
    with _open_store(build_dir) as store:
        result = _resolver(store).resolve(citation, as_of)
    code = {MATCH: 0, AMBIGUOUS: EXIT_AMBIGUOUS}.get(result["status"], EXIT_NOT_FOUND)
    if as_json:
        _print_json(result)
        sys.exit(code)
    if result["status"] == MATCH:
        _echo_target(result["target"])
        if result.get("note"):
            click.echo(f"  note: {result['note']}")
        if "text" in result["target"]:
            click.echo()
            click.echo(result["target"]["text"])
    elif result["status"] == AMBIGUOUS:
        click.echo(f"{len(result['candidates'])} candidates: {result['reason']}")
        for target in result["candidates"]:
            _echo_target(target, "  ")
    else:
        click.echo(f"not found: {result['reason']}")
    sys.exit(code)


@main.command()
@click.argument("file", type=click.File("rb"), default="-")
@click.option("--format", "fmt", type=click.Choice(["json", "markdown", "html"]), default="json",
              show_default=True, help="Spans with targets, or the text with links.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--jsonl", "batch", is_flag=True,
              help='Input is JSON Lines, {"id": …, "text": …, "date": …} per line; output JSON Lines, one per text.')
@click.option("--html-input", is_flag=True, help="Input is HTML: link inside its text nodes, keep its markup.")
@_date_option("--as-of", "The citing text's date: national works' status on it.")
@click.option("--base-url", default="", help="Prefix for links in markdown and html output: http(s) or relative.")
@_build_option
def link(file: Any, fmt: str, as_json: bool, batch: bool, html_input: bool, as_of: str | None, base_url: str,
         build_dir: Path) -> None:
    """Find and resolve every citation in a text (a file, or - for standard input).

    Spans count code points (start, end) and UTF-16 units (start_utf16, end_utf16)."""
    from parser import decode
    from queries.citations import BatchError, UnsafeURL, annotate_html, check_base_url, link_batch

    try:
        check_base_url(base_url)
    except UnsafeURL as error:
        raise click.BadParameter(str(error), param_hint="--base-url") from None
    name = getattr(file, "name", "<stdin>")
    try:
        text = decode(file.read(), name).text
    except GazetteError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_FAILED)
    fmt = "json" if as_json else fmt
    with _open_store(build_dir) as store:
        resolver = _resolver(store)
        if batch:
            try:
                results = link_batch(text.splitlines(), resolver, as_of, name)
            except BatchError as error:
                click.echo(f"error: {error}", err=True)
                sys.exit(EXIT_FAILED)
            for result in results:
                click.echo(json.dumps(result, ensure_ascii=False, sort_keys=True))
            return
        if html_input:
            annotated, spans = annotate_html(text, resolver, base_url, as_of)
            if fmt == "json":
                _print_json({"citations": spans, "resolved": sum(s["resolved"] for s in spans), "total": len(spans)})
            else:
                click.echo(annotated, nl=False)
            return
        spans = resolver.link(text, as_of)
    if fmt == "json":
        _print_json({"citations": spans, "resolved": sum(s["resolved"] for s in spans), "total": len(spans)})
    else:
        click.echo(annotate(text, spans, fmt, base_url), nl=False)


@main.command()
@_build_option
@_json_option
def external(build_dir: Path, as_json: bool) -> None:
    """Works and document numbers cited but not in the knowledge base, most cited first; national
    works with their level, status and number of articles from the shipped catalogue."""
    from parser.national import NationalCatalogue

    catalogue = NationalCatalogue.load()
    template = os.environ.get("GAZETTE_NATIONAL_URL", "")
    with _open_store(build_dir) as store:
        rows = store.external_works()
    for row in rows:
        work = catalogue.find(row["normalized"]) if row["kind"] == "work" else None
        row["national"] = ({**work.as_json(), "url": work.url(template)} if work is not None else None)
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        work = row["national"]
        known = (f"  [{work['level'] or 'national'}, {work['status'].replace('_', ' ')}"
                 + (f" {work['repealed']}" if work["repealed"] else "")
                 + (f", {work['articles']} articles" if work["articles"] else "") + "]") if work else ""
        click.echo(f"{row['citations']:4d}  {row['normalized']}  ({row['documents']} documents){known}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["akn", "jsonl"]), default="akn", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: BUILD/akn).")
@_build_option
def export(fmt: str, out: Path | None, build_dir: Path) -> None:
    """Write Akoma Ntoso 3.0 XML, one file per work expression (or copy the JSON Lines)."""
    import shutil

    from store.akn import export as akn_export

    target = out or build_dir / fmt
    target.mkdir(parents=True, exist_ok=True)
    with _open_store(build_dir) as store:
        if fmt == "jsonl":
            for name in ("documents.jsonl", "amendments.jsonl", "versions.jsonl", "timeline.jsonl"):
                shutil.copy(build_dir / name, target / name)
            click.echo(f"copied the JSON Lines exports to {target}")
            return
        files = akn_export(store.load_documents(), store.versions, store.references_from, store.timeline,
                           store.lifecycle)
    for name, data in sorted(files.items()):
        (target / name).write_bytes(data)
    click.echo(f"wrote {len(files)} Akoma Ntoso files to {target}")


def _engine(build_dir: Path, encoder_spec: str | None, **options: Any) -> Any:
    from index import EncoderError, EncoderMismatch, IndexFormatError, encoder_from_spec
    from queries.search import SearchEngine

    problems: tuple[type[Exception], ...] = (FileNotFoundError, EncoderError, EncoderMismatch, IndexFormatError)
    if options.get("backend"):
        from index.milvus_backend import BackendError

        problems += (BackendError,)
    try:
        encoder = encoder_from_spec(encoder_spec) if encoder_spec else None
        return SearchEngine(build_dir, encoder=encoder, **options)
    except problems as error:
        raise click.ClickException(str(error)) from None


def _highlighted(snippet: str, highlights: list[list[int]]) -> str:
    out, last = [], 0
    for start, end in highlights:
        out.append(snippet[last:start])
        out.append(click.style(snippet[start:end], fg="yellow", bold=True))
        last = end
    out.append(snippet[last:])
    return "".join(out)


@main.command()
@click.argument("query")
@click.option("-k", "k", type=click.IntRange(1, 100), default=10, show_default=True, help="Number of results.")
@click.option("--mode", type=click.Choice(_MODES), default="hybrid", show_default=True)
@click.option("--type", "doc_types", multiple=True, help="Only documents of this type (repeatable).")
@click.option("--level", "levels", multiple=True, type=click.Choice([level.value for level in Level]),
              help="Only documents of this 效力级别 (repeatable).")
@click.option("--issuer", help="Only documents whose issuer contains this text.")
@_date_option("--from", "Only documents dated on or after this date.")
@_date_option("--to", "Only documents dated on or before this date.")
@_date_option("--as-of", "Texts in force on this date (default: today).")
@click.option("--all", "everything", is_flag=True, help="Include repealed, expired, not yet in force and old versions.")
@click.option("--agency", help="Only provisions where this agency acts (any spelling: 市工信局).")
@click.option("--modality", type=click.Choice(_MODALITIES),
              help="Only provisions with a statement of this modality.")
@click.option("--encoder", "encoder_spec", help="Encoder to query with (must be the one the index was built with).")
@click.option("--backend", help="Search a Milvus collection (milvus://HOST:PORT or milvus-lite:///path/file.db).")
@_build_option
@_json_option
def search(query: str, k: int, mode: str, doc_types: tuple[str, ...], levels: tuple[str, ...], issuer: str | None,
           as_of: str | None,
           everything: bool, agency: str | None, modality: str | None, encoder_spec: str | None,
           backend: str | None, build_dir: Path, as_json: bool, **dates: str | None) -> None:
    """Search provisions by keyword, by meaning, or both (hybrid), in Chinese or English."""
    from queries.duties import search_with_card, unit_filter
    from queries.search import Filters, QueryError

    filters = Filters(types=doc_types, levels=levels, issuer=issuer, date_from=dates.get("from"),
                      date_to=dates.get("to"), as_of=as_of, any_status=everything, old_versions=everything)
    store = _open_store(build_dir)
    filters = unit_filter(store, filters, agency, modality)
    engine = _engine(build_dir, encoder_spec, **({"backend": backend} if backend else {}))
    try:
        result, card = search_with_card(store, engine, query, k, mode, filters)
    except QueryError as error:
        if as_json:
            _print_json({"error": "bad_query", "message": str(error), "query": query})
        else:
            click.echo(f"error: {error}", err=True)
        sys.exit(2)
    finally:
        engine.close()
        store.close()
    if as_json:
        _print_json({**result.as_json(), "answer": card})
        return
    for warning in result.warnings:
        click.echo(f"note: {warning}", err=True)
    if result.expansion:
        click.echo(f"note: searched by keyword for the glossary's terms {'、'.join(result.expansion)}", err=True)
    if result.substituted:
        click.echo(f"note: searched by meaning as “{result.substituted}”", err=True)
    if card and card["actors"]:
        _print_card(card)
    if not result.hits:
        click.echo("no results")
        return
    for n, hit in enumerate(result.hits, start=1):
        where = " › ".join([*hit["path"], hit["label"]]).strip(" ›")
        version = "" if hit["current"] else f"  [text of {hit['valid_from']} to {hit['valid_until']}]"
        level = f"  [{hit['document']['level']}]" if hit["document"].get("level") else ""
        click.secho(f"{n:2d}. 《{hit['document']['title']}》 {where}{version}{level}", bold=True)
        click.echo(f"    {hit['id']}")
        click.echo(f"    {_highlighted(hit['snippet'], hit['highlights'])}")


_STATUS_WORDS = {"in_force": "", "not_yet_in_force": "  (not yet in force)", "expired": "  (expired)",
                 "repealed": "  (repealed)", "amended": "  (an earlier text, since amended)"}


def _print_card(card: dict[str, Any]) -> None:
    """The competent authorities, then (apart) the parties the rules bind."""
    click.secho("Who: " + "、".join(a["agency"] for a in card["actors"]), bold=True)
    for group, heading in ((card["actors"], None), (card.get("parties", []), "Parties bound by these rules:")):
        if heading and group:
            click.secho(heading, bold=True)
        for actor in group:
            where = " › ".join([*actor["path"], actor["label"]]).strip(" ›")
            status = _STATUS_WORDS.get(actor.get("status", "in_force"), "")
            level = f"  [{actor['document']['level']}]" if actor["document"].get("level") else ""
            click.echo(f"  {actor['agency']}  [{actor['modality']}]  《{actor['document']['title']}》 {where}{level}"
                       + (click.style(status, fg="yellow") if status else ""))
            click.echo(f"    {actor['sentence']}")
    if card.get("basis"):
        click.secho("Resting on:", bold=True)
    for work in card.get("basis", []):
        status = _STATUS_WORDS.get(work["status"], "")
        level = f"  [{work['document']['level']}]" if work["document"].get("level") else ""
        provision = work["provision"]
        click.echo(f"  {provision['citation'] if provision else '《' + work['document']['title'] + '》'}{level}"
                   + (click.style(status, fg="yellow") if status else "")
                   + f"  (cited by 《{work['cited_by']['title']}》)")
        if provision:
            click.echo(f"    {' '.join(provision['text'].split())}")
    click.echo()


@main.command()
@click.argument("question")
@click.option("-k", "k", type=click.IntRange(1, 20), default=5, show_default=True, help="Number of agencies.")
@_date_option("--as-of", "Only texts in force on this date (default: every document's current text, "
                         "each marked with its status).")
@click.option("--all", "everything", is_flag=True, help="Also the earlier texts of amended works.")
@_build_option
@_json_option
def who(question: str, k: int, as_of: str | None, everything: bool, build_dir: Path, as_json: bool) -> None:
    """Which agencies answer a question: their duties, with the provisions that set them; an
    answer from a text no longer (or not yet) in force says so."""
    from queries.duties import ALL_CURRENT, answer
    from queries.search import Filters, QueryError

    filters = Filters.everything() if everything else Filters(as_of=as_of) if as_of else ALL_CURRENT
    store = _open_store(build_dir)
    engine = _engine(build_dir, None)
    try:
        card = answer(store, engine, question, filters=filters, limit=k)
    except QueryError as error:
        raise click.UsageError(str(error)) from None
    finally:
        engine.close()
        store.close()
    if as_json:
        _print_json(card)
        return
    if not card["actors"] and not card["parties"]:
        click.echo("no agency found")
        return
    _print_card(card)


@main.command()
@click.argument("agency", required=False)
@click.option("--modality", type=click.Choice(_MODALITIES))
@_build_option
@_json_option
def agencies(agency: str | None, modality: str | None, build_dir: Path, as_json: bool) -> None:
    """List the agencies that hold duties, or the statements of one agency (any spelling)."""
    store = _open_store(build_dir)
    if agency is None:
        rows = store.agencies()
        if as_json:
            _print_json(rows)
            return
        for row in rows:
            counts = ", ".join(f"{n} {m}" for m, n in sorted(row["counts"].items()))
            click.echo(f"{row['agency']}  ({row['kind']}; {counts})")
        return
    canonical = store.canonical_agency(agency)
    rows = store.statements_by_agency(canonical, modality)
    if not rows:
        _not_found(LookupError(f"no statements of {agency!r}"), agency, as_json)
    if as_json:
        _print_json({"agency": canonical, "statements": rows})
        return
    click.secho(canonical, bold=True)
    for row in rows:
        click.echo(f"  [{row['modality']}] {row['provision']}")
        click.echo(f"    {row['text']}")


@main.command()
@_build_option
@_json_option
def fines(build_dir: Path, as_json: bool) -> None:
    """Every fine of the corpus with its amounts as numbers, highest first."""
    rows = _open_store(build_dir).fines()
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        unit = "元" if row["unit"] == "yuan" else "倍"
        click.echo(f"{row['low']:>10,}–{row['high']:<10,}{unit}  {row['statement']['provision']}")
        click.echo(f"    {row['statement']['text']}")


@main.command()
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=Path("corpus"),
              show_default=True, help="Folder of gazette files (*.txt, *.pdf, *.html).")
@click.option("--write", is_flag=True, help="Rewrite extract/data/agencies.tsv instead of printing it.")
def lexicon(corpus: Path, write: bool) -> None:
    """The agency lexicon: the shipped one with the names harvested from the corpus (TSV)."""
    from extract import harvest, load_lexicon, write_lexicon_tsv
    from extract.lexicon import DATA_FILE

    from .build import parse_sources, read_corpus

    try:
        gazettes = parse_sources(list(read_corpus(corpus).files), lambda _: None).gazettes
    except GazetteError as error:
        raise click.ClickException(str(error)) from None
    texts = [p.text for g in gazettes for d in g.documents for p in d.provisions]
    tsv = write_lexicon_tsv(load_lexicon().merge(harvest(texts)))
    if write:
        DATA_FILE.write_text(tsv, encoding="utf-8")
        click.echo(f"wrote {DATA_FILE}", err=True)
    else:
        click.echo(tsv, nl=False)


@main.command(name="eval")
@click.option("--gold", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Gold set (JSON Lines; default: queries/data/gold.jsonl).")
@click.option("--rrf-k", type=int, help="RRF constant to try (default: the chosen one).")
@click.option("--keyword-weight", type=float, help="Keyword weight in the fusion to try.")
@click.option("--learned-weight", type=float,
              help="Weight of the learned ranking (builds that hold one: index.learned) in the fusion to try.")
@click.option("--details", is_flag=True, help="Also list the rank of the first relevant hit per question.")
@click.option("--stard", type=click.Choice(["dev", "train"]),
              help="Instead of the gold set: STARD's questions of this split (dev is the test set), over a build "
                   "that holds national texts; Recall@1/5/10/100 and MRR@10 per mode, plain BM25 beside them.")
@_build_option
@_json_option
def evaluate(gold: Path | None, rrf_k: int | None, keyword_weight: float | None, learned_weight: float | None,
             details: bool, stard: str | None, build_dir: Path, as_json: bool) -> None:
    """Recall@1/5/10 and MRR@10 of keyword, semantic and hybrid search on the gold set."""
    from dataclasses import asdict, replace

    from index.fusion import Fusion
    from queries.evaluate import GOLD, evaluate as run_eval, load_gold

    tried = {k: v for k, v in (("k", rrf_k), ("keyword", keyword_weight), ("learned", learned_weight)) if v is not None}
    engine = _engine(build_dir, None, fusion=replace(Fusion(), **tried))
    fusion = asdict(engine.fusion)
    if stard is not None:
        from queries.stard import evaluate_stard, table

        try:
            figures, coverage = evaluate_stard(engine, stard)
        finally:
            engine.close()
        if as_json:
            _print_json({"split": stard, **coverage, "figures": [f.as_json() for f in figures],
                         "fusion": fusion, "learned": engine.learned is not None, "build": _made_by(build_dir)})
            return
        click.echo(f"STARD {stard}: {coverage['questions']} questions, {coverage['articles']} articles "
                   f"({coverage['articles_lacking']} not in the build)")
        click.echo(table(figures))
        return
    try:
        metrics, per_question = run_eval(engine, load_gold(gold or GOLD))
    finally:
        engine.close()
    made_by = _made_by(build_dir)
    if as_json:
        _print_json({"metrics": [m.as_json() for m in metrics],
                     "fusion": fusion, "learned": engine.learned is not None, "build": made_by,
                     **({"questions": per_question} if details else {})})
        return
    click.echo(f"{'mode':9} {'lang':4} {'n':>3}  {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR@10':>7}")
    for m in metrics:
        click.echo(f"{m.mode:9} {m.lang:4} {m.questions:3d}  {m.recall[1]:6.3f} {m.recall[5]:6.3f} "
                   f"{m.recall[10]:6.3f} {m.mrr10:7.3f}")
    learned = f", learned weight {engine.fusion.learned}" if engine.learned is not None else ""
    click.echo(f"(hybrid: RRF k={engine.fusion.k}, keyword weight {engine.fusion.keyword}{learned})")
    packages = ", ".join(f"{name} {version}" for name, version in made_by["packages"].items() if version)
    click.echo(f"(build: {made_by['encoder']}; {packages or 'packages not recorded: an older build'})")
    if details:
        for row in per_question:
            click.echo(f"{row['mode']:9} {row['lang']} rank {row['rank'] or '-':>3}  {row['q']}")


def _made_by(build_dir: Path) -> dict[str, Any]:
    """What made the build a figure is measured on: its encoder and the versions of the
    packages that shape its rankings, as ``build.json`` records them (a build older than
    that record names none)."""
    try:
        info = json.loads((build_dir / "build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        info = {}
    return {"encoder": info.get("encoder"), "packages": info.get("packages") or {}}


@main.command(name="eval-who")
@click.option("--set", "who_set", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Who-questions (JSON Lines; default: queries/data/who.jsonl).")
@click.option("--details", is_flag=True, help="Also list every question whose first answer is wrong.")
@_build_option
@_json_option
def eval_who(who_set: Path | None, details: bool, build_dir: Path, as_json: bool) -> None:
    """First-answer precision and authority recall of the who-card on the who-set (test part first)."""
    from queries.who_eval import WHO_SET, answerable, evaluate_who, held_out_first, load_who, table

    try:
        questions = load_who(who_set or WHO_SET)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    store = _open_store(build_dir)
    engine = _engine(build_dir, None)
    try:
        scored, missing = answerable(store, questions)
        figures, rows = evaluate_who(store, engine, scored)
    finally:
        engine.close()
        store.close()
    figures.sort(key=held_out_first)  # the held-out parts first
    unscored = len(questions) - len(scored)
    if as_json:
        _print_json({"figures": [f.as_json() for f in figures], "unscored": unscored, "corpora_not_built": missing,
                     **({"questions": rows} if details else {})})
        return
    click.echo("\n".join(table(figures)))
    if missing:
        click.echo(f"{unscored} question(s) not scored: their corpus is not in this build ({', '.join(missing)}; "
                   f"build with --corpus for each)")
    if details:
        for row in rows:
            if not row["first_right"]:
                click.echo(f"{row['split']} {row['lang']}  {row['q']}: {'、'.join(row['got']) or '-'} "
                           f"(wanted {'、'.join(row['wanted'])})")


@main.command(name="eval-links")
@click.option("--labelled", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Labelled citations (JSON Lines; default: queries/data/citations.jsonl; the held-out set is "
                   "queries/data/citations-test.jsonl).")
@click.option("--details", is_flag=True, help="Also list every mistake.")
@_build_option
@_json_option
def eval_links(labelled: Path | None, details: bool, build_dir: Path, as_json: bool) -> None:
    """Precision and recall of `gazette link` per citation form on a labelled set."""
    from queries.citation_eval import LABELLED, evaluate_links, load_labelled

    with _open_store(build_dir) as store:
        try:
            figures, mistakes = evaluate_links(_resolver(store), load_labelled(labelled or LABELLED))
        except (ValueError, KeyError) as error:
            raise click.ClickException(f"{labelled or LABELLED}: {error}") from None
    if as_json:
        _print_json({"figures": [f.as_json() for f in figures], **({"mistakes": mistakes} if details else {})})
        return

    def share(value: float | None) -> str:
        return "     -" if value is None else f"{value:6.3f}"

    click.echo(f"{'form':16} {'labelled':>8} {'linked':>6} {'right':>5} {'P':>6} {'R':>6} {'held back':>9}")
    for f in figures:
        click.echo(f"{f.form:16} {f.labelled:8d} {f.linked:6d} {f.right:5d} {share(f.precision)} {share(f.recall)} "
                   f"{f'{f.held_back}/{f.held}' if f.held else '-':>9}")
    if details:
        for m in mistakes:
            click.echo(f"{m['form']}: {m['citation']} → {m['got']} (wanted {m['wanted']}; {m['reason']})")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback unless told).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--backend", help="Search a Milvus collection written by `gazette build --backend` "
                                "(milvus://HOST:PORT or milvus-lite:///path/file.db) instead of the local indexes.")
@click.option("--header-timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
              help="Seconds a client has to send a request's headers; slower connections are closed.")
@click.option("--max-connections", type=click.IntRange(16, 1_000_000),
              help="Connections kept at once (default: what the file limit allows); past it the oldest one "
                   "still waiting for its headers is closed, or, if none is, the new one answered 503.")
@_build_option
def serve(host: str, port: int, backend: str | None, header_timeout: float, max_connections: int | None,
          build_dir: Path) -> None:
    """Serve the site and the JSON API (OpenAPI at /api/openapi.json, docs at /api/docs).

    The server follows the build folder: a build published while it runs is served from the
    next request on, the site and the API together."""
    from .server import serve as run_server

    from index import IndexFormatError, check_format

    if not (build_dir / STORE_NAME).exists():
        raise click.ClickException(f"no knowledge base at {build_dir}: run `gazette build` first")
    if not (build_dir / "index").is_dir():
        raise click.ClickException(f"no search index in {build_dir}: run `gazette build` (without --no-index)")
    try:
        check_format(build_dir / "index")
    except IndexFormatError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"serving {build_dir} on http://{host}:{port}/ (API: http://{host}:{port}/api/docs)", err=True)
    run_server(build_dir, host, port, backend, header_timeout, max_connections)


@main.command()
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=Path("corpus"),
              show_default=True, help="Folder of gazette files (*.txt, *.pdf, *.html).")
@_json_option
def check(corpus: Path, as_json: bool) -> None:
    """Parse only: per file, the documents found, what every line became, and the warnings.

    Run it before adding a file. Exit 0 when every file parses (warnings allowed), 1 when a
    file cannot be read or an entry named like one is not a file (each listed with why). With
    --json the answer is JSON whatever happens: a list of reports, one a file or entry, each
    with "error" when it could not be read."""
    from parser import coverage, parse_source

    from .corpus import BuildError, read_corpus

    try:
        entries = read_corpus(corpus)
    except BuildError as error:
        if as_json:
            _print_json([{"file": str(corpus), "error": str(error)}])
            sys.exit(EXIT_FAILED)
        raise click.ClickException(str(error)) from None
    reports: list[dict[str, Any]] = [{"file": reason.split(": ", 1)[0], "error": reason}
                                     for reason in entries.skipped]
    failed = bool(entries.skipped)
    for path in entries.files:
        try:
            decoded, gazette = parse_source(path.read_bytes(), str(path))
        except OSError as error:
            failed = True
            reports.append({"file": str(path), "error": f"{path}: cannot be read ({error.strerror or error})"})
            continue
        except GazetteError as error:
            failed = True
            reports.append({"file": str(path), "error": str(error)})
            continue
        nonblank = sum(1 for line in decoded.text.splitlines() if line.strip(" \t\u3000\ufeff"))
        cover = coverage(gazette, nonblank)
        reports.append({
            "file": str(path), "gazette": gazette.title, "year": gazette.year, "issue": gazette.issue,
            "documents": [{"id": d.id, "type": d.type.value, "number": d.number.text if d.number else "",
                           "title": d.title, "issuer": d.issuer, "lines": [d.first_line, d.last_line],
                           "articles": sum(1 for p in d.provisions if p.kind == "article")}
                          for d in gazette.documents],
            "coverage": {"documents": cover.documents, "page_headers": cover.page_headers,
                         "front_matter": cover.front_matter, "unclassified": cover.unclassified},
            "warnings": [str(w) for w in gazette.warnings],
        })
    if as_json:
        _print_json(reports)
    else:
        for report in reports:
            if "error" in report:
                click.echo(f"{report['file']}: error: {report['error']}")
                continue
            cover = report["coverage"]
            click.echo(f"{report['file']}: {len(report['documents'])} documents; lines: {cover['documents']} in "
                       f"documents, {cover['page_headers']} page headers, {cover['front_matter']} front matter, "
                       f"{cover['unclassified']} unclassified; {len(report['warnings'])} warnings")
            for doc in report["documents"]:
                click.echo(f"  {doc['id']}  {doc['type']}  {doc['number'] or '-'}  {doc['title'][:50]}  "
                           f"({doc['articles']} articles, lines {doc['lines'][0]}-{doc['lines'][1]})")
            for warning in report["warnings"]:
                click.echo(f"  warning: {warning}")
    sys.exit(EXIT_FAILED if failed else 0)
