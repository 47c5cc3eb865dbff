"""Immutable records that cost nothing to define: the one start-up seam for data classes.

`dataclasses` builds each class by compiling six methods at import time, and importing it pulls in
`inspect` (together about a third of a command's start-up, benchmarks/startup.py). A `Record`
subclass is declared like a frozen, slotted dataclass, and type checkers treat it as one
(`dataclass_transform`)::

    class Release(Record):
        version: Version
        date: date
        note: str = ""

Its first instances are built by one shared `__init__` that binds the arguments by name; a class
instantiated more than `COMPILE_AFTER` times gets its own `__init__`, compiled then (about
100 µs each, so a short command compiles none while a report of a million rows runs on compiled
ones). Equality, hashing and `repr` are shared by all records and compare the fields in order.
`record.replace(**changes)` (or `replace(record, **changes)`) is `dataclasses.replace`. A field
declared `field(init=False)` is a slot that `__post_init__` fills (derived data); it is left out
of `__init__`, equality and `repr`.
"""

from __future__ import annotations

from ._typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any, ClassVar, TypeVar, dataclass_transform

    R = TypeVar("R", bound="Record")
else:  # the decorator only tells type checkers; at run time it changes nothing

    def dataclass_transform(**_: object) -> object:
        return lambda cls: cls


__all__ = ["Record", "field", "replace"]

_DERIVED = object()  # the default of a `field(init=False)`: filled by __post_init__
_MISSING = object()

#: Instances built by the shared `__init__` before a class gets its own, compiled one.
COMPILE_AFTER = 100


def field(*, init: bool = True) -> Any:
    """A field left out of `__init__` (with init=False), filled by `__post_init__`."""
    if init:
        raise TypeError("field() only declares derived fields: field(init=False)")
    return _DERIVED


def _shared_init(self: Record, *args: Any, **kwargs: Any) -> None:
    """Every record's `__init__` until its class has been built COMPILE_AFTER times."""
    cls = type(self)
    if cls._record_built >= COMPILE_AFTER:
        init = _compile_init(cls)
        type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)
        return
    type.__setattr__(cls, "_record_built", cls._record_built + 1)
    _bind(self, args, kwargs)
    post_init = getattr(self, "__post_init__", None)
    if post_init is not None:
        post_init()


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class _RecordType(type):
    """Turns annotations into slots and remembers the fields and their defaults."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> _RecordType:
        own = [
            key
            for key, kind in namespace.get("__annotations__", {}).items()
            if not str(kind).startswith(("ClassVar", "typing.ClassVar"))
        ]
        inherited: tuple[str, ...] = ()
        defaults: dict[str, Any] = {}
        for base in bases:
            inherited += getattr(base, "_record_fields", ())
            defaults.update(getattr(base, "_record_defaults", {}))
        for key in own:
            if key in namespace:
                defaults[key] = namespace.pop(key)
        namespace["__slots__"] = tuple(own)
        # Its own reference to the shared __init__, so that a compiled one is never inherited.
        namespace.setdefault("__init__", _shared_init)
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        fields = inherited + tuple(own)
        type.__setattr__(cls, "_record_fields", fields)
        type.__setattr__(cls, "_record_defaults", defaults)
        compared = tuple(f for f in fields if defaults.get(f) is not _DERIVED)
        type.__setattr__(cls, "_fields", compared)  # also __init__'s parameters, in order
        type.__setattr__(cls, "_record_built", 0)
        return cls


class Record(metaclass=_RecordType):
    """The base of every immutable data record of eol-check (see the module docstring)."""

    _fields: ClassVar[tuple[str, ...]]  # the fields of __init__, equality and repr, in order
    _record_fields: ClassVar[tuple[str, ...]]  # every field, derived ones too
    _record_defaults: ClassVar[dict[str, Any]]
    _record_built: ClassVar[int]  # instances built by the shared __init__ so far

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _shared_init(self, *args, **kwargs)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"

    def replace(self: R, **changes: Any) -> R:
        """A copy with `changes` (as `dataclasses.replace`; also `copy.replace` on Python 3.13)."""
        return replace(self, **changes)

    __replace__ = replace

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), {name: getattr(self, name) for name in self._fields}))


def replace(record: R, **changes: Any) -> R:
    """A copy of `record` with `changes` (as `dataclasses.replace`)."""
    values = {name: getattr(record, name) for name in record._fields}
    unknown = set(changes) - set(values)
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)[0]!r}")
    values.update(changes)
    return type(record)(**values)


def _rebuild(cls: type[R], values: dict[str, Any]) -> R:
    return cls(**values)


def _bind(record: Record, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Set `record`'s fields from `args` and `kwargs` as its compiled `__init__` would."""
    cls = type(record)
    defaults = cls._record_defaults
    names = cls._fields
    if len(args) > len(names):
        raise TypeError(
            f"{cls.__name__}() takes {len(names)} positional arguments but {len(args)} were given"
        )
    for name in kwargs:
        if name not in names:
            raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {name!r}")
    for name, value in zip(names, args, strict=False):
        if name in kwargs:
            raise TypeError(f"{cls.__name__}() got multiple values for argument {name!r}")
        object.__setattr__(record, name, value)
    for name in names[len(args) :]:
        value = kwargs.get(name, defaults.get(name, _MISSING))
        if value is _MISSING:
            raise TypeError(f"{cls.__name__}() missing required argument: {name!r}")
        object.__setattr__(record, name, value)


def _compile_init(cls: type[Record]) -> Any:
    """`__init__(self, a, b, c=<default>)` setting each field, then `__post_init__` if any."""
    defaults: dict[str, Any] = cls._record_defaults
    names = cls._fields
    params = ", ".join(f"{n}=_d[{n!r}]" if n in defaults else n for n in names)
    body = "".join(f"    _set(self, {n!r}, {n})\n" for n in names)
    if hasattr(cls, "__post_init__"):
        body += "    self.__post_init__()\n"
    source = f"def __init__(self, {params}):\n{body or '    pass'}\n"
    scope: dict[str, Any] = {"_d": defaults, "_set": object.__setattr__}
    exec(source, scope)
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
