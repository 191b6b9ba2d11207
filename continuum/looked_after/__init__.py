"""What the SSDA903 and Annex A need about looked-after children beyond their episodes.

Adoption decisions, matching and orders (AD1, PlacedAdoption, Annex A List 10),
previous permanence (PrevPerm), yearly outcomes (OC2), motherhood (the
header's MOTHER and MC_DOB) and prospective adopters (Annex A List 11). Every
write goes through :mod:`continuum.looked_after.services`.
"""
