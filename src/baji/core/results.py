"""The base of baji's result classes: frozen dataclasses of baji's own, whose JSON,
validation and schema come from pydantic through its public :class:`~pydantic.TypeAdapter`.

The evaluator builds tens of result objects per candidate from values it made itself
(levels, statuses, citations of the compiled pack). Validating them again would cost
more than the evaluation, so :meth:`Result.of_fields` builds an instance from fields
that are already valid: the class is baji's own, so this touches no library's state.
Everything else validates: the constructor (``Trace(node=..., ...)``),
:meth:`Result.model_validate` and :meth:`Result.model_validate_json`.

A result may leave some fields to be filled when first read (:class:`Pending`): the
evaluator answers status, path and earliest date at once and works out the trace,
results and citations only for a caller who reads them. Reading such a field (directly,
by comparing, hashing, printing, pickling or serialising the result) fills every field
the pending work gives, once; the result then behaves as if built whole.

The methods keep the names callers used when these were pydantic models
(``model_dump_json``, ``model_validate_json``, ``model_json_schema``, ``model_copy``…),
so ``Decision.model_validate_json(d.model_dump_json()) == d`` still holds.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import ConfigDict, TypeAdapter

R = TypeVar("R", bound="Result")

_new = object.__new__
_set = object.__setattr__
_ADAPTERS: dict[type, TypeAdapter[Any]] = {}
_LOCK = threading.Lock()


def result_config(doc: str | None) -> ConfigDict:
    """The pydantic configuration of a result class: unknown fields refused, and the
    class's docstring as its schema's description (which pydantic's older releases do
    not take from a dataclass by themselves)."""
    extra: dict[str, Any] = {"description": " ".join(doc.split())} if doc else {}
    return ConfigDict(extra="forbid", json_schema_extra=extra or None)


T = TypeVar("T")


def lazy_fields(cls: type[T]) -> type[T]:
    """Class decorator, over ``dataclasses.dataclass``: each lazy field (``LAZY``) becomes
    a :class:`_LazyField` on the class, which an instance's own value hides once held;
    its default stays in the dataclass's fields (for the schema and validation)."""
    for name in getattr(cls, "LAZY", ()):
        setattr(cls, name, _LazyField(name, vars(cls).get(name)))
    return cls


class _LazyField:
    """A lazy field, read from the class when the instance does not hold it (yet): runs
    the instance's :class:`Pending` work, which stores the value in the instance. Read
    from the class itself, it gives the field's default."""

    __slots__ = ("name", "default")

    def __init__(self, name: str, default: object) -> None:
        self.name = name
        self.default = default

    def __get__(self, result: Result | None, owner: type) -> Any:
        if result is None:
            return self.default
        state = result.__dict__
        pending = state.get(_PENDING)
        if pending is None:
            raise AttributeError(f"{owner.__name__!r} object has no attribute {self.name!r}")
        pending.fill(result, self.name)
        return state[self.name]


class Pending:
    """Work that fills the lazy fields of one or more results when first read.

    It holds what it needs to compute them, never the results themselves (so a result
    and its pending work make no reference cycle). :meth:`fill` is called with no lock:
    two threads reading a pending field of the same result at once may both run it,
    and both store equal values (it must be pure).
    """

    __slots__ = ()

    def fill(self, result: Result, name: str) -> None:  # pragma: no cover - overridden
        """Compute and store (with :func:`store`) lazy field ``name`` of ``result``, and
        as many of its other lazy fields as the same work gives."""
        raise NotImplementedError


def store(result: Result, fields: dict[str, Any], *, done: bool = True) -> None:
    """Store ``fields`` in ``result`` (lazy fields :class:`Pending` work has computed),
    then, when the work is ``done`` (every lazy field stored), forget it."""
    state = result.__dict__
    state.update(fields)
    if done:
        state.pop(_PENDING, None)


_PENDING = "_pending"


class Result:
    """Shared behaviour of the result classes (each a frozen dataclass subclass)."""

    __pydantic_config__: ClassVar[ConfigDict]
    #: The fields that :class:`Pending` work may leave to be filled when first read.
    LAZY: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.__pydantic_config__ = result_config(cls.__doc__)

    def __init__(self, **fields: Any) -> None:
        # Declared with ``init=False`` in every subclass: the constructor validates.
        valid = _adapter(type(self)).validate_python(fields)
        _set(self, "__dict__", valid.__dict__)

    @classmethod
    def of_fields(cls: type[R], fields: dict[str, Any], pending: Pending | None = None) -> R:
        """An instance holding ``fields`` as given, unvalidated.

        Args:
            fields: a value for every field of ``cls``, in declaration order, each
                already of the declared type (the caller's responsibility); with
                ``pending``, fields of :attr:`LAZY` may be left out.
            pending: the work that fills the fields left out, run when one is read.
        """
        made = _new(cls)
        if pending is not None:
            fields[_PENDING] = pending
        _set(made, "__dict__", fields)
        return made

    def __getstate__(self) -> dict[str, Any]:
        # Pickled and copied whole: pending work (which holds the compiled pack) is run.
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    def __setstate__(self, state: dict[str, Any]) -> None:
        _set(self, "__dict__", dict(state))

    @classmethod
    def model_validate(cls: type[R], data: Any) -> R:
        """Validate ``data`` (a dict, or an instance) into an instance."""
        found: R = _adapter(cls).validate_python(data)
        return found

    @classmethod
    def model_validate_json(cls: type[R], data: str | bytes | bytearray) -> R:
        """Validate a JSON document into an instance."""
        found: R = _adapter(cls).validate_json(data)
        return found

    @classmethod
    def model_json_schema(cls, *, by_alias: bool = True,
                          mode: Literal["validation", "serialization"] = "validation"
                          ) -> dict[str, Any]:
        """The JSON Schema of the class."""
        return _adapter(cls).json_schema(by_alias=by_alias, mode=mode)

    def model_dump(self, *, mode: Literal["python", "json"] = "python",
                   include: Any = None, exclude: Any = None,
                   exclude_defaults: bool = False, exclude_none: bool = False
                   ) -> dict[str, Any]:
        """The fields as a dict (``mode="json"``: as JSON would give them)."""
        found: dict[str, Any] = _adapter(type(self)).dump_python(
            self, mode=mode, include=include, exclude=exclude,
            exclude_defaults=exclude_defaults, exclude_none=exclude_none)
        return found

    def model_dump_json(self, *, indent: int | None = None, include: Any = None,
                        exclude: Any = None, exclude_defaults: bool = False,
                        exclude_none: bool = False) -> str:
        """The JSON document of the instance."""
        return _adapter(type(self)).dump_json(
            self, indent=indent, include=include, exclude=exclude,
            exclude_defaults=exclude_defaults, exclude_none=exclude_none).decode()

    def model_copy(self: R, *, update: dict[str, Any] | None = None) -> R:
        """A copy with the fields of ``update`` replaced, unvalidated (as pydantic's
        ``model_copy`` does)."""
        fields = self.__getstate__()
        fields.update(update or {})
        return type(self).of_fields(fields)


def _adapter(cls: type[R]) -> TypeAdapter[R]:
    found = _ADAPTERS.get(cls)
    if found is None:
        with _LOCK:
            found = _ADAPTERS.get(cls)
            if found is None:
                found = _ADAPTERS[cls] = TypeAdapter(cls)
    return found
