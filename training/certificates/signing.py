"""The facts a certificate's QR code carries, signed with the bureau's Ed25519 key, and the keys that check them.

A token is `KID.PAYLOAD.SIGNATURE` (base64url, no padding): PAYLOAD is a compact JSON array of the certificate's
essential facts, SIGNATURE the Ed25519 signature of `KID.PAYLOAD`. Anyone holding the published public keys
(/verify/keys.json) can check a token offline; whether the certificate was revoked since needs the online check.
Keys rotate: the current key signs, retired keys still verify the certificates they signed.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import functools
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

TOKEN_VERSION = 1
# The development key's seed, printed here for everyone to read: used only in DEBUG without a key file, and
# reported by `check --deploy` (cqo_portal.checks). A certificate it signed proves nothing.
DEVELOPMENT_SEED = hashlib.sha256(b"cqo-portal development certificate key: public, never in production").digest()
MAX_TOKEN_LENGTH = 2000


class InvalidToken(ValueError):
    """The token is not one the bureau signed (or not a token at all); the message says why, in Chinese."""


@dataclass(frozen=True)
class CertificateFacts:
    """What the paper states and the signature vouches for."""

    number: str
    name: str
    institution: str
    cohort: str
    hours: int
    issued_on: datetime.date
    code: str  # the certificate's verification code: the online check's key

    def as_json(self) -> dict:
        return {**asdict(self), "issued_on": self.issued_on.isoformat()}


@dataclass(frozen=True)
class SignedFacts:
    kid: str
    facts: CertificateFacts


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text or any(c not in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_" for c in text):
        raise InvalidToken("签名数据含有无效字符。")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InvalidToken("签名数据无法解码。") from None
    if _b64(data) != text:  # unused low bits set: another spelling of the same bytes is still a changed token
        raise InvalidToken("签名数据不是规范编码。")
    return data


def _raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short name derived from the key itself, so two keys never share one and nothing needs configuring."""
    digest = base64.b32encode(hashlib.sha256(_raw(public_key)).digest()).decode("ascii")
    return digest[:8].lower()


def _read_private(path: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 private key")
    return key


def _read_public(path: str) -> Ed25519PublicKey:
    data = Path(path).read_bytes()
    if b"PRIVATE KEY" in data:
        key = _read_private(path).public_key()
    else:
        key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path}: not an Ed25519 public key")
    return key


@functools.lru_cache(maxsize=8)
def _keys(signing_file: str, retired_files: tuple[str, ...], development: bool):
    """Read once per process and configuration (a rotation takes effect at the restart that loads it)."""
    if signing_file:
        current = _read_private(signing_file)
    elif development:
        current = Ed25519PrivateKey.from_private_bytes(DEVELOPMENT_SEED)
    else:
        current = None
    keys = {key_id(key): key for key in map(_read_public, retired_files)}
    if current is not None:
        keys[key_id(current.public_key())] = current.public_key()
    return ((key_id(current.public_key()), current) if current is not None else None), keys


def _configured():
    return _keys(
        settings.CERTIFICATE_SIGNING_KEY_FILE,
        tuple(settings.CERTIFICATE_RETIRED_KEY_FILES),
        bool(settings.CERTIFICATE_DEVELOPMENT_KEY),
    )


def signing_key() -> tuple[str, Ed25519PrivateKey] | None:
    """The key that signs new certificates and its id; None when none is configured (issuing is then refused)."""
    return _configured()[0]


def public_keys() -> dict[str, Ed25519PublicKey]:
    """Every key a valid certificate may be signed with, the current one and the retired ones, by key id."""
    return _configured()[1]


@functools.cache
def development_kid() -> str:
    """The development key's id: a token carrying it proves nothing (its seed is public)."""
    return key_id(Ed25519PrivateKey.from_private_bytes(DEVELOPMENT_SEED).public_key())


def published_keys() -> dict:
    """The public keys as a JSON Web Key Set (RFC 8037, OKP/Ed25519): what /verify/keys.json publishes."""
    current = signing_key()
    current_kid = current[0] if current is not None else None
    return {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "kid": kid,
                "x": _b64(_raw(key)),
                "use": "sig",
                "status": "current" if kid == current_kid else "retired",
            }
            for kid, key in public_keys().items()
        ]
    }


def keys_from_jwks(data: dict) -> dict[str, Ed25519PublicKey]:
    """The keys of a published key set (a downloaded /verify/keys.json), for checking with no portal at hand."""
    keys = {}
    for entry in data.get("keys", []):
        if entry.get("kty") == "OKP" and entry.get("crv") == "Ed25519":
            keys[str(entry["kid"])] = Ed25519PublicKey.from_public_bytes(_unb64(entry["x"]))
    return keys


def sign(facts: CertificateFacts) -> str:
    current = signing_key()
    if current is None:
        raise RuntimeError("no certificate signing key configured (CERTIFICATE_SIGNING_KEY_FILE)")
    kid, key = current
    payload = json.dumps(
        [
            TOKEN_VERSION,
            facts.number,
            facts.name,
            facts.institution,
            facts.cohort,
            facts.hours,
            facts.issued_on.isoformat(),
            facts.code,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    head = f"{kid}.{_b64(payload)}"
    return f"{head}.{_b64(key.sign(head.encode('ascii')))}"


def token_from(text: str) -> str:
    """The token in what was typed or scanned: the token itself, or the QR code's verification URL."""
    text = (text or "").strip()
    if "/" in text:
        text = text.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return text


def verify(token: str, keys: dict[str, Ed25519PublicKey] | None = None) -> SignedFacts:
    """The signed facts, when the token carries a valid signature by one of `keys` (default: the published ones);
    otherwise InvalidToken with the reason."""
    token = token_from(token)
    if len(token) > MAX_TOKEN_LENGTH or token.count(".") != 2:
        raise InvalidToken("这不是证书二维码中的签名数据（格式不符）。")
    kid, payload_b64, signature_b64 = token.split(".")
    keys = public_keys() if keys is None else keys
    key = keys.get(kid)
    if key is None:
        raise InvalidToken(f"签名密钥“{kid[:20]}”不在省局公布的公钥中：该证书不是省局签发的，或数据被改动过。")
    try:
        key.verify(_unb64(signature_b64), f"{kid}.{payload_b64}".encode("ascii"))
    except (InvalidSignature, InvalidToken):
        raise InvalidToken("签名无效：二维码中的证书信息被改动过，或并非省局签发。") from None
    try:
        version, number, name, institution, cohort, hours, issued_on, code = json.loads(_unb64(payload_b64))
        if version != TOKEN_VERSION:
            raise ValueError(version)
        facts = CertificateFacts(
            number=str(number),
            name=str(name),
            institution=str(institution),
            cohort=str(cohort),
            hours=int(hours),
            issued_on=datetime.date.fromisoformat(issued_on),
            code=str(code),
        )
    except (ValueError, TypeError):
        raise InvalidToken("签名有效，但证书信息的格式无法识别（版本不符）。") from None
    return SignedFacts(kid=kid, facts=facts)
