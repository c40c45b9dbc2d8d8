"""Native twins of strict models: the same inputs accepted, checked in pydantic-core.

A :class:`~baji.core.models.StrictModel` checks some of its fields in Python (dates, names
resolved through the vocabulary, lists taken as tuples): that is what gives each problem
its coded, located and readable error, and it costs a Python call per field. The twin
:func:`twin` builds from the same field declarations does the work natively, with no
Python call per field: each annotated type the models use is given a native schema
that accepts the same values (or fewer) and gives the same result, and a failure only
says "not this way". A caller tries the twin first; when it refuses, the model itself
validates again and explains every problem. So the twin needs no error of its own, only
never to accept what the model refuses, nor to build anything else than the model would.
"""

from __future__ import annotations

import threading
import types
import typing
from collections.abc import Callable, Collection, Mapping
from functools import partial
from typing import Any, Generic, NoReturn, TypeVar

from pydantic import BaseModel
from pydantic_core import CoreConfig, SchemaValidator
from pydantic_core import core_schema as cs

_V = TypeVar("_V")

#: Strict as the models are; each schema that coerces says so itself.
_CONFIG = CoreConfig(strict=True, extra_fields_behavior="forbid")
#: One twin built at a time (see the end of :func:`twin`).
_BUILDING = threading.Lock()
#: The validators of :class:`~baji.core.models.StrictModel` itself: a list taken as a tuple,
#: as :func:`tuple_of` does.
_STRICT_MODEL_VALIDATORS = ("_lists_as_tuples",)


class _Table(dict[str, _V], Generic[_V]):
    """A name table whose miss is a refusal (a ``ValueError``), so that its bound
    ``__getitem__`` (C code, no Python frame) can serve as a native validator."""

    def __missing__(self, key: str) -> NoReturn:
        raise ValueError("not in the table")  # not the key: it may not be UTF-8


def lookup(table: Mapping[str, object]) -> cs.CoreSchema:
    """A text looked up in ``table``: its value, or a refusal for a text not in it.

    Only exact keys are found: a name the model would first clean up (strip) is
    refused here, and the model accepts it.
    """
    return cs.no_info_after_validator_function(_Table(table).__getitem__, cs.str_schema())


def tuple_of(item: cs.CoreSchema, *, in_list: cs.CoreSchema | None = None
             ) -> cs.CoreSchema:
    """A tuple of ``item``: from a JSON array, a tuple, or a list as the strict models
    take one; ``in_list`` validates the items of an array or a list instead, when a list
    accepts more than a tuple does."""
    from_list = cs.chain_schema([
        cs.list_schema(in_list or item),
        cs.tuple_schema([cs.any_schema()], variadic_item_index=0, strict=False)])
    return cs.json_or_python_schema(
        json_schema=cs.tuple_schema([in_list or item], variadic_item_index=0),
        python_schema=cs.union_schema([from_list, cs.tuple_schema([item],
                                                                   variadic_item_index=0)],
                                      mode="left_to_right"))


