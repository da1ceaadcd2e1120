"""``@record``: dataclass-style value classes that cost nothing to define.

``dataclasses`` writes each class's methods as source text and compiles it,
about 1.4 ms a class here; with some twenty record classes on the path of
every ``stridelift check``, that alone was a fifth of a cold run. ``record``
gives the same surface (keyword or positional construction, defaults and
default factories, ``__post_init__``, value equality and hashing, a readable
repr, immutability) with shared generic methods, and type checkers see it as
a dataclass through :func:`typing.dataclass_transform`.

The AST (:mod:`stridelift.core.language.ast`), whose nodes are built by the thousand
during a parse, keeps written-out constructors instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T")
_MISSING: Any = object()


class _Field:
    __slots__ = ("compare", "default", "factory", "repr")

    def __init__(
        self, default: Any, factory: Callable[[], Any] | None, compare: bool, repr: bool
    ) -> None:
        self.default, self.factory, self.compare, self.repr = default, factory, compare, repr


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    compare: bool = True,
    repr: bool = True,
) -> Any:
    """Options for one attribute, as ``dataclasses.field`` takes them."""
    return _Field(default, default_factory, compare, repr)


class FrozenInstanceError(AttributeError):
    """Raised on assignment to a frozen record's attribute."""


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    names: tuple[str, ...] = cls.__record_fields__
    if len(args) > len(names):
        raise TypeError(f"{cls.__name__}() takes {len(names)} arguments, got {len(args)}")
    values = dict(zip(names, args, strict=False))
    for key, value in kwargs.items():
        if key not in cls.__record_specs__:
            raise TypeError(f"{cls.__name__}() got an unexpected argument {key!r}")
        if key in values:
            raise TypeError(f"{cls.__name__}() got {key!r} twice")
        values[key] = value
    for name in names:
        if name in values:
            value = values[name]
        else:
            spec: _Field = cls.__record_specs__[name]
            if spec.factory is not None:
                value = spec.factory()
            elif spec.default is not _MISSING:
                value = spec.default
            else:
                raise TypeError(f"{cls.__name__}() is missing {name!r}")
        object.__setattr__(self, name, value)
    post = getattr(self, "__post_init__", None)
    if post is not None:
        post()


def _key(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in type(self).__record_compare__)


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        unrelated: bool = NotImplemented
        return unrelated
    same: bool = _key(self) == _key(other)
    return same


def _hash(self: Any) -> int:
    return hash((self.__class__, *_key(self)))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__record_repr__)
    return f"{type(self).__name__}({shown})"


def _frozen_setattr(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _build(cls: type[_T], frozen: bool) -> type[_T]:
    # The class's own annotations, unevaluated (inspect.get_annotations would
    # import inspect, which this module exists to avoid paying for).
    annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    specs: dict[str, _Field] = {}
    for name, annotation in annotations.items():
        if str(annotation).startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, _MISSING)
        if isinstance(value, _Field):
            specs[name] = value
        else:
            specs[name] = _Field(value, None, True, True)
        if value is not _MISSING:
            delattr(cls, name)  # instances carry every field; no class-level shadows
    names = tuple(specs)
    setattr(cls, "__record_fields__", names)  # noqa: B010
    setattr(cls, "__record_specs__", specs)  # noqa: B010
    setattr(cls, "__record_compare__", tuple(n for n in names if specs[n].compare))  # noqa: B010
    setattr(cls, "__record_repr__", tuple(n for n in names if specs[n].repr))  # noqa: B010
    setattr(cls, "__match_args__", names)  # noqa: B010
    target: Any = cls  # the methods are attached to the finished class
    target.__init__ = _init
    target.__eq__ = _eq
    target.__repr__ = _repr
    if frozen:
        target.__hash__ = _hash
        target.__setattr__ = _frozen_setattr
        target.__delattr__ = _frozen_delattr
    else:
        target.__hash__ = None
    return cls


@overload
def record(cls: type[_T], /) -> type[_T]: ...
@overload
def record(*, frozen: bool = True) -> Callable[[type[_T]], type[_T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[_T] | None = None, /, *, frozen: bool = True) -> Any:
    """Make ``cls`` a value class from its annotated attributes (frozen unless told)."""
    if cls is None:
        return lambda inner: _build(inner, frozen)
    return _build(cls, frozen)
