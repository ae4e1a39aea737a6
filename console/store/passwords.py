"""Password hashing parameters, in one place: argon2id via argon2-cffi.

Lives in the store layer so the demo generator (console.demo.people) and the sign-in
service (console.services.access.auth) hash the same way. argon2 has no input limit, unlike bcrypt's
72 bytes (a 30-character Chinese password is 90 bytes of UTF-8).
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's RFC 9106 "low memory" profile (argon2id, t=3, m=64 MiB, p=4) is its default.
HASHER = PasswordHasher()

# The demo's staff all sign in with this password (README "Demo sign-in"); one hash is reused
# for everyone because argon2 is deliberately slow.
DEMO_PASSWORD = "demo1234"


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify(stored_hash: str, password: str) -> bool:
    """True when `password` matches; False for a mismatch or a hash that is not argon2."""
    try:
        return HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than HASHER's (rehash on next sign-in)."""
    try:
        return HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
