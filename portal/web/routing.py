"""Routes written beside their views and added to their audience's blueprint where it is made."""

from collections.abc import Callable

from flask import Blueprint


class Routes:
    """A module's URL rules, recorded as Flask's `@blueprint.route`, `.get` and `.post` would add them."""

    def __init__(self) -> None:
        self._rules: list[tuple[str, Callable, dict]] = []

    def route(self, rule: str, **options) -> Callable[[Callable], Callable]:
        def record(view: Callable) -> Callable:
            self._rules.append((rule, view, options))
            return view

        return record

    def get(self, rule: str, **options) -> Callable[[Callable], Callable]:
        return self.route(rule, methods=["GET"], **options)

    def post(self, rule: str, **options) -> Callable[[Callable], Callable]:
        return self.route(rule, methods=["POST"], **options)

    def add_to(self, blueprint: Blueprint) -> None:
        for rule, view, options in self._rules:
            blueprint.add_url_rule(rule, view_func=view, **options)
