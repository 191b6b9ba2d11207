"""The journey's services: the only way to change a child's records.

Each service is a plain function with keyword-only arguments. It runs in one
transaction, takes ``by`` (the acting user, or None for a system or bulk
load), enforces the journey's rules, appends one chronology event, and raises
a :class:`~continuum.journey.errors.JourneyRuleError` (writing nothing) when a
rule is broken. Update services take ``expected_version`` and raise
:class:`~continuum.journey.errors.ConcurrentChangeError` if the record has
changed since the user read it. See ``docs/journey.md``.
"""

from continuum.journey.services.care_leavers import (
    record_care_leaver_contact,
    record_pathway_plan_review,
    register_care_leaver,
)
from continuum.journey.services.child_protection import (
    complete_s47,
    end_cin_plan,
    end_cp_plan,
    hold_cp_review,
    hold_icpc,
    hold_strategy_discussion,
    record_core_group,
    start_cin_plan,
    start_cp_plan,
    start_s47,
)
from continuum.journey.services.children import (
    UNSET,
    add_family_member,
    add_relationship,
    allocate,
    change_relationship,
    end_allocation,
    link_children,
    record_address,
    record_child_death,
    register_child,
    update_child,
)
from continuum.journey.services.front_door import (
    contact_for_submission,
    contact_just_recorded,
    end_early_help,
    move_contact,
    record_contact,
    record_initial_brag,
    record_manager_oversight,
    record_mash_decision,
    record_partner_check,
    start_early_help,
    update_contact,
)
from continuum.journey.services.looked_after import (
    change_legal_status,
    change_placement,
    end_cla_episode,
    record_cla_review,
    record_dental_check,
    record_health_assessment,
    record_pep,
    record_sdq,
    start_cla_episode,
    update_cla_episode,
)
from continuum.journey.services.missing import (
    end_missing_episode,
    record_missing_episode,
    record_return_home_interview,
)
from continuum.journey.services.proceedings import (
    conclude_lado_allegation,
    end_care_proceedings,
    end_pre_proceedings,
    end_private_fostering,
    notify_private_fostering,
    record_lado_allegation,
    start_care_proceedings,
    start_pre_proceedings,
    update_pre_proceedings,
)
from continuum.journey.services.referrals import (
    check_cin_closure,
    close_cin_episode,
    complete_assessment,
    open_referral,
    start_assessment,
    update_referral,
)
from continuum.journey.services.visits import record_visit

__all__ = [
    "UNSET",
    "add_family_member",
    "add_relationship",
    "allocate",
    "change_legal_status",
    "change_placement",
    "change_relationship",
    "check_cin_closure",
    "close_cin_episode",
    "complete_assessment",
    "complete_s47",
    "conclude_lado_allegation",
    "contact_for_submission",
    "contact_just_recorded",
    "end_allocation",
    "end_care_proceedings",
    "end_cin_plan",
    "end_cla_episode",
    "end_cp_plan",
    "end_early_help",
    "end_missing_episode",
    "end_pre_proceedings",
    "end_private_fostering",
    "hold_cp_review",
    "hold_icpc",
    "hold_strategy_discussion",
    "link_children",
    "move_contact",
    "notify_private_fostering",
    "open_referral",
    "record_address",
    "record_care_leaver_contact",
    "record_child_death",
    "record_cla_review",
    "record_contact",
    "record_core_group",
    "record_dental_check",
    "record_health_assessment",
    "record_initial_brag",
    "record_lado_allegation",
    "record_manager_oversight",
    "record_mash_decision",
    "record_missing_episode",
    "record_partner_check",
    "record_pathway_plan_review",
    "record_pep",
    "record_return_home_interview",
    "record_sdq",
    "record_visit",
    "register_care_leaver",
    "register_child",
    "start_assessment",
    "start_care_proceedings",
    "start_cin_plan",
    "start_cla_episode",
    "start_cp_plan",
    "start_early_help",
    "start_pre_proceedings",
    "start_s47",
    "update_child",
    "update_cla_episode",
    "update_contact",
    "update_pre_proceedings",
    "update_referral",
]
