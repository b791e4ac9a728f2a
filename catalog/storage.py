"""Where media files live: a small key/value interface and its local-disk implementation."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from catalog.exceptions import CatalogError, NotFound

# Keys are machine-made ("products/ab/<hash>-640.webp"); a narrow alphabet keeps them safe as
# file names on any disk, as URL paths and as object-store keys without escaping.
_KEY_PATTERN = re.compile(r"[a-z0-9/_.-]+")
_MAX_KEY_LENGTH = 512
# Files must be readable by a front web server (nginx) running as another user; mkstemp's 0600
# would make every stored variant a 403.
_FILE_MODE = 0o644


class StorageError(CatalogError):
    """A media file could not be stored, read or addressed."""


class InvalidKey(StorageError):
    """The key could escape the media root or contains characters keys may not have."""


class MediaNotFound(StorageError, NotFound):
    """No media file is stored under the key."""


class MediaStorage(Protocol):
    """Bytes stored under string keys; local disk by default, an object store in production."""

    def save(self, key: str, data: bytes) -> None:
        """Store data under key, replacing what was there."""
        ...

    def open(self, key: str) -> bytes:
        """Return the bytes stored under key; raise MediaNotFound if there are none."""
        ...

    def delete(self, key: str) -> None:
        """Remove the file under key; a missing key is not an error."""
        ...

    def exists(self, key: str) -> bool:
        """Tell whether something is stored under key."""
        ...


def validate_key(key: str) -> str:
    """Return key unchanged if it is a safe relative media key, else raise InvalidKey."""
    if not key or len(key) > _MAX_KEY_LENGTH:
        raise InvalidKey(f"Media key has a bad length: {key!r}")
    if key.startswith("/") or "\\" in key or "\x00" in key or ".." in key:
        raise InvalidKey(f"Media key may not be absolute or leave the media root: {key!r}")
    if not _KEY_PATTERN.fullmatch(key):
        raise InvalidKey(f"Media key has characters outside [a-z0-9/_.-]: {key!r}")
    if any(part in ("", ".") for part in key.split("/")):
        raise InvalidKey(f"Media key has an empty or '.' segment: {key!r}")
    return key


class LocalStorage:
    """Media files in a folder on the local disk (the embedded default: instance/media)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()

    def path_for(self, key: str) -> Path:
        """Return the file path for key, refusing keys that could point outside the root."""
        path = self.root / validate_key(key)
        # Belt and braces: the key rules above already forbid escapes, this catches any rule gap.
        if not path.is_relative_to(self.root):
            raise InvalidKey(f"Media key leaves the media root: {key!r}")
        return path

    def save(self, key: str, data: bytes) -> None:
        """Write data atomically: readers see the old file or the new one, never half of it."""
        path = self.path_for(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # The temporary file sits in the same folder so os.replace stays a same-filesystem rename.
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.chmod(tmp_name, _FILE_MODE)
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def open(self, key: str) -> bytes:
        """Return the stored bytes; raise MediaNotFound if the key holds nothing."""
        try:
            return self.path_for(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise MediaNotFound(f"No media stored under {key!r}") from exc

    def delete(self, key: str) -> None:
        """Remove the file under key if there is one."""
        self.path_for(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        """Tell whether a file is stored under key."""
        return self.path_for(key).is_file()
