"""The pinned Office Ally host key, in the data folder's ``known_hosts``.

A key is pinned only after the user confirmed its SHA256 fingerprint. There is no
policy object: the client compares the presented key itself and refuses anything else.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import paramiko

from oa_desktop.paths import private_file


def fingerprint(key: paramiko.PKey) -> str:
    """OpenSSH-style ``SHA256:…`` fingerprint of a public key."""
    return str(key.fingerprint)


def algorithms(key_name: str) -> list[str]:
    """The host-key algorithms that use a key of this type (RSA signs three ways)."""
    if key_name == "ssh-rsa":
        return ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]
    return [key_name]


def key_type(algorithm: str) -> str:
    """The type of key a host-key algorithm uses (``rsa-sha2-512`` is an ``ssh-rsa`` key)."""
    return "ssh-rsa" if algorithm in ("rsa-sha2-512", "rsa-sha2-256") else algorithm


def host_entry(host: str, port: int) -> str:
    """The known_hosts name: ``host`` on port 22, ``[host]:port`` otherwise."""
    return host if port == 22 else f"[{host}]:{port}"


class KnownHostStore:
    """Pinned keys of Office Ally servers (usually just one)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def _load(self) -> paramiko.HostKeys:
        keys = paramiko.HostKeys()
        if self.path.exists():
            keys.load(str(self.path))
        return keys

    def pinned(self, host: str, port: int) -> paramiko.PKey | None:
        """The first pinned key for this server, or None if none was confirmed yet."""
        found = self.pinned_keys(host, port)
        return found[0] if found else None

    def pinned_keys(self, host: str, port: int) -> list[paramiko.PKey]:
        """Every key pinned for this server (one per key type), in the file's order."""
        with self._lock:
            entry = self._load().lookup(host_entry(host, port))
        return list(entry.values()) if entry else []

    def pin(self, host: str, port: int, key: paramiko.PKey) -> None:
        """Pin ``key`` for this server, replacing any older key, written atomically."""
        self.pin_all(host, port, [key])

    def add(self, host: str, port: int, key: paramiko.PKey) -> None:
        """Pin ``key`` beside the keys already pinned (a type not pinned yet)."""
        pinned = self.pinned_keys(host, port)
        if any(k.get_name() == key.get_name() for k in pinned):
            raise ValueError(f"a {key.get_name()} key is already pinned for {host}")
        self.pin_all(host, port, [*pinned, key])

    def pin_all(self, host: str, port: int, pinned: list[paramiko.PKey]) -> None:
        """Pin every key the server offers (one per type), replacing older ones."""
        with self._lock:
            keys = self._load()
            name = host_entry(host, port)
            if name in keys:
                del keys[name]
            for key in pinned:
                keys.add(name, key.get_name(), key)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(self.path.name + ".part")
            old_umask = os.umask(0o077)
            try:
                keys.save(str(tmp))
            finally:
                os.umask(old_umask)
            os.replace(tmp, self.path)
            private_file(self.path)