def twin(model: type[BaseModel], natives: Mapping[object, cs.CoreSchema], *,
         bare: Mapping[type[BaseModel], str] | None = None,
         after: Callable[[Any], Any] | None = None,
         covered: Collection[str] = ()) -> SchemaValidator:
    """The native twin of ``model`` (and of every model its fields hold).

    Args:
        model: a strict model (strict, unknown fields forbidden) whose fields are, at any
            depth, ``X | None``, ``Literal``, ``tuple[X, ...]``, ``dict[K, V]``, another
            such model, or a type of ``natives``.
        natives: the native schema of each other annotated type (``str``, ``bool``, an
            ``Annotated`` date...), by the annotation itself.
        bare: models a list may give by one bare text, standing for ``{field: text}``
            (``["全国技术能手"]`` for ``[{"id": "全国技术能手"}]``).
        after: a function given the built ``model`` (raising ``ValueError`` or a
            pydantic-core error to refuse it): the checks across fields, once.
        covered: the names of the models' own validators (``@field_validator``,
            ``@model_validator``) that ``natives``, ``bare`` and ``after`` stand in for.

    Raises:
        TypeError: a model's validator is not ``covered``, a model is not strict, or a
            field has constraints or an annotation with no native schema. A twin that
            left a check out would accept what the model refuses.
    """
    built: dict[type[BaseModel], cs.CoreSchema] = {}
    bare = bare or {}
    known = {*covered, *_STRICT_MODEL_VALIDATORS}

    def of_type(tp: object) -> cs.CoreSchema:
        if tp in natives:  # Annotated aliases compare by their metadata
            return natives[tp]
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return of_model(tp)
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin in (typing.Union, types.UnionType) and type(None) in args:
            rest = [a for a in args if a is not type(None)]
            inner = of_type(rest[0] if len(rest) == 1 else typing.Union[tuple(rest)])
            return cs.nullable_schema(inner)
        if origin is typing.Literal:
            return cs.literal_schema(list(args))
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            item = of_type(args[0])
            field = bare.get(args[0]) if isinstance(args[0], type) else None
            if field is None:
                return tuple_of(item)
            named = cs.chain_schema([  # text -> {field: text} -> item
                cs.str_schema(),
                cs.no_info_plain_validator_function(partial(dict.fromkeys, (field,))),
                item])
            return tuple_of(item, in_list=cs.union_schema([item, named],
                                                          mode="left_to_right"))
        if origin is dict:
            # A JSON object may repeat a key. Read it as a mapping first (the last value,
            # at the first place), as the model does, and only then look up its keys:
            # two names of one item would otherwise meet in another order.
            mapping = cs.dict_schema(of_type(args[0]), of_type(args[1]))
            return cs.json_or_python_schema(
                json_schema=cs.chain_schema([cs.dict_schema(cs.str_schema(),
                                                            cs.any_schema()), mapping]),
                python_schema=mapping)
        raise TypeError(f"no native schema for {tp!r}")

    def of_model(cls: type[BaseModel]) -> cs.CoreSchema:
        if cls not in built:
            config = cls.model_config
            if config.get("strict") is not True or config.get("extra") != "forbid":
                raise TypeError(f"{cls.__name__} is not strict: it has no twin")
            found = cls.__pydantic_decorators__
            for name in (*found.validators, *found.field_validators, *found.root_validators,
                         *found.model_validators):
                if name not in known:
                    raise TypeError(f"{cls.__name__}.{name}: a validator the twin lacks")
            hints = typing.get_type_hints(cls, include_extras=True)
            fields: dict[str, cs.ModelField] = {}
            for name, info in cls.model_fields.items():
                # the metadata of the annotation itself is known (an IsoDate's validators);
                # any other (Field(max_length=...), an alias) is a check the twin lacks
                own = list(getattr(hints[name], "__metadata__", ()))
                if list(info.metadata) != own or info.alias is not None \
                        or info.validation_alias is not None:
                    raise TypeError(f"{cls.__name__}.{name}: constraints the twin lacks")
                schema = of_type(hints[name])
                if info.default_factory is not None:
                    schema = cs.with_default_schema(
                        schema, default_factory=typing.cast(Callable[[], Any],
                                                            info.default_factory))
                elif not info.is_required():
                    schema = cs.with_default_schema(schema, default=info.default)
                fields[name] = cs.model_field(schema)
            inner = cs.model_fields_schema(fields, model_name=cls.__name__,
                                           extra_behavior="forbid")
            built[cls] = cs.model_schema(cls, inner, custom_init=False, root_model=False,
                                         config=_CONFIG)
        return built[cls]

    root = of_model(model)
    if after is not None:
        root = cs.no_info_after_validator_function(after, root)
    # pydantic-core reuses a complete model's own validator wherever a schema names the
    # model (a "prebuilt" validator), which would run the models' Python validators after
    # all. The models read as incomplete while the twin is built, so that it builds its
    # own; should pydantic-core reuse them anyway, the twin stays right, only slow (a
    # test watches for that).
    with _BUILDING:
        complete = {cls: cls.__dict__["__pydantic_complete__"] for cls in built}
        try:
            for cls in built:
                cls.__pydantic_complete__ = False
            return SchemaValidator(root, _CONFIG)
        finally:
            for cls, was in complete.items():
                cls.__pydantic_complete__ = was
