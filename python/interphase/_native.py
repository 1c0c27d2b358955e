# SPDX-License-Identifier: GPL-3.0-or-later
"""The Swift library through its C ABI (ctypes). ctypes.CDLL releases the GIL during each call."""
import ctypes
import json
import os
import pickle
from pathlib import Path

import numpy as np

from .errors import InvalidRequestError, error_for

_lib = None
_DTYPES = {0: np.float64, 1: np.uint8, 2: np.float32}
_F8 = np.dtype(np.float64).str  # "<f8" on this machine


def _load():
    global _lib
    if _lib is not None:
        return _lib
    path = os.environ.get("INTERPHASE_LIBRARY") or str(Path(__file__).with_name("libInterphaseC.so"))
    lib = ctypes.CDLL(path)
    vp, i32, cp = ctypes.c_void_p, ctypes.c_int32, ctypes.c_char_p
    lib.ip_run.argtypes = [cp, cp, ctypes.c_char_p, ctypes.c_int64]
    lib.ip_run.restype = vp
    for name, res in [("ip_status", i32), ("ip_array_count", i32)]:
        getattr(lib, name).argtypes = [vp]
        getattr(lib, name).restype = res
    lib.ip_message.argtypes = [vp]
    lib.ip_message.restype = vp  # not c_char_p: the text is read with string_at, the handle frees it
    lib.ip_record.argtypes = [vp]
    lib.ip_record.restype = vp
    lib.ip_record_size.argtypes = [vp]
    lib.ip_record_size.restype = ctypes.c_int64
    lib.ip_array_name.argtypes = [vp, i32]
    lib.ip_array_name.restype = vp
    lib.ip_array_dtype.argtypes = [vp, i32]
    lib.ip_array_dtype.restype = i32
    lib.ip_array_ndim.argtypes = [vp, i32]
    lib.ip_array_ndim.restype = i32
    lib.ip_array_dim.argtypes = [vp, i32, i32]
    lib.ip_array_dim.restype = ctypes.c_int64
    lib.ip_array_data.argtypes = [vp, i32]
    lib.ip_array_data.restype = vp
    lib.ip_figure.argtypes = [vp, i32, cp]
    lib.ip_figure.restype = vp
    lib.ip_free.argtypes = [vp]
    lib.ip_free.restype = None
    lib.ip_elapsed.argtypes = [vp]
    lib.ip_elapsed.restype = ctypes.c_double
    lib.ip_version.argtypes = []
    lib.ip_version.restype = vp
    _lib = lib
    return lib


class _Header(ctypes.Structure):
    """The fields `ip_run` puts at the start of a handle (Exports.swift): read here directly,
    without a foreign call per field."""
    _fields_ = [("object", ctypes.c_void_p), ("record", ctypes.c_void_p), ("record_size", ctypes.c_int64),
                ("status", ctypes.c_int32), ("pad", ctypes.c_int32), ("elapsed", ctypes.c_double), ("message", ctypes.c_void_p)]


def version():
    return ctypes.string_at(_load().ip_version()).decode()


class Handle:
    """A result handle: records, arrays, and the figures drawn on request. Freed with the object."""

    def __init__(self, pointer):
        self._pointer = pointer
        self._lib = _load()
        self._header = _Header.from_address(pointer)

    def __del__(self):
        if getattr(self, "_pointer", None):
            self._lib.ip_free(self._pointer)
            self._pointer = None

    def check(self):
        h = self._header
        if h.status != 0:
            message = ctypes.string_at(h.message).decode("utf-8", "replace")
            raise error_for(h.status, message)
        return self

    def elapsed(self):
        """Seconds the library spent inside the call."""
        return self._header.elapsed

    def records(self):
        """The records: the values `json.loads` gives for the CLI's JSON of the same call. The
        library hands them over pickled (a record's doubles as 8 bytes each, not decimal text,
        which Python reads several times faster); the bytes come from the library this package
        loaded, never from a file."""
        h = self._header
        return pickle.loads(ctypes.string_at(h.record, h.record_size))

    def arrays(self):
        """Every named array, copied into numpy once (later calls return the same arrays)."""
        if getattr(self, "_arrays", None) is not None:
            return self._arrays
        out = {}
        lib, h = self._lib, self._pointer
        for i in range(lib.ip_array_count(h)):
            name = ctypes.string_at(lib.ip_array_name(h, i)).decode()
            dtype = np.dtype(_DTYPES[lib.ip_array_dtype(h, i)])
            shape = tuple(lib.ip_array_dim(h, i, d) for d in range(lib.ip_array_ndim(h, i)))
            count = int(np.prod(shape)) if shape else 0
            # One copy, straight from the handle's memory into the array numpy owns.
            view = (ctypes.c_char * (count * dtype.itemsize)).from_address(lib.ip_array_data(h, i)) if count else b""
            out[name] = np.frombuffer(view, dtype=dtype, count=count).reshape(shape).copy()
        self._arrays = out
        return out

    def figure(self, index, path):
        Handle(self._lib.ip_figure(self._pointer, index, os.fsencode(str(path)))).check()


def source(path, name=None):
    """A function's first argument: a path (str or os.PathLike) or a file's contents (bytes-like).
    Returns the path or name the records carry, and the bytes (None for a path)."""
    if path is None:
        return None, None
    if isinstance(path, (bytes, bytearray, memoryview)):
        return name or "<memory>", bytes(path)
    return os.fspath(path), None


def run(task, options, data=None, **arrays):
    """Calls the library: `options` (keyword arguments, None meaning not given), a file's contents
    in memory (`data`, bytes, in place of the file at `options["path"]`) and float64 arrays.

    The arrays go in the request itself, as `[name, address, count]` (the library copies them
    during the call, while `buffers` keeps them alive): building ctypes arrays of names, pointers
    and lengths cost more than the JSON of three numbers, on every call."""
    lib = _load()
    request = {k: v for k, v in options.items() if v is not None}
    buffers = []
    if arrays:
        entries = []
        for name, value in arrays.items():
            if value is None:
                continue
            # One look at the array's interface; a copy only when it is not C-ordered float64.
            face = value.__array_interface__ if type(value) is np.ndarray else None
            if face is None or face["typestr"] != _F8 or face["strides"] is not None:
                value = np.ascontiguousarray(value, dtype=np.float64)
                face = value.__array_interface__
            if len(face["shape"]) != 1:
                # A 2-D axis would reach the library flattened, and be read as one long axis.
                raise InvalidRequestError(f"{name} must be one-dimensional (one value per point); got shape {face['shape']}")
            buffers.append(value)
            entries.append([name, face["data"][0], value.size])
        request["__arrays"] = entries
    pointer = lib.ip_run(task.encode(), json.dumps(request).encode(), data, 0 if data is None else len(data))
    return Handle(pointer).check()
