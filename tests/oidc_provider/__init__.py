"""A small but real OpenID provider for the tests and for trying strong sign-in locally, in the manner of Suomi.fi
e-Identification's test environment: the person to identify as is chosen on its sign-in page by their personal
identity code. Run it as `python -m tests.oidc_provider --port 8080 ...` (README, "Strong identification").

Its pages: the discovery document, its public keys, the authorization endpoint with the sign-in page (a session
there signs in again without the page, until it ends), the token endpoint, and the end-session endpoint. For the
tests only, /control: make the next ID token faulty (signed with a foreign key, a wrong nonce, already expired,
an unknown identity code, another audience), and tell whether a session is still open.
"""

import secrets

from authlib.oauth2 import OAuth2Error
from flask import Flask, abort, jsonify, render_template_string, request
from joserfc.jwk import KeySet, RSAKey

from tests.oidc_provider.server import FAULTS, Provider, Settings

COOKIE = "op_session"
SIGN_IN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test identification</title></head>
<body><main>
<h1>Test identification</h1>
<p>A local OpenID provider for tests. Choose the test person to identify as.</p>
<form method="post" action="{{ action }}">
  <p><label for="identity_code">Personal identity code</label>
  <input id="identity_code" name="identity_code" autocomplete="off" spellcheck="false"></p>
  <p><button name="action" value="identify">Identify</button>
  <button name="action" value="cancel">Cancel</button></p>
</form>
</main></body></html>"""
SIGNED_OUT_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Signed out</title></head>
<body><main><h1>Signed out</h1><p>The test identification session has ended.</p></main></body></html>"""


def create_app(settings: Settings, key: RSAKey | None = None) -> Flask:
    app = Flask(__name__)
    key = key or RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"})
    key.ensure_kid()
    provider = Provider(settings, key)
    app.extensions["provider"] = provider
    issuer = settings.issuer

    @app.get("/.well-known/openid-configuration")
    def discovery():
        return jsonify({
            "issuer": issuer, "authorization_endpoint": f"{issuer}/authorize", "token_endpoint": f"{issuer}/token",
            "jwks_uri": f"{issuer}/jwks", "end_session_endpoint": f"{issuer}/end-session",
            "response_types_supported": ["code"], "subject_types_supported": ["pairwise"],
            "scopes_supported": ["openid"], "claims_supported": ["sub", "acr", "sid", settings.identity_claim],
            "id_token_signing_alg_values_supported": ["RS256"],
            "id_token_encryption_alg_values_supported": ["RSA-OAEP-256"],
            "id_token_encryption_enc_values_supported": ["A256GCM"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"], "ui_locales_supported": ["fi", "sv", "en"],
        })

    @app.get("/jwks")
    def jwks():
        return jsonify(KeySet([key]).as_dict(private=False))

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize():
        person = provider.state.open_session(request.cookies.get(COOKIE))
        try:
            grant = provider.get_consent_grant(end_user=person)
        except OAuth2Error as error:  # back to the client with the error, when its address is known
            return provider.handle_error_response(None, error)
        if request.method == "GET":
            if person is not None and request.args.get("prompt") != "login":
                return provider.create_authorization_response(grant=grant, grant_user=person)
            return render_template_string(SIGN_IN_PAGE, action=request.full_path)
        if request.form.get("action") != "identify" or not request.form.get("identity_code", "").strip():
            return provider.create_authorization_response(grant=grant, grant_user=None)  # error=access_denied
        person = provider.state.begin(request.form["identity_code"].strip().upper())
        response = provider.create_authorization_response(grant=grant, grant_user=person)
        response.set_cookie(COOKIE, person.sid, httponly=True, samesite="Lax")
        return response

    @app.post("/token")
    def token():
        return provider.create_token_response()

    @app.route("/end-session", methods=["GET", "POST"])
    def end_session():
        response = provider.create_endpoint_response("end_session")
        if response is None:
            response = app.make_response(SIGNED_OUT_PAGE)
        response.delete_cookie(COOKIE)
        return response

    @app.post("/control/fault")
    def make_next_token_faulty():
        fault = (request.get_json(silent=True) or {}).get("fault")
        if fault not in FAULTS:
            abort(400)
        provider.state.next_fault = fault
        return "", 204

    @app.get("/control/sessions")
    def open_sessions():
        return jsonify({"open": [sid for sid, person in provider.state.sessions.items() if person.open]})

    app.secret_key = secrets.token_hex(16)
    return app
