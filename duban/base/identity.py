"""A document's identity: the hash of its bytes, so the same file is the same document anywhere.

In the base layer because the reader (which names documents), the index (whose contract suite builds
documents) and ingestion (which skips unchanged files) must all agree on it.
"""

from __future__ import annotations

import hashlib


def content_hash(data: bytes) -> str:
    """The first 32 hex digits of the SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()[:32]
