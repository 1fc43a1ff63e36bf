"""A Server-Timing header on every response when SERVER_TIMING is set: the request's time,
and how many SQL statements it ran and how long they took (for the benchmark, `make bench`)."""

from time import perf_counter

from flask import Flask, g, has_request_context
from sqlalchemy import event


def init_app(app: Flask) -> None:
    if not app.config.get("SERVER_TIMING") or "server_timing" in app.extensions:
        return
    app.extensions["server_timing"] = True
    engines = {app.extensions["db_engine"], app.extensions["db_request_engine"]}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", _statement_started)
        event.listen(engine, "after_cursor_execute", _statement_ended)
    # First before every other function, and last after them, so that their statements count too.
    app.before_request_funcs.setdefault(None, []).insert(0, _request_started)
    app.after_request_funcs.setdefault(None, []).insert(0, _add_header)


def _request_started() -> None:
    g.timing_started = perf_counter()
    g.timing_statements = 0
    g.timing_sql_seconds = 0.0


def _statement_started(*_args) -> None:
    if has_request_context() and "timing_started" in g:
        g.timing_statement_started = perf_counter()


def _statement_ended(*_args) -> None:
    if has_request_context() and "timing_statement_started" in g:
        g.timing_sql_seconds += perf_counter() - g.pop("timing_statement_started")
        g.timing_statements += 1


def _add_header(response):
    if "timing_started" in g:
        app_ms = (perf_counter() - g.timing_started) * 1000
        db_ms = g.timing_sql_seconds * 1000
        response.headers["Server-Timing"] = (
            f'app;dur={app_ms:.1f}, db;dur={db_ms:.1f};desc="{g.timing_statements} queries"'
        )
    return response
