"""Immutable records that cost little to define: the one way eol-check declares a data record.

`dataclasses` builds each class by compiling six methods when the class is defined, and importing
it pulls in `inspect`: together about a third of a command's start-up (docs/architecture.md,
"Start-up"). A `Record` subclass is declared like a frozen, slotted dataclass, and type checkers
treat it as one (`dataclass_transform`)::

    class Release(Record):
        version: Version
        date: date
        note: str = ""

What a dataclass gives, a record gives:
- `__init__(self, version, date, note="")`, compiled for the class when its first instance is
  built (or when `inspect.signature` asks for it), so that every instance, the first and the
  millionth, is built by the same function, and a class a command never instantiates costs no
  compiling; `inspect.signature(Release)` is that function's;
- `__match_args__`, so that `case Release(v, d):` works;
- equality, hashing and `repr` over the fields in order; `record.replace(**changes)` (or
  `replace(record, **changes)`, `copy.replace` on Python 3.13) as `dataclasses.replace`;
- fields are slots; an annotation `ClassVar[...]` is a class attribute, not a field;
- a mutable default (a list, dict, set: anything unhashable) is refused when the class is
  defined, as dataclasses refuses it: every instance would share it.

A field declared `field(init=False)` is a slot that `__post_init__` fills (derived data); it is
left out of `__init__`, equality, `repr` and `__match_args__`.
"""

from __future__ import annotations

from itertools import pairwise

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar, TypeVar, dataclass_transform

    R = TypeVar("R", bound="Record")
else:  # the decorator only tells type checkers; at run time it changes nothing

    def dataclass_transform(**_: object) -> object:
        return lambda cls: cls


__all__ = ["Record", "field", "replace"]

_DERIVED = object()  # the default of a `field(init=False)`: filled by __post_init__


def field(*, init: bool = True) -> Any:
    """A field left out of `__init__` (with init=False), filled by `__post_init__`."""
    if init:
        raise TypeError("field() only declares derived fields: field(init=False)")
    return _DERIVED


def _first_init(self: Record, *args: Any, **kwargs: Any) -> None:
    """A record class's `__init__` until its first instance: compile the class's own, run it."""
    _own_init(type(self))(self, *args, **kwargs)


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar", "t.ClassVar"))


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class _RecordType(type):
    """Turns annotations into slots and remembers the fields and their defaults."""

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> _RecordType:
        own = [
            key
            for key, kind in namespace.get("__annotations__", {}).items()
            if not _is_class_var(kind)
        ]
        inherited: tuple[str, ...] = ()
        defaults: dict[str, Any] = {}
        for base in bases:
            inherited += getattr(base, "_record_fields", ())
            defaults.update(getattr(base, "_record_defaults", {}))
        for key in own:
            if key in namespace:
                value = namespace.pop(key)
                if value is not _DERIVED and type(value).__hash__ is None:
                    # dataclasses' rule: a list, dict or set default would be shared by every
                    # instance of an "immutable" record.
                    raise ValueError(
                        f"{name}.{key}: mutable default {type(value).__name__} is not allowed: "
                        "give an immutable one (a tuple, a frozenset, None)"
                    )
                defaults[key] = value
        namespace["__slots__"] = tuple(own)
        # Its own first __init__, replaced by the class's compiled one: never inherited.
        namespace.setdefault("__init__", _first_init)
        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        fields = inherited + tuple(own)
        type.__setattr__(cls, "_record_fields", fields)
        type.__setattr__(cls, "_record_defaults", defaults)
        compared = tuple(f for f in fields if defaults.get(f) is not _DERIVED)
        for before, after in pairwise(compared):
            if before in defaults and after not in defaults:  # what a def would refuse
                raise TypeError(f"{name}.{after}: a field without a default follows one with one")
        type.__setattr__(cls, "_fields", compared)  # also __init__'s parameters, in order
        if "__match_args__" not in namespace:
            type.__setattr__(cls, "__match_args__", compared)
        return cls

    @property
    def __signature__(cls) -> None:
        # inspect.signature asks a class for __signature__ first: compile the class's __init__
        # now, and answer None, so that inspect reads the signature of that real function.
        _own_init(cls)  # type: ignore[arg-type]  # cls is a record class
        return None


class Record(metaclass=_RecordType):
    """The base of every immutable data record of eol-check (see the module docstring)."""

    _fields: ClassVar[tuple[str, ...]]  # the fields of __init__, equality and repr, in order
    _record_fields: ClassVar[tuple[str, ...]]  # every field, derived ones too
    _record_defaults: ClassVar[dict[str, Any]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        _first_init(self, *args, **kwargs)

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


def _own_init(cls: type[Record]) -> Any:
    """The compiled `__init__` of record class `cls`, compiled now if it is not yet."""
    init = cls.__dict__.get("__init__")
    if init is _first_init:
        init = _compile_init(cls)
        type.__setattr__(cls, "__init__", init)
    return cls.__init__


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
    init.__module__ = cls.__module__
    return init
