"""The DfE CIN census validation rules, one registered unit each (see ``registry``).

Importing this package registers every rule; the modules group them by the
part of the return they look at.
"""

from __future__ import annotations

from continuum.returns.cin.rules import (
    assessments,
    child,
    episodes,
    plans,
    pre_proceedings,
    return_level,
    s47,
)

__all__ = ["assessments", "child", "episodes", "plans", "pre_proceedings", "return_level", "s47"]
