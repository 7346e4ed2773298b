"""SECURITY.md 17: the suite fails if anything opens a socket — and this guard itself works."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkUsed


def test_opening_a_connection_fails_the_test() -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(NetworkUsed), socket.socket(socket.AF_INET, socket.SOCK_STREAM) as raw:
        raw.connect(("127.0.0.1", 9))
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.org", 443)


def test_listening_fails_too() -> None:
    with pytest.raises(NetworkUsed), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as raw:
        raw.bind(("127.0.0.1", 0))
