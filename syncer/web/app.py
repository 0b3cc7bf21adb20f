"""The review page's routes (Starlette + Jinja2), behind `syncer.web.security.Guard`.

Public API: `build_app`.

    GET  /                      every list's entries needing attention (`?search=` adds results)
    POST /decide                one decision (form: list, entry, title, artist, action, value)
    GET  /covers/{track id}     redirect to the track's album cover (a placeholder without one)
    POST /sync/start, /sync/stop, GET /sync/status (JSON, polled by the page)
    GET  /static/...            the stylesheet and the page's small script

Every form works without JavaScript (a decision answers 303 back to the entry); the script
only adds keys, a fetch that keeps the scroll position, and the live sync progress.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from syncer.cli.messages import describe
from syncer.errors import SyncerError
from syncer.web.desk import Action, Desk, PageRefusal
from syncer.web.views import CandidateView

_HERE = Path(__file__).parent
_PLACEHOLDER = "/static/no-cover.svg"


def build_app(desk: Desk) -> Starlette:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"), autoescape=True
    )
    templates = Jinja2Templates(env=environment)

    async def page(request: Request) -> Response:
        target = request.query_params.get("for", "")
        text = request.query_params.get("search", "")
        field = request.query_params.get("field", "free")
        results: list[CandidateView] = []
        problem = ""
        if text and target:
            try:
                results = await run_in_threadpool(desk.search, text, field)
            except SyncerError as exc:
                problem = describe(exc)
        lists = await run_in_threadpool(desk.overview)
        context = {
            "lists": lists,
            "search": {"for": target, "text": text, "field": field, "results": results},
            "problem": problem or request.query_params.get("problem", ""),
            "notice": request.query_params.get("done", ""),
            "focus": request.query_params.get("focus", target),
            "sync": desk.sync.status,
            "sandbox": desk.setup.sandbox,
            "pending": sum(len(lst.entries) for lst in lists),
        }
        return templates.TemplateResponse(request, "page.html", context)

    async def decide(request: Request) -> Response:
        form = await request.form()
        try:
            list_no, index = int(str(form["list"])), int(str(form["entry"]))
            action = Action(str(form["action"]))
        except (KeyError, ValueError):
            return Response("Bad decision form.", status_code=400)
        shown = (str(form.get("title", "")), str(form.get("artist", "")))
        anchor = f"l{list_no}e{index}"
        try:
            done = await run_in_threadpool(
                desk.decide, list_no, index, action, str(form.get("value", "")), shown
            )
        except IndexError:
            return Response("No such list.", status_code=404)
        except PageRefusal as exc:
            return _back(anchor, problem=exc.words)
        except SyncerError as exc:
            return _back(anchor, problem=describe(exc))
        return _back(str(form.get("next", anchor)), done=done)

    async def cover(request: Request) -> Response:
        track_id = request.path_params["track_id"]
        try:
            url = await run_in_threadpool(desk.cover_of, track_id)
        except SyncerError:
            url = ""
        return RedirectResponse(url or _PLACEHOLDER, status_code=302)

    async def sync_start(request: Request) -> Response:
        desk.sync.start()
        return _json_status(desk)

    async def sync_stop(request: Request) -> Response:
        desk.sync.stop()
        return _json_status(desk)

    async def sync_status(request: Request) -> Response:
        return _json_status(desk)

    return Starlette(
        routes=[
            Route("/", page),
            Route("/decide", decide, methods=["POST"]),
            Route("/covers/{track_id:str}", cover),
            Route("/sync/start", sync_start, methods=["POST"]),
            Route("/sync/stop", sync_stop, methods=["POST"]),
            Route("/sync/status", sync_status),
            Mount("/static", StaticFiles(directory=_HERE / "static"), name="static"),
        ]
    )


def _back(anchor: str, **message: str) -> Response:
    query = urlencode({**message, "focus": anchor})
    return RedirectResponse(f"/?{query}#{anchor}", status_code=303)


def _json_status(desk: Desk) -> Response:
    return JSONResponse(asdict(desk.sync.status))
