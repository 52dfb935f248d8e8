"""Arrow arrays appended to files a batch at a time, one file per buffer, and mapped back
as one array: validity bits, int32 offsets, values, a list's child the same way
(pipeline.spill builds its tables of these)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

_INT32_MAX = 2**31 - 1

class _Bits:
    """A bitmap (validity, or booleans) appended a batch at a time, LSB first as Arrow's."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("wb")
        self._pending = np.zeros(0, dtype=bool)  # fewer than 8 bits, not yet a whole byte

    def append(self, bits: np.ndarray) -> None:
        bits = np.concatenate([self._pending, bits])
        whole = len(bits) - len(bits) % 8
        self._file.write(np.packbits(bits[:whole], bitorder="little").tobytes())
        self._pending = bits[whole:]

    def close(self) -> Path:
        self._file.write(np.packbits(self._pending, bitorder="little").tobytes())
        self._file.close()
        return self.path


class _ArrayWriter:
    """Validity and length; subclasses add the values."""

    def __init__(self, path: Path, type_: pa.DataType) -> None:
        self.path, self.type = path, type_
        self.length = self.null_count = 0
        self._validity = _Bits(path.with_suffix(".valid"))

    def append(self, arr: pa.Array) -> None:
        if not len(arr):
            return
        self._validity.append(arr.is_valid().to_numpy(zero_copy_only=False))
        self.null_count += arr.null_count
        self.length += len(arr)
        self._append_values(arr)

    def finish(self, map_file) -> pa.Array:
        validity = map_file(self._validity.close()) if self.null_count else None
        buffers, children = self._finish_values(map_file)
        return pa.Array.from_buffers(self.type, self.length, [validity, *buffers], self.null_count,
                                     children=children)

    def _append_values(self, arr: pa.Array) -> None:
        raise NotImplementedError

    def _finish_values(self, map_file) -> tuple[list, list | None]:
        raise NotImplementedError


class _FixedWidth(_ArrayWriter):
    """int64, float64, date32: the values' bytes as they are."""

    def __init__(self, path: Path, type_: pa.DataType) -> None:
        super().__init__(path, type_)
        self._width = type_.bit_width // 8
        self._values = path.with_suffix(".values").open("wb")

    def _append_values(self, arr: pa.Array) -> None:
        start = arr.offset * self._width
        self._values.write(memoryview(arr.buffers()[1])[start:start + len(arr) * self._width])

    def _finish_values(self, map_file):
        self._values.close()
        return [map_file(Path(self._values.name))], None


class _Boolean(_ArrayWriter):
    def __init__(self, path: Path, type_: pa.DataType) -> None:
        super().__init__(path, type_)
        self._values = _Bits(path.with_suffix(".values"))

    def _append_values(self, arr: pa.Array) -> None:
        bytes_ = np.frombuffer(arr.buffers()[1], dtype=np.uint8)
        self._values.append(np.unpackbits(bytes_, bitorder="little")[arr.offset:arr.offset + len(arr)].astype(bool))

    def _finish_values(self, map_file):
        return [map_file(self._values.close())], None


class _Offsets:
    """int32 offsets appended a batch at a time, each batch's moved past the ones before."""

    def __init__(self, path: Path) -> None:
        self.path, self.end = path, 0
        self._file = path.open("wb")
        self._file.write(np.zeros(1, dtype=np.int32).tobytes())

    def append(self, offsets: np.ndarray) -> tuple[int, int]:
        """Append a batch's n+1 offsets; return the range of the values they span."""
        first, last = int(offsets[0]), int(offsets[-1])
        if self.end + last - first > _INT32_MAX:
            raise OverflowError(f"a spilled column passed 2 GiB of values ({self.path.name})")
        self._file.write((offsets[1:] - first + self.end).astype(np.int32).tobytes())
        self.end += last - first
        return first, last

    def close(self) -> Path:
        self._file.close()
        return self.path


class _String(_ArrayWriter):
    def __init__(self, path: Path, type_: pa.DataType) -> None:
        super().__init__(path, type_)
        self._offsets = _Offsets(path.with_suffix(".offsets"))
        self._data = path.with_suffix(".data").open("wb")

    def _append_values(self, arr: pa.Array) -> None:
        _, offsets, data = arr.buffers()
        first, last = self._offsets.append(np.frombuffer(offsets, dtype=np.int32, count=len(arr) + 1,
                                                         offset=arr.offset * 4))
        if last > first:
            self._data.write(memoryview(data)[first:last])

    def _finish_values(self, map_file):
        self._data.close()
        return [map_file(self._offsets.close()), map_file(Path(self._data.name))], None


class _List(_ArrayWriter):
    def __init__(self, path: Path, type_: pa.DataType) -> None:
        super().__init__(path, type_)
        self._offsets = _Offsets(path.with_suffix(".offsets"))
        self._child = column_writer(path.with_name(path.name + "_item"), type_.value_type)

    def _append_values(self, arr: pa.Array) -> None:
        first, last = self._offsets.append(arr.offsets.to_numpy())
        self._child.append(arr.values.slice(first, last - first))

    def _finish_values(self, map_file):
        return [map_file(self._offsets.close())], [self._child.finish(map_file)]


def column_writer(path: Path, type_: pa.DataType) -> _ArrayWriter:
    """The writer of a column of this type: `append(array)`, then `finish(map_file)`."""
    if pa.types.is_list(type_):
        return _List(path, type_)
    if pa.types.is_string(type_):
        return _String(path, type_)
    if pa.types.is_boolean(type_):
        return _Boolean(path, type_)
    if pa.types.is_integer(type_) or pa.types.is_floating(type_) or pa.types.is_date32(type_):
        return _FixedWidth(path, type_)
    raise TypeError(f"no spill writer for Arrow type {type_}")
