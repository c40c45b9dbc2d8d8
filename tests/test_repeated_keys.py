"""The generated walk of baji.profile.repeated: it counts the keys a document gave and
checks every date on the way, at any depth, for any Struct shape it accepts; a shape
it could count or check wrongly is refused when the walk is generated, not run."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from baji.profile.repeated import Checks, counters


class Refused(Exception):
    pass


class Leaf(msgspec.Struct, kw_only=True, frozen=True, omit_defaults=True):
    on: dt.date
    until: dt.date | None = None
    note: str | None = None


class Middle(msgspec.Struct, kw_only=True, frozen=True, omit_defaults=True):
    kind: str = "plain"
    leaves: tuple[Leaf, ...] | None = None
    flags: dict[str, bool] = msgspec.field(default_factory=dict)


class Top(msgspec.Struct, kw_only=True, frozen=True, omit_defaults=True):
    name: str | None = None
    middles: tuple[Middle, ...] | None = None
    one: Middle = msgspec.field(default_factory=Middle)
    seen: dt.date | None = None


CHECKS = Checks(low=dt.date(1900, 1, 1), high=dt.date(2199, 12, 31), refuse=Refused,
                first=("leaves = 0",),
                each={Leaf: ("leaves += 1",),
                      Top: ("if leaves > 3:", "    raise refuse")})
COUNT = counters(Top, CHECKS)
decode = msgspec.json.Decoder(Top).decode


@pytest.mark.parametrize(("blob", "keys"), [
    (b'{}', 0),
    (b'{"name": "a:b"}', 1),
    (b'{"one": {}}', 0),  # given at its default: not counted (the document goes to the model)
    (b'{"one": {"kind": "plain"}}', 0),
    (b'{"one": {"kind": "x", "flags": {"a": true, "b": false}}}', 5),
    (b'{"middles": [{"leaves": [{"on": "2020-01-01", "until": "2021-01-01"}]}, {}]}', 4),
    (b'{"seen": "2020-01-01", "middles": []}', 2),
])
def test_the_walk_counts_the_keys_given(blob: bytes, keys: int) -> None:
    """Each field that differs from its default, and each entry of a dict, at any depth."""
    assert COUNT.keys(decode(blob)) == keys


@pytest.mark.parametrize("blob", [
    b'{"seen": "1899-12-31"}',
    b'{"one": {"leaves": [{"on": "2200-01-01"}]}}',
    b'{"middles": [{}, {"leaves": [{"on": "2020-01-01", "until": "1066-10-14"}]}]}',
])
def test_every_date_is_checked_at_any_depth(blob: bytes) -> None:
    with pytest.raises(Refused):
        COUNT.keys(decode(blob))
    with pytest.raises(Refused):
        COUNT.checks(decode(blob))


def test_the_callers_checks_run_on_each_struct_and_at_the_end() -> None:
    leaf = b'{"on": "2020-01-01"}'
    three = b'{"middles": [{"leaves": [' + b", ".join([leaf] * 3) + b"]}]}"
    assert COUNT.keys(decode(three)) == 5  # middles, leaves, on three times
    assert COUNT.checks(decode(three)) == 0  # the same walk, checking alone
    four = b'{"middles": [{"leaves": [' + b", ".join([leaf] * 4) + b"]}]}"
    with pytest.raises(Refused):
        COUNT.keys(decode(four))
    with pytest.raises(Refused):
        COUNT.checks(decode(four))


def test_the_colons_of_texts_are_counted_apart() -> None:
    found = decode(b'{"name": "a:b:c", "middles": [{"leaves": [{"on": "2020-01-01",'
                   b' "note": "x:y"}]}]}')
    assert COUNT.text_colons(found) == 3


class Dates(msgspec.Struct):
    days: tuple[dt.date, ...] = ()


class ByName(msgspec.Struct):
    days: dict[str, dt.date] = msgspec.field(default_factory=dict)


class Stamp(msgspec.Struct):
    at: dt.datetime | None = None


class Other(msgspec.Struct):
    x: int = 0


class Either(msgspec.Struct):
    part: Leaf | Other | None = None


class Preset(msgspec.Struct):
    part: Middle = Middle(kind="preset")


class Chain(msgspec.Struct):
    next: Chain | None = None


@pytest.mark.parametrize("shape", [Dates, ByName, Stamp, Either, Preset, Chain])
def test_a_shape_the_walk_cannot_count_or_check_is_refused_when_generated(
        shape: type[msgspec.Struct]) -> None:
    """A date inside a tuple or a dict, a datetime, a Struct among others in a union (it
    would go unchecked and uncounted), a default that itself holds keys (they would be
    counted though the document gave none), a Struct holding itself (no end to the
    walk): no walk is generated."""
    with pytest.raises(TypeError):
        counters(shape, CHECKS)
