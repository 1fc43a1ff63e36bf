"""The portal as the benchmark serves it: rate limits off, Server-Timing on.

Settings no environment variable controls are passed to create_app here.
"""

from portal import create_app

app = create_app({"RATELIMIT_ENABLED": False, "SERVER_TIMING": True})
