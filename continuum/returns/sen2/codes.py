"""SEN2's code lists as Continuum's values, stated once: the export writes them, the import reads
them back through the inverses derived here (so the two directions cannot drift apart).

Continuum's values are the lower-case choices of ``continuum.send.models``; the analytical tables
hold them upper-cased (``ehc_requests.requested_by``, ``ehc_plans.cease_reason``).
"""

from __future__ import annotations

#: RequestSource (guide item 2.1a, as Continuum reads it) by ``EHCRequest.requested_by``.
REQUEST_SOURCE = {"parent": "1", "young_person": "2", "school": "3", "other": "4"}
#: CeaseReason (guide item 4.6) by ``EHCPlan.cease_reason``.
CEASE_CODES = {
    "age_25": "1",
    "needs_met": "2",
    "higher_education": "3",
    "employment": "4",
    "moved_la": "5",
    "left_education": "6",
    "died": "8",
    "other": "9",
}
#: ReviewOutcome by ``AnnualReview.outcome``.
REVIEW_OUTCOME = {"maintain": "M", "amend": "A", "cease": "C"}


def _upper_inverse(codes: dict[str, str]) -> dict[str, str]:
    return {code: ours.upper() for ours, code in codes.items()}


#: RequestSource as ``ehc_requests.requested_by``.
REQUESTED_BY = _upper_inverse(REQUEST_SOURCE)
#: CeaseReason as ``ehc_plans.cease_reason``; 7 (moved outside England) has no reason of its own in
#: Continuum, so it reads as other.
CEASE_REASON = {**_upper_inverse(CEASE_CODES), "7": "OTHER"}
