"""What each audience's pages ask of the services: one use case for each view.

A view parses its request, calls one function of its audience's module here and renders what it
returns. Each function is a `@use_case` (`portal/services/work.py`): it runs in the request's
unit of work, calls the services and the domain, and commits once, or rolls back on an error.
"""
