"""Field lists the looked-after records share with the return, the importer and the synthetic loader.

Kept free of Django so the SSDA903 importer and the synthetic borough's bulk
loader can use them without setting Django up; one list means a new OC2 flag or
adopter-household stage is added in one place.
"""

from __future__ import annotations

#: The SSDA903 OC2 yes/no outcomes, as field names (the column is the upper-case name).
OUTCOME_FLAGS = (
    "convicted",
    "health_check",
    "immunisations",
    "teeth_check",
    "health_assessment",
    "substance_misuse",
    "intervention_received",
    "intervention_offered",
)

#: An adopter household's reference, fostering-for-adoption flag and its stage dates (Annex A List 11).
HOUSEHOLD_FIELDS = (
    "reference",
    "fostering_for_adoption",
    "enquiry_date",
    "stage1_start",
    "stage1_end",
    "stage2_start",
    "stage2_end",
    "application_date",
    "approval_date",
    "left_date",
    "left_reason",
)

#: An adoption plan's dates, in the order the steps happen (AD1, PlacedAdoption, Annex A List 10).
PLAN_DATES = (
    "date_should_be_placed",
    "date_placement_order",
    "date_ffa_placed",
    "date_match",
    "date_placed",
    "date_adoption_order",
    "date_placed_ceased",
)

#: Every field an adoption plan's services may set: the dates, then the reason and the AD1 details.
PLAN_FIELDS = (*PLAN_DATES, "reason_placed_ceased", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr")
