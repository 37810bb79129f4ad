#!/usr/bin/env python3
"""page_token.py BEARER YYYY-MM-DD [N] - N (default 1) ticket page tokens a
kiosk with this [sync] token would make for tickets of that queue day, as
core/ticket_page.c makes them (8 random bytes and their BLAKE2b MAC under a
key derived from the token), one per line.  For the tests: a token a kiosk
made but has not pushed, without running a kiosk."""
import base64
import datetime
import hashlib
import os
import sys


def page_key(bearer):
    k = hashlib.blake2b(bearer.encode(), digest_size=32).digest()
    return hashlib.blake2b(b"ticket page key v1", digest_size=32, key=k).digest()


def make(key, day):
    nonce = os.urandom(8)
    msg = (day & 0xFFFFFFFFFFFFFFFF).to_bytes(8, "little") + nonce
    mac = hashlib.blake2b(msg, digest_size=16, key=key).digest()[:8]
    return base64.urlsafe_b64encode(nonce + mac).decode().rstrip("=")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    day = (datetime.date.fromisoformat(sys.argv[2]) - datetime.date(1970, 1, 1)).days
    key = page_key(sys.argv[1])
    for _ in range(int(sys.argv[3]) if len(sys.argv) == 4 else 1):
        print(make(key, day))


if __name__ == "__main__":
    main()
