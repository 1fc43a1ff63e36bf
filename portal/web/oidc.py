"""Strong e-identification through OpenID Connect (Suomi.fi e-Identification): the portal as the relying party.

Authlib's Flask client does the protocol: the provider's discovery document, the authorization code flow with PKCE
(S256), state and nonce kept in the browser's signed session, `private_key_jwt` at the token endpoint (RFC 7523),
and the ID token's signature checked against the provider's published keys, with its issuer, audience, expiry and
nonce. This module adds our keys (one to sign with, and with OIDC_ENCRYPTION_KEY one that encrypted ID tokens are
opened with: then a token that comes unencrypted is refused), published at the JWKS route; the identity code read
from the checked token; and what ends the provider's session at sign-out (RP-initiated logout).

The ID token carries the personal identity code, so it never goes into an address: the sign-out sends it to the
provider in a form (POST, which the provider must accept), and the session table keeps it sealed with a key that
only the browser's session holds, so that the table alone gives no identity code away.
"""

import json
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import FlaskOAuth2App, OAuthError
from authlib.integrations.flask_client.integration import FlaskIntegration
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import Flask, current_app, session, url_for
from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import OctKey, RSAKey

from portal.domain import identity_codes
from portal.services import user_sessions
from portal.web.sessions import current_token, start_session

NAME = "strong"
SIGNED_IN_WITH = "oidc"
SEAL = "oidc_seal"  # in the browser's session: the key the session's ID token is sealed with
# What an encrypted ID token may use (RSA1_5 and the like left out).
ENCRYPTIONS = ["RSA-OAEP", "RSA-OAEP-256", "A128GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512"]
SEALED = {"alg": "dir", "enc": "A256GCM"}


class Refusal(StrEnum):
    CANCELLED = "cancelled"  # the person cancelled at the provider (error=access_denied)
    STALE = "stale"  # no sign-in of this browser has this state: begun elsewhere, already used, or forged
    FAILED = "failed"  # any other error from the provider, or a token that fails a check


class Refused(Exception):
    """The provider's answer signs nobody in."""

    def __init__(self, why: Refusal):
        super().__init__(why.value)
        self.why = why


class Unreachable(Exception):
    """The provider did not answer."""


class _Provider(FlaskOAuth2App):
    """Authlib's client; an encrypted ID token is opened with our key before its signature and claims are checked,
    and the signed token inside takes its place (it is the one the provider can read back at sign-out)."""

    decryption_key: RSAKey | None = None

    def parse_id_token(self, token, nonce, claims_options=None, claims_cls=None, leeway=120):
        if self.decryption_key is not None:
            token["id_token"] = jwe.decrypt_compact(token["id_token"], self.decryption_key,
                                                    algorithms=ENCRYPTIONS).plaintext.decode()
        return super().parse_id_token(token, nonce, claims_options, claims_cls, leeway)


def _key(path: str, use: str, make: bool = False) -> RSAKey:
    """A private RSA key from a JWK or PEM file; the signing key is made (mode 0600) when its file is missing."""
    file = Path(path)
    if make and not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600), "w") as out:
            out.write(json.dumps(RSAKey.generate_key(2048).as_dict(private=True)))
    text = file.read_text()
    key = RSAKey.import_key(json.loads(text) if text.lstrip().startswith("{") else text.encode(), {"use": use})
    key.ensure_kid()
    return key


def init_app(app: Flask) -> None:
    """The provider's client, when OIDC_ISSUER names one; without it strong sign-in is not offered."""
    config = app.config
    if not config["OIDC_ISSUER"]:
        return
    signing = _key(config["OIDC_SIGNING_KEY"], "sig", make=True)
    provider = _Provider(
        FlaskIntegration(NAME), NAME, client_id=config["OIDC_CLIENT_ID"], client_secret=signing,
        server_metadata_url=config["OIDC_ISSUER"].rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": config["OIDC_SCOPES"], "code_challenge_method": "S256",
                       "token_endpoint_auth_method": PrivateKeyJWT.name, "timeout": 10},
        client_auth_methods=[PrivateKeyJWT(headers={"kid": signing.kid})])
    if config["OIDC_ENCRYPTION_KEY"]:
        provider.decryption_key = _key(config["OIDC_ENCRYPTION_KEY"], "enc")
    app.extensions["oidc"] = provider


