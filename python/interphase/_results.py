# SPDX-License-Identifier: GPL-3.0-or-later
"""Results: the command's JSON record read through attributes, the arrays, and the figure."""
import os
import re
import tempfile

_CAMEL = re.compile(r"_([a-z0-9])")


def _camel(name):
    return _CAMEL.sub(lambda m: m.group(1).upper(), name)


def _wrap(key, value):
    if isinstance(value, dict):
        return Record(value)
    if isinstance(value, list):
        if key == "ci95" and len(value) == 2:
            return tuple(value)
        return [_wrap(None, v) for v in value]
    return value


class Record:
    """A JSON object read through attributes in snake_case (`lif_fraction` reads `lifFraction`)."""

    def __init__(self, data):
        self._data = data

    def _key(self, name):
        """The record's key for attribute `name`: itself, its camelCase, or the key it spells
        with acronyms in capitals (`diameter_pixels_edt` reads `diameterPixelsEDT`)."""
        data = self._data
        for key in (name, _camel(name)):
            if key in data:
                return key
        folded = name.replace("_", "").lower()
        return next((k for k in data if k.lower() == folded), None)

    def __getattr__(self, name):
        if self.__dict__.get("_data") is None:
            raise AttributeError(name)
        key = self._key(name)
        if key is None:
            raise AttributeError(f"{type(self).__name__} has no field '{name}' (fields: {', '.join(sorted(self._data))})")
        return _wrap(key, self._data[key])

    def __getitem__(self, key):
        return _wrap(key, self._data[key])

    def __contains__(self, key):
        return self._key(key) is not None

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._data))

    def to_dict(self):
        """The record as plain Python values: equal to the CLI's JSON for the same call."""
        return self._data

    def __repr__(self):
        keys = ", ".join(sorted(self._data)[:8])
        return f"{type(self).__name__}({keys}{', ...' if len(self._data) > 8 else ''})"


class Result(Record):
    """The record of one analysis, its arrays, and its figure."""

    def __init__(self, data, handle, index):
        super().__init__(data)
        self._handle = handle
        self._index = index

    def _arrays(self):
        """This record's arrays, copied from the library on first use (a call that only reads
        the record pays nothing for them)."""
        cache = split_arrays(self._handle.arrays())
        return cache[self._index] if self._index < len(cache) else {}

    def figure(self, path):
        """Writes the command's figure for this result (PNG, SVG or PDF, by the extension)."""
        self._handle.figure(self._index, path)
        return path

    def _repr_png_(self):
        fd, path = tempfile.mkstemp(suffix=".png")
        os.close(fd)
        try:
            self.figure(path)
            with open(path, "rb") as f:
                return f.read()
        finally:
            os.unlink(path)


def array_property(key, doc):
    """A result attribute that is one of its record's arrays, copied from the library on first use."""
    return property(lambda self: self._arrays()[key], doc=doc)


def split_arrays(arrays):
    """{"0.x": a, "1.x": b} -> [{"x": a}, {"x": b}]."""
    out = {}
    for name, value in arrays.items():
        index, _, key = name.partition(".")
        out.setdefault(int(index), {})[key] = value
    return [out.get(i, {}) for i in range(max(out) + 1)] if out else []
