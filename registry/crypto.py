"""Protection of resident ID numbers at rest: Fernet encryption with rotating keys, a keyed hash for look-up, masking."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from .validators import normalize_resident_id


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = [key for key in settings.FIELD_ENCRYPTION_KEYS if key]
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is empty: resident IDs cannot be encrypted.")
    try:
        # The first key encrypts; every key decrypts, so old rows stay readable after a rotation.
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY holds a key that is not a Fernet key: {error}") from None


def _hash_key() -> bytes:
    key = settings.ID_HASH_KEY
    if not key:
        raise ImproperlyConfigured("ID_HASH_KEY is empty: resident IDs cannot be looked up.")
    return key.encode()


@receiver(setting_changed)
def _forget_keys(*, setting, **kwargs):
    if setting == "FIELD_ENCRYPTION_KEYS":
        _fernet.cache_clear()


def encrypt(plain: str) -> str:
    """Encrypt with the current key; the token carries its own nonce, so equal IDs give different tokens."""
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt with whichever configured key made the token."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A resident ID could not be decrypted with any configured FIELD_ENCRYPTION_KEY (was a key removed too early?)."
        ) from None


def reencrypt(token: str) -> str:
    """The same value encrypted with the current key: run over every row after adding a new key first."""
    return _fernet().rotate(token.encode()).decode()


def keyed_hash(plain: str) -> str:
    """HMAC-SHA256 with ID_HASH_KEY: equal IDs give equal hashes, but a dump cannot be brute-forced without the key.

    A plain SHA-256 would not do: there are few enough valid IDs to hash them all.
    Changing ID_HASH_KEY means recomputing every stored hash from the decrypted values.
    """
    # Through the one parser's normalisation, so "３５０２…" and "3502…" can never hash apart.
    return hmac.new(_hash_key(), normalize_resident_id(plain).encode(), hashlib.sha256).hexdigest()


def mask(plain: str) -> str:
    """3501**********123X: the first four and last four characters, the rest hidden."""
    if len(plain) <= 8:
        return "*" * len(plain)
    return plain[:4] + "*" * (len(plain) - 8) + plain[-4:]


def mask_name(name: str) -> str:
    """林芳 -> 林*, 王小明 -> 王*明, 欧阳晓燕 -> 欧**燕: a name shown to those who may know of the person, not who."""
    name = name or ""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return f"{name[0]}*"
    return f"{name[0]}{'*' * (len(name) - 2)}{name[-1]}"
