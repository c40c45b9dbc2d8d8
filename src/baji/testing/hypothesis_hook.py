"""baji's types registered with Hypothesis: ``st.from_type(baji.Profile)`` draws valid
candidate profiles (:func:`baji.testing.strategies.profiles`).

Hypothesis runs :func:`setup` when it is imported, through the ``hypothesis`` entry point
group (``pyproject.toml``), as its documentation asks third-party libraries to do; the
strategies module runs it too when imported, for a checkout that is not installed.
"""

from __future__ import annotations

from typing import Any


def setup() -> None:
    """Register a strategy for :class:`baji.Profile`. Only the model is imported here;
    the strategies (and the packs they read) are imported on the first draw.

    Run while ``import hypothesis`` runs: a baji that cannot be imported (a copy whose
    installed metadata no longer matches its code, say) warns instead of breaking every
    import of Hypothesis in the environment."""
    try:
        _register()
    except Exception as exc:  # noqa: BLE001 - any failure: warn, never break Hypothesis
        import warnings

        warnings.warn(f"baji could not register its Hypothesis strategy for baji.Profile: "
                      f"{type(exc).__name__}: {exc}", RuntimeWarning, stacklevel=2)


def _register() -> None:
    from hypothesis import strategies as st

    from baji.profile.model import Profile

    def profiles_for(thing: type) -> Any:
        if thing is not Profile:  # a subclass may take what Profile does not
            return NotImplemented
        from baji.testing.strategies import profiles

        return profiles()

    st.register_type_strategy(Profile, profiles_for)
