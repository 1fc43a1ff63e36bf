"""Style sheets and scripts the browser keeps: each URL names its file's content (`?v=`), so a changed file has a new
URL and an unchanged one is not asked for again on every page."""

import hashlib
from pathlib import Path

from flask import Flask, Response, request

A_YEAR = 365 * 24 * 3600


def init_app(app: Flask) -> None:
    versions: dict[tuple[str, int], str] = {}

    def version_of(filename: str) -> str:
        path = Path(app.static_folder) / filename
        try:
            key = (filename, path.stat().st_mtime_ns)
        except OSError:
            return ""
        if key not in versions:
            versions[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        return versions[key]

    @app.url_defaults
    def _name_the_content(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and values.get("filename"):
            values["v"] = version_of(values["filename"])

    @app.after_request
    def _keep_named_content(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 304) and request.args.get("v"):
            response.cache_control.public = True
            response.cache_control.max_age = A_YEAR
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
        return response
