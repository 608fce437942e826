"""`base.model.record` gives the classes `dataclass` would give, with the methods compiled on first use.

Each record module is loaded a second time with `@record` written back to `@dataclass`, and every
class is compared with its twin: docstring, fields, parameters, match args, and what instances do
(repr, equality, hashing, refusing to change when frozen, the `__init__` signature once built).
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import subprocess
import sys
import threading
import types
from pathlib import Path
from typing import Any

import pytest

import duban.base.model
import duban.base.stored
from duban.base.model import Measure, Unit, record

ROOT = Path(__file__).resolve().parents[1]
MODULES = (duban.base.model, duban.base.stored)


def _stdlib_twin(module: types.ModuleType) -> types.ModuleType:
    """`module` executed again with `@dataclass` where it says `@record`."""
    path = Path(str(module.__file__))
    source = path.read_text(encoding="utf-8")
    assert "@record" in source
    source = source.replace("@record(frozen=True)\n", "@dataclasses.dataclass(frozen=True)\n")
    source = source.replace("@record\n", "@dataclasses.dataclass\n")
    source = source.replace(
        "from __future__ import annotations\n", "from __future__ import annotations\nimport dataclasses\n"
    )
    twin = types.ModuleType(module.__name__ + "_stdlib_twin")
    twin.__file__ = str(path)
    sys.modules[twin.__name__] = twin
    exec(compile(source, str(path), "exec"), twin.__dict__)
    return twin


def _records(module: types.ModuleType) -> list[str]:
    return [
        name
        for name, value in vars(module).items()
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__
    ]


def _arguments(cls: type) -> dict[str, Any]:
    return {
        f.name: f"v-{f.name}"
        for f in dataclasses.fields(cls)
        if f.init and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }


def _field_view(cls: type) -> list[tuple[Any, ...]]:
    return [
        (f.name, f.type, f.default, _named(f.default_factory), f.init, f.repr, f.hash, f.compare, f.kw_only)
        for f in dataclasses.fields(cls)
    ]


def _named(factory: Any) -> Any:
    """A factory by its name (the twin module's classes are its own)."""
    return getattr(factory, "__qualname__", factory)


def _params(cls: type) -> tuple[Any, ...]:
    p = cls.__dataclass_params__  # type: ignore[attr-defined]
    return (p.init, p.repr, p.eq, p.order, p.unsafe_hash, p.frozen)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_each_record_is_what_dataclass_makes(module: types.ModuleType) -> None:
    twin = _stdlib_twin(module)
    names = _records(module)
    assert len(names) >= 10 and names == _records(twin)
    for name in names:
        ours, theirs = getattr(module, name), getattr(twin, name)
        assert ours.__doc__ == theirs.__doc__, name
        assert _field_view(ours) == _field_view(theirs), name
        assert _params(ours) == _params(theirs), name
        assert ours.__match_args__ == theirs.__match_args__, name
        assert (ours.__hash__ is None) == (theirs.__hash__ is None), name
        kwargs = _arguments(ours)
        a, b, c = ours(**kwargs), ours(**kwargs), theirs(**kwargs)
        assert repr(a) == repr(c), name
        assert a == b and a is not b and a != c, name  # equal within the class only, as dataclass
        assert str(inspect.signature(ours)) == str(inspect.signature(theirs)), name
        for fn in ("__init__", "__repr__", "__eq__"):
            assert getattr(ours, fn).__qualname__ == getattr(theirs, fn).__qualname__, (name, fn)
        if _params(ours)[-1]:  # frozen
            for instance in (a, c):
                with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field"):
                    instance.extra = 1
                with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field"):
                    del instance.extra
            try:
                assert hash(a) == hash(b) == hash(c), name
            except TypeError:  # a field holds an unhashable record (as with dataclass)
                with pytest.raises(TypeError):
                    hash(c)
        else:
            a.extra = 1
            with pytest.raises(TypeError):
                hash(a)
        if kwargs:
            changed = dataclasses.replace(a, **{next(iter(kwargs)): "other"})
            assert changed != a and type(changed) is ours


def test_import_compiles_no_record_methods() -> None:
    """Loading the record modules compiles nothing; the first instance compiles its class only."""
    code = (
        "import duban.base.stored as s, duban.base.model as m\n"
        "built = lambda: sorted({n for mod in (m, s) for n, c in vars(mod).items()"
        " if isinstance(c, type) and '__record_built__' in c.__dict__})\n"
        "print(built()); m.Unit('x'); print(built())"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "['Unit']"]


def test_classes_built_from_many_threads_at_once() -> None:
    @record(frozen=True)
    class Pair:
        left: int
        right: tuple[int, ...] = ()

    results: list[Pair] = []

    def make(i: int) -> None:
        results.append(Pair(i, (i,)))

    threads = [threading.Thread(target=make, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results, key=lambda p: p.left) == [Pair(i, (i,)) for i in range(8)]
    assert len({*results}) == 8


def test_a_class_with_its_own_method_is_plain_dataclass() -> None:
    @record
    class Shown:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert repr(Shown("a")) == "<a>" and Shown("a") == Shown("a")
    assert "__record_built__" not in Shown.__dict__


def test_records_nest_and_round_trip() -> None:
    measure = Measure("文本", 0, 2, 1, units=[Unit("市财政局", "lead")])
    assert Measure.from_json(measure.to_json()) == measure
    assert measure.units[0] == Unit("市财政局", "lead") != Unit("市财政局")