def offered() -> bool:
    return "oidc" in current_app.extensions


def _provider() -> _Provider:
    return current_app.extensions["oidc"]


def public_keys() -> dict:
    """Our public keys, for the provider: the one our client assertions are signed with, and the one it encrypts to."""
    provider = _provider()
    keys = [provider.client_secret] + ([provider.decryption_key] if provider.decryption_key else [])
    return {"keys": [key.as_dict(private=False) for key in keys]}


def redirect_to_provider(language: str):
    """Off to the provider, with a new state, nonce and PKCE verifier kept in the browser's session."""
    try:
        return _provider().authorize_redirect(url_for("public.strong_sign_in_return", _external=True),
                                              ui_locales=language)
    except (requests.RequestException, ValueError, RuntimeError) as problem:  # RuntimeError: a discovery document
        raise Unreachable() from problem                                   # without the endpoints asked for


@dataclass(frozen=True)
class Identified:
    identity_code: str
    id_token: str  # the signed token: the hint that ends the provider's session at sign-out


def identified() -> Identified:
    """Who the provider's answer (in this request's address) identifies: Refused or Unreachable otherwise."""
    provider = _provider()
    # Our issuer and our client id, not what the discovery document says (Authlib checks the audience only by azp).
    expected = {"iss": {"essential": True, "value": current_app.config["OIDC_ISSUER"]},
                "aud": {"essential": True, "value": provider.client_id}}
    try:
        token = provider.authorize_access_token(claims_options=expected)
    except (requests.RequestException, RuntimeError) as problem:
        raise Unreachable() from problem
    except MismatchingStateError as problem:
        raise Refused(Refusal.STALE) from problem
    except OAuthError as problem:
        raise Refused(Refusal.CANCELLED if problem.error == "access_denied" else Refusal.FAILED) from problem
    except (JoseError, ValueError) as problem:  # the token's encryption, signature or claims
        raise Refused(Refusal.FAILED) from problem
    code = (token.get("userinfo") or {}).get(current_app.config["OIDC_IDENTITY_CLAIM"])
    if not isinstance(code, str) or not identity_codes.is_valid(code):
        raise Refused(Refusal.FAILED)
    return Identified(identity_codes.normalized(code), token["id_token"])


def start_strong_session(user, who: Identified) -> None:
    """The user's new session (a new id), its ID token sealed with a key that only the browser's session keeps."""
    key = OctKey.generate_key(256)
    start_session(user, SIGNED_IN_WITH, id_token=jwe.encrypt_compact(SEALED, who.id_token, key))
    session[SEAL] = key.as_dict()["k"]


def session_id_token() -> str | None:
    """The ID token of the signed-in session, when it began with strong identification."""
    token, seal = current_token(), session.get(SEAL)
    stored = user_sessions.stored_id_token(token) if token and seal and offered() else None
    if not stored:
        return None
    try:
        return jwe.decrypt_compact(stored, OctKey.import_key({"kty": "oct", "k": seal})).plaintext.decode()
    except (JoseError, ValueError):
        return None


@dataclass(frozen=True)
class EndSession:
    """The form that asks the provider to end its session too, and to send the browser back to us."""

    action: str
    fields: dict[str, str]

    @property
    def origin(self) -> str:
        parts = urlsplit(self.action)
        return f"{parts.scheme}://{parts.netloc}"


def end_session(id_token: str) -> EndSession | None:
    """RP-initiated logout for the provider's session that this ID token began (its state kept in the browser's
    session, to be checked on return); None when the provider cannot be asked."""
    provider = _provider()
    try:
        action = provider.load_server_metadata().get("end_session_endpoint")
    except (requests.RequestException, ValueError):
        return None
    if not action:
        return None
    back = current_app.config["OIDC_POST_LOGOUT_REDIRECT"] or url_for("public.signed_out", _external=True)
    state = generate_token(20)
    provider.framework.set_state_data(session, state, {"post_logout_redirect_uri": back})
    return EndSession(action, {"id_token_hint": id_token, "post_logout_redirect_uri": back, "state": state,
                               "client_id": provider.client_id})


def provider_signed_out() -> bool:
    """Whether the provider sent the browser back with the state of our request to end its session."""
    try:
        _provider().validate_logout_response()
    except OAuthError:
        return False
    return True
