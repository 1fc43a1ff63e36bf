"""The provider's OpenID Connect machinery, from Authlib's server components: one registered client that
authenticates with `private_key_jwt` (RFC 7523) against its published keys, the authorization code flow with PKCE
required (S256 only), nonces required, signed ID tokens (and, when asked, encrypted to the client's key), and
RP-initiated logout. Everything is kept in memory; the process is the test's."""

import hashlib
import json
import secrets
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from authlib.oidc.rpinitiated import EndSessionEndpoint
from joserfc import jwe
from joserfc.jwk import KeySet, RSAKey

from portal.domain import identity_codes

# The faults the next ID token can be made with (the control endpoint sets one; the token endpoint uses it up).
FAULTS = ("foreign_key", "wrong_nonce", "expired", "unknown_person", "wrong_audience")
UNKNOWN_PERSON = identity_codes.for_tests(date(1901, 1, 1), 999)  # a valid test identity code nobody has
LOA_SUBSTANTIAL = "http://ftn.ficora.fi/2017/loa2"


@dataclass
class Settings:
    issuer: str
    client_id: str
    redirect_uris: list[str]
    post_logout_redirect_uris: list[str]
    client_jwks: str  # a file, or an address the keys are fetched from (the portal's JWKS route)
    identity_claim: str = "urn:oid:1.2.246.21"
    encrypt: bool = False  # ID tokens encrypted to the client's encryption key


@dataclass
class Person:
    """A person signed in at the provider: the browser's cookie names it, and each ID token carries it as sid."""

    sid: str
    identity_code: str
    auth_time: int
    open: bool = True


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str
    code_challenge: str
    code_challenge_method: str
    person: Person
    expires_at: float = field(default_factory=lambda: time.time() + 60)

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.person.auth_time

    def get_acr(self):
        return LOA_SUBSTANTIAL


class Client(ClientMixin):
    def __init__(self, settings: Settings):
        self.settings = settings
        self.client_metadata = {"post_logout_redirect_uris": settings.post_logout_redirect_uris}

    def keys(self) -> KeySet:
        """The client's public keys, read afresh each time (as from a jwks_uri)."""
        source = self.settings.client_jwks
        if source.startswith("http"):
            with urllib.request.urlopen(source, timeout=5) as response:  # noqa: S310 - a test's own address
                return KeySet.import_key_set(json.load(response))
        return KeySet.import_key_set(json.loads(Path(source).read_text()))

    def get_client_id(self):
        return self.settings.client_id

    def get_default_redirect_uri(self):
        return self.settings.redirect_uris[0]

    def get_allowed_scope(self, scope):
        return " ".join(each for each in (scope or "").split() if each == "openid")

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.settings.redirect_uris

    def check_client_secret(self, client_secret):
        return False  # it has none: only a signed assertion authenticates it

    def check_endpoint_auth_method(self, method, endpoint):
        return method == "private_key_jwt" if endpoint == "token" else True

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class State:
    """What the provider remembers: codes, sessions, used assertion ids, and the fault for the next ID token."""

    def __init__(self):
        self.lock = threading.Lock()
        self.codes: dict[str, Code] = {}
        self.sessions: dict[str, Person] = {}
        self.assertions: set[str] = set()
        self.next_fault: str | None = None

    def take_fault(self) -> str | None:
        with self.lock:
            fault, self.next_fault = self.next_fault, None
            return fault

    def begin(self, identity_code: str) -> Person:
        person = Person(secrets.token_urlsafe(16), identity_code, int(time.time()))
        self.sessions[person.sid] = person
        return person

    def open_session(self, sid: str | None) -> Person | None:
        person = self.sessions.get(sid or "")
        return person if person is not None and person.open else None


class Provider(AuthorizationServer):
    def __init__(self, settings: Settings, key: RSAKey):
        super().__init__()
        self.settings, self.key, self.state = settings, key, State()
        self.client = Client(settings)
        self._query_client = lambda client_id: self.client if client_id == settings.client_id else None
        self._save_token = lambda token, request: None  # the access token is never used: there is no userinfo here
        self.register_token_generator("default", self.create_bearer_token_generator({}))
        self.register_client_auth_method("private_key_jwt", PrivateKeyJWT(self))
        self.register_grant(CodeGrant, [RequiredS256(), IDTokens(self)])
        self.register_endpoint(SignOut(self))


