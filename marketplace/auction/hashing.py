"""The one-way hash under which Zorgbod stores a secret it hands out (a client code, an API
token): a stolen table reveals no usable secret, and a lookup compares hashes."""
import hashlib


def hash_secret(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
