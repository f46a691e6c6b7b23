"""Where the ontology and the report folders are, in a checkout or an installed package.

A report folder holds one source document: its Turtle files and the plain text that
their passages quote (named by the report's oscb:sourceText).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import DataError
from .prefixes import ID_BASE, INFERRED

DATA_ENV = "OSCB_GRAPH_DATA"  # further report folders, separated by os.pathsep


_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """A top-level folder of the repository, which an installed wheel carries inside the package."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"oscb-graph is installed without its {name}/ folder; reinstall it with pip")


def ontology_dir() -> Path:
    """The folder of oscb.ttl and shapes.ttl."""
    return _bundled("ontology")


def ontology_files() -> list[Path]:
    return [ontology_dir() / "oscb.ttl"]


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def bundled_data_dir() -> Path:
    return _bundled("data")


@dataclass(frozen=True)
class ReportFolder:
    """One source document's folder; its name is also the slug of its named graph."""

    path: Path
    found: tuple[str, ...] | None = field(default=None, compare=False)  # its Turtle files' names, when listed already

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def graph_iri(self) -> str:
        return ID_BASE + self.name

    @cached_property
    def turtle_files(self) -> list[Path]:
        return [self.path / name for name in (turtle_names(self.path) if self.found is None else self.found)]

    @property
    def listed(self) -> bool:
        """Whether the folder was read already (it exists), as report_folders does."""
        return self.found is not None

    def text(self, file_name: str = "report.txt") -> str:
        return (self.path / file_name).read_text(encoding="utf-8")


def turtle_names(path: str | Path) -> list[str]:
    """The names of the Turtle files in a folder, sorted; none when it is no folder.

    One directory read, as every command lists every report folder: at a thousand reports
    this takes a third of the time that globbing twice did.
    """
    try:
        with os.scandir(path) as entries:
            return sorted(e.name for e in entries if e.name.endswith(".ttl") and e.is_file())
    except OSError:
        return []


def bundled_reports() -> list[ReportFolder]:
    return found_reports(bundled_data_dir())


def report_dirs(path: Path) -> list[Path]:
    """A report folder as itself; a folder of report folders (a partnership's collection) as the folders in it.

    A path that is no folder comes back as it is, for the loader to name in its error; a folder
    with neither Turtle nor report folders gives an empty list. Paths come back resolved.
    """
    return [folder.path for folder in found_reports(path)]


def holds_reports(path: Path) -> bool:
    """Whether a folder holds Turtle, or a folder that does: report_dirs' answer would not be empty,
    found without listing every report of a collection (every command checks its --data)."""
    return bool(turtle_names(path)) or any(turtle_names(entry.path) for entry in folders_in(path))


def folders_in(path: str | Path) -> list[os.DirEntry]:
    """The folders in a folder, by name; hidden ones (an import being written) are not reports."""
    with os.scandir(path) as entries:
        return sorted((e for e in entries if e.is_dir() and not e.name.startswith(".")), key=lambda e: e.name)


def found_reports(path: Path) -> list[ReportFolder]:
    """report_dirs as ReportFolders, each with its Turtle files' names, resolved.

    Every command lists every report folder, so each costs one directory read and one Path:
    the collection is resolved once, and only a folder in it that is a symbolic link on its own.
    """
    names = turtle_names(path)
    if names or not path.is_dir():
        return [ReportFolder(path.resolve(), tuple(names) if names else None)]
    collection = path.resolve()
    found = []
    for entry in folders_in(path):
        if names := turtle_names(entry.path):
            real = Path(entry.path).resolve() if entry.is_symlink() else collection / entry.name
            found.append(ReportFolder(real, tuple(names)))
    return found


def named_folders(extra: list[str | Path] | None = None, include_bundled: bool = True) -> list[Path]:
    """The folders the reports are read from: the bundled reports', OSCB_GRAPH_DATA's, then `extra`."""
    named = [bundled_data_dir()] if include_bundled else []
    return named + [Path(p) for p in [*(p for p in os.environ.get(DATA_ENV, "").split(os.pathsep) if p), *(extra or [])]]


def report_folders(extra: list[str | Path] | None = None, include_bundled: bool = True) -> list[ReportFolder]:
    """The bundled reports, then those named in OSCB_GRAPH_DATA, then `extra` (each may be a folder of reports)."""
    folders = [folder for path in named_folders(extra, include_bundled) for folder in found_reports(path)]
    for folder in folders:
        if folder.graph_iri == INFERRED:
            raise DataError(f"{folder.path}: a report folder cannot be called {folder.name!r}, the name of the graph "
                            "of implied types; rename the folder")
    return folders
