"""All-or-nothing output folders: a run's files appear together or not at all.

The files are written into a hidden folder beside the target and swapped in only when
every one of them was written; a run that fails, is interrupted or is killed leaves the
previous dataset as it was (at worst with a hidden `.NAME.partial-PID` folder beside it,
which the next run removes). Entries of the target the run does not write (DVC keeps
output/gazetteer and output/stage there) move into the new folder after the swap.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from pipeline import interrupts
from pipeline.errors import EXIT_OUTPUT, EXIT_USAGE, CompilerError, Errors

PARTIAL = ".{name}.partial-"  # the run's new files, not yet in place
OLD = ".{name}.previous-"  # the dataset just replaced, until what the run did not write is moved back
SPILL = ".{name}.spill-"  # the run's spilled tables (pipeline.spill), removed when the run ends
_RENAME_EXCHANGE = 2  # Linux renameat2 flag: swap two paths in one step
_AT_FDCWD = -100


def partial_file(path: Path) -> Path:
    """Where a file is written before it is renamed over `path` (hidden, beside it)."""
    return path.with_name(f".{path.name}.partial-{os.getpid()}")


def replace_file(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: into a hidden file beside it, renamed over it when
    complete. Raises OSError with nothing left behind when the write fails."""
    partial = partial_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def check_target(out: Path) -> None:
    """Refuse, before any work, an output path that is a file or lies under one."""
    for path in (out, *out.parents):
        if path.exists():
            if not path.is_dir():
                raise CompilerError(Errors.E018.format(path=out, detail=f"{path} is a file, not a folder"), EXIT_USAGE)
            return


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A fresh folder to write the run's files into; on leaving without an error it becomes
    `out`, on any error (an interrupt included) it is removed and `out` is untouched."""
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(out)
    tmp = sibling(out, PARTIAL)
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        yield tmp
        interrupts.check()  # the last moment a Ctrl-C can still keep the previous dataset
        old = _swap_in(tmp, out)
        interrupts.settled()  # swapped in: a Ctrl-C can no longer keep the previous dataset
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise CompilerError(Errors.E019.format(path=out, detail=exc.strerror or exc), EXIT_OUTPUT) from exc
        raise
    if old is not None:
        _retire(old, out)


def sibling(out: Path, kind: str) -> Path:
    return out.parent / (kind.format(name=out.name) + str(os.getpid()))


def _swap_in(tmp: Path, out: Path) -> Path | None:
    """Put the new folder in place; return where the previous one went (None if none)."""
    if not out.exists():
        os.rename(tmp, out)
        return None
    if not _exchange(tmp, out):
        # No atomic swap on this file system: two renames, with the previous folder kept aside.
        os.rename(out, sibling(out, OLD))
        os.rename(tmp, out)
        return sibling(out, OLD)
    os.rename(tmp, sibling(out, OLD))
    return sibling(out, OLD)


def _retire(old: Path, out: Path) -> None:
    """Move what the run did not write (DVC's gazetteer and stage folders) from the previous
    folder into the new one, then delete the previous dataset."""
    for entry in sorted(old.iterdir()):
        if not (out / entry.name).exists():
            os.rename(entry, out / entry.name)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot swap
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def remove_abandoned(out: Path) -> None:
    """Folders of runs that were killed (their process is gone): a partial one or a spill is
    deleted, a previous dataset set aside hands back what the run did not write, then goes too."""
    for kind in (PARTIAL, OLD, SPILL):
        prefix = kind.format(name=out.name)
        for path in out.parent.glob(prefix + "*"):
            pid = path.name[len(prefix):]
            if pid.isdigit() and not _alive(int(pid)):
                if kind == OLD and out.is_dir():
                    _retire(path, out)
                shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
