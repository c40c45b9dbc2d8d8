"""The msgspec Structs of the profile models, for the fast path of
:mod:`baji.profile.fast`. Generated from the models' fields by
:mod:`baji.profile.struct_source` (``python -m baji.engine.ahead src/baji``): do not
edit; tests/test_ahead.py fails when this file differs from what they give."""

import datetime as dt
from typing import Any, Literal

import msgspec

from baji.core.levels import Level
from baji.core.tenure import grade_periods

__all__ = ['PeriodStruct', 'GradeStruct', 'HonourStruct', 'AwardStruct', 'TitleStruct',
 'FindingStruct', 'RecommendationStruct', 'EmployerStruct', 'ProfileStruct']


class PeriodStruct(
        msgspec.Struct, kw_only=True, frozen=True,
        forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """:class:`baji.profile.model.Period`, as the fast path reads it."""

    start: dt.date
    end: dt.date | None = None


class GradeStruct(
        msgspec.Struct, kw_only=True, frozen=True,
        forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """:class:`baji.profile.model.Grade`, as the fast path reads it."""

    level: Level
    kind: Literal['skill_level', 'qualification'] = 'skill_level'
    occupation: str | None = None
    certificate: str | None = None
    certified_on: dt.date | None = None
    posts: tuple[PeriodStruct, ...] | None = None


class HonourStruct(
        msgspec.Struct, kw_only=True, frozen=True,
        forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """:class:`baji.profile.model.Honour`, as the fast path reads it."""

    id: Literal[
        'chongqing_skill_master',
        'chongqing_talent_programme',
        'government_special_allowance',
        'national_may_day_labour_medal',
        'national_model_worker',
        'national_skill_master_studio_leader',
        'national_skills_competition_gold',
        'national_skills_competition_gold_coach',
        'national_technical_expert',
        'national_worker_innovation_achievement',
        'provincial_skill_master_studio_leader',
        'shanghai_craftsman',
        'shanghai_may_day_labour_medal',
        'shanghai_model_worker',
        'shanghai_skills_grand_award',
        'shanghai_technical_expert',
        'skill_master_programme_provincial_or_above',
        'state_council_special_allowance',
        'world_skills_medal',
        'world_skills_winner_coach',
    ]
    date: dt.date | None = None


class AwardStruct(
        msgspec.Struct, kw_only=True, frozen=True,
        forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """:class:`baji.profile.model.Award`, as the fast path reads it."""

    id: Literal[
        'china_skills_grand_award',
        'chongqing_outstanding_talent_award',
        'chongqing_science_technology_award',
        'fujian_science_technology_award',
        'haihe_craftsman',
        'ministerial_science_technology_award',
        'national_highest_science_technology_award',
        'national_natural_science_award',
        'national_science_technology_award',
        'national_science_technology_progress_award',
        'national_technological_invention_award',
        'provincial_science_technology_award',
        'shanghai_science_technology_award',
    ]
    rank: Literal['third', 'second', 'first', 'special'] | None = None
    date: dt.date | None = None


class TitleStruct(
        msgspec.Struct, kw_only=True, frozen=True,
        forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """:class:`baji.profile.model.Title`, as the fast path reads it."""

    id: Literal[
        'intermediate_professional_title',
        'senior_professional_title_associate',
        'senior_professional_title_full',
    ]
    aligned: bool | None = None
    date: dt.date | None = None


class FindingStruct(
        msgspec.Struct, kw_only=True, frozen=True,
        forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """:class:`baji.profile.model.Finding`, as the fast path reads it."""

    kind: Literal['fraud', 'evaluation_violation']
    subject: Literal['candidate', 'employer'] = 'candidate'
    date: dt.date
    restricted_until: dt.date | None = None


class RecommendationStruct(
        msgspec.Struct, kw_only=True, frozen=True,
        forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """:class:`baji.profile.model.Recommendation`, as the fast path reads it."""

    level: Level
    date: dt.date | None = None


class EmployerStruct(
        msgspec.Struct, kw_only=True, frozen=True,
        forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """:class:`baji.profile.model.Employer`, as the fast path reads it."""

    filed_institution: bool | None = None
    filing: Literal['municipal', 'district', 'ministry', 'central_enterprise'] | None = None
    pilot: bool | None = None
    pilot_levels: tuple[Level, ...] | None = None
    skill_workforce_majority: bool | None = None
    above_scale: bool | None = None
    certification_started: bool | None = None
    senior_technician_certified: bool | None = None
    talent_mechanism: bool | None = None
    mohrss_filed: bool | None = None
    senior_technicians_in_occupation: bool | None = None
    self_assessment_since: dt.date | None = None


class ProfileStruct(
        msgspec.Struct, kw_only=True, frozen=True,
        forbid_unknown_fields=True, omit_defaults=True, gc=False):
    """:class:`baji.profile.model.Profile`, as the fast path reads it."""

    id: str | None = None
    name: str | None = None
    occupation: str | None = None
    grades: tuple[GradeStruct, ...] | None = None
    still_in_occupation: bool | None = None
    in_related_work: bool | None = None
    front_line: bool | None = None
    in_post_employee: bool | None = None
    chain_member_staff: bool | None = None
    consented_population: bool | None = None
    key_industry_occupation: bool | None = None
    honours: tuple[HonourStruct, ...] | None = None
    awards: tuple[AwardStruct, ...] | None = None
    titles: tuple[TitleStruct, ...] | None = None
    contributions: tuple[Literal[
        'high_professional_recognition',
        'key_role_in_progress',
        'national_key_projects',
        'talent_team_building',
    ], ...] | None = None
    attestations: dict[Literal[
        'chief_technician_contribution',
        'dedication',
        'law_abiding',
        'major_contribution',
        'physically_fit',
        'professional_ethics',
        'recognised_master',
        'related_occupation',
        'solved_major_quality_problem',
        'solved_major_technical_problem',
        'solves_technical_problems',
        'special_technician_competence',
        'superb_skill_outstanding_performance',
        'supports_party_line',
        'teaching_contribution',
        'widely_recognised',
    ], bool] = msgspec.field(default_factory=dict)
    findings: tuple[FindingStruct, ...] | None = None
    recommendations: tuple[RecommendationStruct, ...] | None = None
    employer: EmployerStruct = msgspec.field(default_factory=EmployerStruct)

    grade_periods = grade_periods


#: The fields of ProfileStruct that hold containers, at any depth (see
#: baji.profile.fast._plain_containers).
CONTAINERS: dict[str, tuple[str, Any]] = {'attestations': ('dict', None),
 'awards': ('tuple', ('model', {})),
 'contributions': ('tuple', None),
 'employer': ('model', {'pilot_levels': ('tuple', None)}),
 'findings': ('tuple', ('model', {})),
 'grades': ('tuple', ('model', {'posts': ('tuple', ('model', {}))})),
 'honours': ('tuple', ('model', {})),
 'recommendations': ('tuple', ('model', {})),
 'titles': ('tuple', ('model', {}))}
