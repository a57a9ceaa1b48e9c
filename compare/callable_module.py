"""`compare.search`, `compare.diff` and `compare.matrix` each name both a module and the function the
package exports from it, and whichever Python binds last wins (importing the submodule rebinds the
package attribute). Making the module callable lets `compare.diff(a, b)` work either way."""

from __future__ import annotations

import sys
import types


def make_callable(module_name: str, function_name: str) -> None:
    module = sys.modules[module_name]

    class CallableModule(types.ModuleType):
        def __call__(self, *args, **kwargs):
            return getattr(self, function_name)(*args, **kwargs)

    module.__class__ = CallableModule
