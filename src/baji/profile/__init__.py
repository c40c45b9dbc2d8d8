"""The candidate: the profile model and its loaders (one file, or a roster row by row).

The model's names are re-exported here, so ``from baji.profile import Profile`` works.
"""

from __future__ import annotations

from baji.profile.load import load_profiles, load_profiles_bytes
from baji.profile.model import (
                                Award,
                                Employer,
                                Finding,
                                Grade,
                                Honour,
                                Period,
                                Profile,
                                Recommendation,
                                Title,
                                parse_profile,
)

__all__ = ["Award", "Employer", "Finding", "Grade", "Honour", "Period", "Profile",
           "Recommendation", "Title", "load_profiles", "load_profiles_bytes",
           "parse_profile"]
