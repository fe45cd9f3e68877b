"""Every page of an SQLCipher 4 file, decrypted, to prove what is (not) left on disk.

SQLCipher 4 with a raw key: AES-256-CBC under the key itself; each 4096-byte page keeps its
IV in the last 80 reserved bytes (16 IV + 64 HMAC); page 1 starts with the 16-byte salt in
clear. Free pages, deleted cell space and old rows are all in these bytes, unlike what SQL can
see."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE, RESERVE, IV = 4096, 80, 16


def decrypted_pages(path: Path, hex_key: str) -> Iterator[bytes]:
    key = bytes.fromhex(hex_key)
    data = path.read_bytes()
    assert len(data) % PAGE == 0
    for n in range(len(data) // PAGE):
        page = data[n * PAGE : (n + 1) * PAGE]
        start = 16 if n == 0 else 0
        iv = page[PAGE - RESERVE : PAGE - RESERVE + IV]
        body = page[start : PAGE - RESERVE]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        yield page[:start] + decryptor.update(body) + decryptor.finalize()


def first_page_header_ok(path: Path, hex_key: str) -> bool:
    """The decrypted page 1 carries SQLite's header fields: page size 4096, 80 reserved bytes."""
    page = next(decrypted_pages(path, hex_key))
    return page[16:18] == b"\x10\x00" and page[20] == RESERVE
