"""Input sources: a folder or a zip file, opened member by member as binary streams."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO

from graph.errors import InputError


class DataSource:
    """A folder or a ``.zip`` of data files, addressed by file name (case-insensitive).

    Members of a zip are found wherever they sit inside it (exports often nest one folder).
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise InputError.single(self.path, None, None, "no such file or folder")
        self._zip: zipfile.ZipFile | None = None
        self._index: dict[str, str] = {}
        if self.path.is_file():
            if not zipfile.is_zipfile(self.path):
                raise InputError.single(
                    self.path, None, None, "expected a folder or a .zip archive of the export"
                )
            self._zip = zipfile.ZipFile(self.path)
            for name in self._zip.namelist():
                if not name.endswith("/"):
                    self._index.setdefault(PurePosixPath(name).name.lower(), name)
        else:
            for p in sorted(self.path.rglob("*")):
                if p.is_file():
                    rel = p.relative_to(self.path).as_posix()
                    self._index.setdefault(p.name.lower(), rel)

    def __repr__(self) -> str:
        return f"DataSource({str(self.path)!r})"

    def find(self, *names: str) -> str | None:
        """The first of ``names`` present in the source (by file name), or None."""
        for name in names:
            hit = self._index.get(name.lower())
            if hit is not None:
                return hit
        return None

    def require(self, *names: str) -> str:
        hit = self.find(*names)
        if hit is None:
            raise InputError.single(
                self.path, None, None, f"expected a file named {' or '.join(names)} in it"
            )
        return hit

    def display(self, member: str) -> str:
        """A path to show in messages."""
        if self._zip is not None:
            return f"{self.path}!{member}"
        return str(self.path / member)

    @contextmanager
    def open(self, member: str) -> Iterator[IO[bytes]]:
        if self._zip is not None:
            with self._zip.open(member) as f:
                yield f
        else:
            with (self.path / member).open("rb") as f:
                yield f

    def local_path(self, member: str) -> Path | None:
        """The member's path on disk when the source is a folder (None for zips)."""
        return None if self._zip is not None else self.path / member

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
