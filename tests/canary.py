"""Canary scanning (SECURITY.md 7): unique strings seeded into the data must never appear in
any file written, in any of the encodings a Chinese Windows PC might use."""

from __future__ import annotations

from pathlib import Path

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "gb18030")


def encoded_forms(canary: str) -> list[bytes]:
    return [canary.encode(encoding) for encoding in ENCODINGS]


def files_containing(folder: Path, canaries: list[str]) -> list[tuple[Path, str]]:
    hits = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for canary in canaries:
            if any(form in data for form in encoded_forms(canary)):
                hits.append((path, canary))
    return hits