class PrivateKeyJWT(JWTBearerClientAssertion):
    """The client signs an assertion with a key it has published; no secret exists."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def __init__(self, provider: Provider):
        super().__init__(validate_jti=True)
        self.provider = provider

    def get_audiences(self):
        return [self.provider.settings.issuer + "/token", self.provider.settings.issuer]

    def resolve_client_public_key(self, client):
        return client.keys()

    def validate_jti(self, claims, jti):
        with self.provider.state.lock:
            if jti in self.provider.state.assertions:
                return False
            self.provider.state.assertions.add(jti)
            return True


class RequiredS256(CodeChallenge):
    """PKCE for every client, confidential ones too, and only with S256."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def __init__(self):
        super().__init__(required=True)

    def validate_code_challenge(self, grant, redirect_uri):
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE is required: code_challenge with code_challenge_method=S256")
        super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["private_key_jwt"]

    def save_authorization_code(self, code, request):
        data = request.payload.data
        self.server.state.codes[code] = Code(code, request.client.get_client_id(), request.payload.redirect_uri,
                                             request.scope, data.get("nonce"), data.get("code_challenge"),
                                             data.get("code_challenge_method"), request.user)

    def query_authorization_code(self, code, client):
        found = self.server.state.codes.get(code)
        if found and found.client_id == client.get_client_id() and found.expires_at > time.time():
            return found
        return None

    def delete_authorization_code(self, authorization_code):
        self.server.state.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.person


class IDTokens(OpenIDCode):
    """Signed ID tokens with the person's identity code; the fault set for the next one, if any, is made here."""

    def __init__(self, provider: Provider):
        super().__init__(require_nonce=True)
        self.provider = provider
        self.current = threading.local()

    def fault(self) -> str | None:
        return getattr(self.current, "fault", None)

    def process_token(self, grant, response):
        self.current.fault = self.provider.state.take_fault()
        try:
            token = super().process_token(grant, response)
            if self.provider.settings.encrypt and "id_token" in token:
                token["id_token"] = self._encrypted(token["id_token"])
            return token
        finally:
            self.current.fault = None

    def _encrypted(self, id_token: str) -> str:
        key = next(key for key in self.provider.client.keys() if key.get("use") == "enc")
        header = {"alg": "RSA-OAEP-256", "enc": "A256GCM", "cty": "JWT", "kid": key.kid}
        return jwe.encrypt_compact(header, id_token, key, algorithms=["RSA-OAEP-256", "A256GCM"])

    def exists_nonce(self, nonce, request):
        return any(code.nonce == nonce for code in self.provider.state.codes.values())

    def resolve_client_private_key(self, client):
        if self.fault() == "foreign_key":  # the same key id, another key: only the signature tells
            return RSAKey.import_key(RSAKey.generate_key(2048).as_dict(private=True), {"kid": self.provider.key.kid})
        return self.provider.key

    def get_client_algorithm(self, client):
        return "RS256"

    def get_encode_header(self, client):
        return {"alg": "RS256", "kid": self.provider.key.kid}

    def get_client_claims(self, client):
        now = int(time.time())
        claims = {"iss": self.provider.settings.issuer, "aud": [client.get_client_id()], "iat": now, "exp": now + 600}
        if self.fault() == "wrong_audience":  # issued to another client, though it names ours as authorized party
            claims.update(aud=["someone-else"], azp=client.get_client_id())
        if self.fault() == "expired":
            claims.update(iat=now - 7200, exp=now - 3600)
        return claims

    def get_authorization_code_claims(self, authorization_code):
        claims = super().get_authorization_code_claims(authorization_code)
        claims["sid"] = authorization_code.person.sid
        if self.fault() == "wrong_nonce":
            claims["nonce"] = secrets.token_urlsafe(20)
        return claims

    def generate_user_info(self, user, scope):
        code = UNKNOWN_PERSON if self.fault() == "unknown_person" else user.identity_code
        subject = hashlib.sha256(f"{self.provider.settings.client_id}:{code}".encode()).hexdigest()[:32]
        return UserInfo({"sub": subject, self.provider.settings.identity_claim: code})


class SignOut(EndSessionEndpoint):
    """RP-initiated logout: the ID token hint must be one of ours; its session (sid) ends."""

    def __init__(self, provider: Provider):
        super().__init__(provider)
        self.provider = provider

    def get_server_jwks(self):
        return KeySet([self.provider.key])

    def get_algorithms(self):
        return ["RS256"]

    def end_session(self, end_session_request):
        sid = (end_session_request.id_token_claims or {}).get("sid")
        person = self.provider.state.sessions.get(sid or "")
        if person is not None:
            person.open = False
