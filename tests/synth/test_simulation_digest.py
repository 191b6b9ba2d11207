"""Known answers for the simulator: a digest of every table of two boroughs.

Why: the simulator was split into one module per phase of the journey
(``continuum/synth/journey/``) with the promise that the borough stays the
same, draw for draw; these digests were computed before the split and matched
after it. They also guard against an accidental change later: moving a random
draw, drawing from another stream, or reordering phases changes some table's
digest here even when every statistical test still passes. A deliberate change
to the simulation changes them too: then recompute them (``table_digests``
below) and say in the commit which tables moved and why.

A row's digest covers its fields that hold a value (not ``None``), so a new
optional field on a record, left empty by the simulator, changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from datetime import date

from continuum.synth.model import Borough
from continuum.synth.simulate import SimConfig, simulate


def _filled(row: object) -> tuple[tuple[str, object], ...]:
    """The row's fields that hold a value, by name, in the record's field order."""
    pairs = ((f.name, getattr(row, f.name)) for f in fields(row))  # type: ignore[arg-type]
    return tuple((name, value) for name, value in pairs if value is not None)


def table_digests(borough: Borough) -> dict[str, tuple[int, str]]:
    """Per table: its number of rows and a SHA-256 over its rows, in sorted order."""
    out = {}
    for name in sorted(borough.tables):
        rows = sorted(repr(_filled(row)) for row in borough.tables[name])
        out[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


#: ``SimConfig(years=5, seed=1, last_year_end=date(2026, 3, 31))``: the session borough of
#: ``tests/synth/conftest.py`` (the default ``last_year_end`` when the split was made).
LAST_YEAR_END_2026 = {
    "adopters": (165, "bb2cbd2d06d9910bbf1beb9a75481ec696c3761136bb02c3fbfb6bb7ba610a72"),
    # adoptions, cla_outcomes (issue 13 point 6): adopters' legal status in the DfE's codes (L0 single,
    # L2/L3/L4/L11/L12 couples) and INTERVENTION_OFFERED only without an intervention received (rule
    # 158); the same draws, so no other table moved.
    "adoptions": (67, "f1f90738b8e5653f88cf286d5817d446ccb768f78bbe555d99843b29d6142068"),
    "allocations": (24596, "2428768f173121395c3bd4eb8bcbdb732cf4d54c304578da1d0a9bd9e0024056"),
    "assessments": (18815, "222fa5697266954bb27c9ba30085233ea6d4d2c5b2e3cc278445d67e643725b4"),
    # care_leaver_contacts, care_leavers (issue 15 point 2): the status at leaving and around each
    # 19th-21st birthday, drawn from a stream of its own per care leaver (so no other table moved);
    # the care leaver's latest status is its latest contact's.
    "care_leaver_contacts": (1824, "7ea0487af4355fd77499f7cb73f925bd6ef4bf1bed2cfbc9eb94ed311542e6ce"),
    "care_leavers": (542, "050869ef0afe1b5aff6628473c2830653bd3b6804054cefb45785ec6ce430059"),
    "children": (58270, "9ab769f51a943ac84916c7693868412f7a518354699bb1807e355f7cc3f6979b"),
    "cin_plans": (6945, "eca7736ac389772c71964214f02d0b8e37d7fa848f6a75a11bbb14e398475381"),
    "cla_episodes": (3795, "9705558ba03461a5047fc2fa968b03aab235c4ccc8cc1989fb9c0078959b2658"),
    "cla_outcomes": (1009, "0e3a31703b540a66cda3c85b92f1a2fee25cd3ff3c569b3e61b28d53c0c6a282"),
    "conferences": (4898, "b88db612b05bcec29f38c25a5aa2c0ef0db145de7136c16bef753e72b569afe9"),
    "contacts": (94210, "d6bc70ed108fb83ce31df85e6deb0a6e175f820e9f14801fc1b0e5fd6f8e76b9"),
    "cp_plans": (1731, "389dd718ca126ecb47ee4804564a956b9535c64d4be830c7266844e1cba83d00"),
    "dental_checks": (1994, "c06d5b3d9f96f8238200dc7d29794c271e7399201932b4f2a446cda4e6708972"),
    "early_help": (13640, "3e0bfb6afa901282a02869f3886b120579a262b3bd5f1df18234c1f2a52a07b6"),
    "health_assessments": (2623, "5622c91c2e2c9529aeee8472165f604f85504f47702ed749d4a108aaf7b9efc1"),
    "missing": (746, "a7a5d9ce1c500686cd29f12db3fb6f9e54c3180bb5ed468ca0f748746d9b621b"),
    "motherhood": (303, "7261da63af1329a980e34737529e9443a70ae4585a32b9d44190b754b455c60b"),
    "peps": (3585, "604203d178368221dfa89e9d523efab672ff9f933bea7bd54871938a14a51eaf"),
    "pre_proceedings": (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    "case_audits": (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    "ehc_requests": (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    "ehc_plans": (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    "ehc_transfers": (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    "prev_perm": (1511, "b50cda3a9c48b0c1189b408a44af1a8dc53ee596b294fbaa2183fa01aa6832be"),
    "referrals": (16544, "643ab5fb4ee1952a6573389672579e1e89ca2455cdea92aa4eac1d8b65e15f23"),
    "reviews": (16466, "1e25ce8396aa07809f16aae88e984dce4288b7b15842687a96c10fa6394d717a"),
    "s47": (3325, "fb9d17c8146f2495495b3f120241d1d82d674329f42d9e61a935ebe9b6e9976d"),
    "teams": (15, "ffecf0e40aeb4367fef7d4d74c250893a882fa01bad375380aed9283b6276e65"),
    "visits": (99758, "5a20999988a73e311579fae4eb6cb948afd59b748af95adf8232b7713538ccd4"),
    "workers": (245, "6094b1980c6bd45f007811cdffa8ab8759fc56a4f414eb9b9f2d6f0a067a835b"),
}

#: ``SimConfig(years=5, seed=1, as_of=date(2026, 11, 30))``: the demo's borough in the present.
AS_OF_2026_11_30 = {
    "adopters": (188, "15adc3a5a6c24fb7d49820809d1d759064707f8ab9624d2ce2d69ac2ae294544"),
    "adoptions": (75, "7c5526266d6b02bf93958e149d6d811c31317b7389a1dfd5b00c079d2e8c447f"),
    "allocations": (27346, "84b488aa81483f2efacbc49358440e75e41d371e41680c65198205cfeb92a16e"),
    "assessments": (20766, "c0190f1d8d99c3f15f77f65866185706b4d4cc254de6e1f631c597b648388eb9"),
    "care_leaver_contacts": (1988, "c5775c45309f0660f6a27bf9b59f91e36ce122a3ca732027b03c49eb8fd981fd"),
    "care_leavers": (585, "3302526cbffbd75cdb5961cbcbe23a6ba794f68d373a0c3687d8e2c007ae84e3"),
    "children": (63851, "60cad4dc061de0be712d214152b70154fabaffa8846d02ee595a736b3627fecc"),
    "cin_plans": (7661, "d71f8ed90b8896d354ded35e78a5f4014dd9b168b34893f41a8069df7bf58ded"),
    "cla_episodes": (4097, "0c1c366b45643c7cbe32a7e93579181ae95d09850df665e70b652ac188e0afa0"),
    "cla_outcomes": (1009, "8e750824c5c553c2c7eb3f20a84c0ce385b3fa139c69346b912799885b9128ee"),
    "conferences": (5442, "ab5449c3db393047024f75c39a3bbd14122c5845e96bcb69f77c605c60bd32f0"),
    "contacts": (104471, "16e6885b7bc4ed2f9193ef82d4a821fa4ba129c5eb6c6fdd7a1321d2f5fac593"),
    "cp_plans": (1905, "ade0ee06a4ef159a86bd247db5f69a8c7602ac3588fb73cc90ac8a582352dc73"),
    "dental_checks": (2234, "a04237736b665f1fd2edf8d25b6ae817b896057e9c1299f8e0d3b2afde42e53c"),
    "early_help": (15204, "61011159353659867e3d8babf338e0eeccaaa27c4edd6cc5e712a4203d47702c"),
    "health_assessments": (2941, "a39ea3a9ac299c19c5465611f095de0f1b9a391d8e4d485129d6385fd696dfbf"),
    "missing": (837, "348896e9018c36ef1469c2572307d262988b2e5de8cb456791a09a050158d910"),
    "motherhood": (324, "1297b9c4bee018db354e88eb0219cb20d2c2a88ae80946c5310b34315e56799f"),
    "peps": (3983, "ee18b2fdc23daea35f419c03c34fb0e26f29f0768f3e24a24840920e57c6f3ef"),
    "pre_proceedings": (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    "case_audits": (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    "ehc_requests": (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    "ehc_plans": (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    "ehc_transfers": (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    "prev_perm": (1623, "9746f51ae6bb061642449d0d3370554c8e2dfa0c6a0260ded447f0f1aa4ca6bb"),
    "referrals": (18255, "37ea027f1060450befec09dc7e3cb4523455676ead225bd6b7478652e94270f3"),
    "reviews": (18323, "113974d6e0ec4b289f29fd2f5356c0e39c5e40fe6a9575b734ce6a6fb382ab63"),
    "s47": (3661, "6e9eb4b4236436eae50989991a59ae79373edbc8782c7a10141819cbb6b85633"),
    "teams": (15, "ffecf0e40aeb4367fef7d4d74c250893a882fa01bad375380aed9283b6276e65"),
    "visits": (111650, "26bdc36d1e3851284099bda5e94c8cc0455228aaf5e7a5c77ef86093adedba47"),
    "workers": (269, "8fbf05823110fb1b092363e8f86a2497b6814eb9c233ae1c9119737fe6ac2a23"),
}


def test_the_session_borough_is_drawn_as_before(borough: Borough) -> None:
    assert table_digests(borough) == LAST_YEAR_END_2026


def test_the_borough_as_of_a_day_is_drawn_as_before() -> None:
    assert table_digests(simulate(SimConfig(years=5, seed=1, as_of=date(2026, 11, 30)))) == AS_OF_2026_11_30
