"""A child's journey through children's social care, one module per phase.

:class:`continuum.synth.simulate.Simulation` holds the borough being drawn and
runs the phases; each phase is a plain function of that state and one child's
:class:`~continuum.synth.journey.state.ChildState`, drawing from the child's
own random stream in a fixed order (so the same seed gives the same borough):

* ``arrivals``: new children, and each contact with its MASH decision;
* ``referral`` and ``assessment``: a CIN episode from referral to closure;
* ``child_protection``: s47 enquiries, conferences and CP plans;
* ``child_in_need``: CIN plans;
* ``looked_after`` and ``placements``: periods of care, their episodes,
  placements, reviews and visits;
* ``missing``: missing and absent episodes;
* ``care_leavers``: leaving care and the duty after it;
* ``visits``: statutory visits during CP and CIN plans;
* ``segments``: teams' periods of work, for the workforce;
* ``cut``: what the records hold on the extraction day;
* ``draws`` and ``state``: small distributions and the child's state.

Adoption, health and early help, and duplicates are drawn after the journey,
from the finished tables (:mod:`continuum.synth.adoption`,
:mod:`continuum.synth.health_and_early_help`, :mod:`continuum.synth.duplicates`).
"""
