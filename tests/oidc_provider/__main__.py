"""The local OpenID provider: `python -m tests.oidc_provider --port 8080` serves the demo at http://127.0.0.1:5000."""

import argparse

from werkzeug.serving import make_server

from tests.oidc_provider import create_app
from tests.oidc_provider.server import Settings

PORTAL = "http://127.0.0.1:5000"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.oidc_provider", description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--issuer", help="default http://127.0.0.1:PORT")
    parser.add_argument("--client-id", default="portal")
    parser.add_argument("--redirect-uri", action="append",
                        help=f"may repeat; default {PORTAL}/sign-in/strong/return")
    parser.add_argument("--post-logout-redirect-uri", action="append",
                        help=f"may repeat; default {PORTAL}/signed-out")
    parser.add_argument("--client-jwks", default=f"{PORTAL}/sign-in/strong/keys",
                        help="the client's public keys: a file, or the address of its JWKS")
    parser.add_argument("--identity-claim", default="urn:oid:1.2.246.21")
    parser.add_argument("--encrypt", action="store_true", help="encrypt ID tokens to the client's key")
    options = parser.parse_args()
    issuer = options.issuer or f"http://127.0.0.1:{options.port}"
    settings = Settings(issuer, options.client_id, options.redirect_uri or [f"{PORTAL}/sign-in/strong/return"],
                        options.post_logout_redirect_uri or [f"{PORTAL}/signed-out"], options.client_jwks,
                        options.identity_claim, options.encrypt)
    server = make_server("127.0.0.1", options.port, create_app(settings), threaded=True)
    print(f"OpenID provider at {issuer}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
