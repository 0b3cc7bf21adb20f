"""`syncer review --web`: the review page (Starlette, Jinja2 templates, a little plain JS).

security.py  the guard in front of every request (token, cookie, Origin and Host)
app.py       the routes                      desk.py   lists, decisions, search, sync
views.py     what the page shows (pure)      server.py uvicorn on 127.0.0.1
"""
