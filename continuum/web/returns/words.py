"""The returns' tables in words, for the validation report page: "cp_plans" reads "Child protection plans".

Why here and not in the report files: the tables' names are the rule engines' own (the report's
``table`` column, which the filters, the links to the form that fixes a failure and the
downloads all key on), but an analyst knows the return by its modules and files. Each is
named as the DfE names it (the CIN census module, the SSDA903 file, the SEN2 module), in
words where the DfE's name is an abbreviation. A table not listed is shown with its
underscores as spaces, never as a bare key.
"""

from __future__ import annotations

__all__ = ["TABLES", "table_words"]

TABLES: dict[str, str] = {
    # Any return: failures of the whole return (no child), and the file's header.
    "return": "The whole return",
    "header": "Header",
    # CIN census modules (continuum/returns/cin/schema.py).
    "children": "Child",
    "disabilities": "Disabilities",
    "cin_details": "Child in need details",
    "assessments": "Assessments",
    "assessment_factors": "Assessment factors",
    "cin_plan_dates": "Child in need plan dates",
    "section47": "Section 47 enquiries",
    "cp_plans": "Child protection plans",
    "cp_reviews": "Child protection reviews",
    "pre_proceedings": "Pre-proceedings",
    # SSDA903 files (continuum/returns/ssda903/schema.py DISPLAY_NAMES), this year's and last's.
    "episodes": "Episodes",
    "reviews": "Reviews",
    "uasc": "Unaccompanied asylum-seeking children (UASC)",
    "oc2": "Outcomes of children looked after (OC2)",
    "oc3": "Care leavers (OC3)",
    "ad1": "Adoptions (AD1)",
    "placed_adoption": "Placed for adoption",
    "prev_perm": "Previous permanence",
    "missing": "Missing",
    "missing_last": "Missing (last year)",
    "social_worker": "Social worker episodes",
    "dolo": "Deprivation of liberty orders",
    "dolo_last": "Deprivation of liberty orders (last year)",
    # SEN2 modules (continuum/returns/sen2/layout.py).
    "persons": "Person",
    "requests": "Requests",
    "named_plans": "Named plan",
    "plan_details": "Plan detail",
    "active_plans": "Active plans",
    "placements": "Placement detail",
    "sen_needs": "Special educational needs",
}


def table_words(table: str | None) -> str:
    """The table as the report page names it ("" for none)."""
    if not table:
        return ""
    if table in TABLES:
        return TABLES[table]
    words = table.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
