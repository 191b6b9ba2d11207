"""Rules on the child: identifiers, UPN, dates of birth and death, sex, ethnicity, disability.

Tables in scope are described in :mod:`continuum.returns.cin.engine`.
"""

from __future__ import annotations

from continuum.returns.cin.registry import rule

# --- UPN (Unique Pupil Number) ------------------------------------------------


@rule(
    "1510",
    table="children",
    fields=["UPN"],
)
def r1510() -> str:
    """Character 1 is a check letter over characters 2-13 (weights 2..13, modulo 23).

    Only UPNs whose other characters are well formed are checked here; the
    rest are reported by 1540/1550, so one typo does not raise three errors.
    """
    return """
    SELECT child_id, line FROM children
    WHERE upn IS NOT NULL
      AND regexp_full_match(upper(upn), '[A-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]')
      AND substr(upper(upn), 1, 1) <> upn_check_letter(upper(upn))
    """


@rule(
    "1520",
    table="children",
    fields=["UPN"],
)
def r1520() -> str:
    """A UPN identifies one pupil nationally, so it cannot belong to two children in one return."""
    return """
    SELECT child_id, line FROM children
    WHERE upn IN (SELECT upn FROM children WHERE upn IS NOT NULL GROUP BY upn HAVING count(*) > 1)
    """


@rule(
    "1530",
    table="children",
    fields=["UPN"],
)
def r1530() -> str:
    """Characters 2-4 are the number of the allocating LA: a post-April-1998 LA code or one of the
    DfE's pseudo LA codes (001-005, 660-681, 701-708); the list is in la_codes.py."""
    return """
    SELECT child_id, line FROM children
    WHERE upn IS NOT NULL AND substr(upn, 2, 3) NOT IN (SELECT la_code FROM la_codes)
    """


@rule(
    "1540",
    table="children",
    fields=["UPN"],
)
def r1540() -> str:
    """Characters 5-12 are the establishment and serial number: digits only."""
    return """
    SELECT child_id, line FROM children
    WHERE upn IS NOT NULL AND NOT regexp_full_match(substr(upn, 5, 8), '[0-9]{8}')
    """


@rule(
    "1550",
    table="children",
    fields=["UPN"],
)
def r1550() -> str:
    """Character 13 is a digit, or for a temporary UPN a letter of the check alphabet (A-Z but I, O, S)."""
    return """
    SELECT child_id, line FROM children
    WHERE upn IS NOT NULL AND NOT regexp_full_match(substr(upn, 13, 1), '[0-9A-HJ-NP-RT-Z]')
    """


@rule(
    "1560Q",
    table="children",
    fields=["FormerUPN"],
)
def r1560q() -> str:
    """FormerUPN follows the UPN pattern of the data table: a letter, 11 digits, then a digit or letter."""
    return """
    SELECT child_id, line FROM children
    WHERE former_upn IS NOT NULL
      AND NOT regexp_full_match(former_upn, '[A-Za-z][0-9]{11}[0-9A-Za-z]')
    """


# --- LA child ID -------------------------------------------------------------


@rule(
    "1570",
    table="children",
    fields=["LAchildID"],
)
def r1570() -> str:
    """The DfE store holds LAchildID in 20 characters."""
    return "SELECT child_id, line FROM children WHERE length(la_child_id) > 20"


@rule(
    "1580",
    table="children",
    fields=["LAchildID"],
)
def r1580() -> str:
    """Letters and digits only, so the ID matches across systems and years."""
    return """
    SELECT child_id, line FROM children
    WHERE la_child_id IS NOT NULL AND NOT regexp_full_match(la_child_id, '[A-Za-z0-9]+')
    """


@rule("8500", table="children", fields=["LAchildID"])
def r8500() -> str:
    """Without an LA child ID a record cannot be matched to the previous year's return."""
    return "SELECT child_id, line FROM children WHERE la_child_id IS NULL"


@rule(
    "8510",
    table="children",
    fields=["LAchildID"],
)
def r8510() -> str:
    """Each child appears once; all of a child's episodes sit inside the one <Child>."""
    return """
    SELECT child_id, line FROM children
    WHERE la_child_id IN (
        SELECT la_child_id FROM children WHERE la_child_id IS NOT NULL
        GROUP BY la_child_id HAVING count(*) > 1)
    """


# --- Dates of birth and death ---------------------------------------------------


@rule(
    "8520",
    table="children",
    fields=["PersonBirthDate", "ReferenceDate"],
)
def r8520() -> str:
    """A child born after the ReferenceDate cannot be in this year's census (use ExpectedPersonBirthDate)."""
    return """
    SELECT child_id, line FROM children, census c
    WHERE person_birth_date > c.reference_date
    """


@rule(
    "8525Q",
    table="children",
    fields=["PersonBirthDate", "ExpectedPersonBirthDate"],
)
def r8525q() -> str:
    """A child is either born (PersonBirthDate) or unborn (ExpectedPersonBirthDate), never both or neither."""
    return """
    SELECT child_id, line FROM children
    WHERE (person_birth_date IS NULL) = (expected_person_birth_date IS NULL)
    """


@rule(
    "8530Q",
    table="children",
    fields=["ExpectedPersonBirthDate", "ReferenceDate"],
)
def r8530q() -> str:
    """An unborn child's expected date lies between ReferenceDate - 30 days and ReferenceDate + 9 months."""
    return """
    SELECT child_id, line FROM children, census c
    WHERE expected_person_birth_date < c.reference_date - 30
       OR expected_person_birth_date > CAST(c.reference_date + INTERVAL 9 MONTH AS DATE)
    """


@rule(
    "8535Q",
    table="children",
    fields=["PersonDeathDate", "PersonBirthDate"],
)
def r8535q() -> str:
    """Death before birth is a keying error in one of the two dates."""
    return "SELECT child_id, line FROM children WHERE person_death_date < person_birth_date"


@rule(
    "8545Q",
    table="children",
    fields=["PersonDeathDate"],
)
def r8545q() -> str:
    """A child who died before the census year should not be in this year's return."""
    return """
    SELECT child_id, line FROM children, census c
    WHERE person_death_date NOT BETWEEN c.collection_start AND c.reference_date
    """


@rule(
    "8775Q",
    table="children",
    fields=["PersonBirthDate", "ReferenceDate", "CINclosureDate"],
)
def r8775q() -> str:
    """Born more than 25 years before the ReferenceDate and still with an open CIN episode.

    The DfE logic text is cut short after "AND"; the rest of the DfE rule
    is read as "and at least one <CINdetails> has no <CINclosureDate>", since
    an adult with only closed episodes is an ordinary historical record.
    """
    return """
    SELECT ch.child_id, ch.line FROM children ch, census c
    WHERE ch.person_birth_date < CAST(c.reference_date - INTERVAL 25 YEAR AS DATE)
      AND EXISTS (SELECT 1 FROM cin_details d
                  WHERE d.child_id = ch.child_id AND d.cin_closure_date IS NULL)
    """


# --- Sex and ethnicity -------------------------------------------------------------


@rule(
    "4180",
    table="children",
    fields=["Sex"],
)
def r4180() -> str:
    """Sex is required and uses the code set of the field list (M, F, U)."""
    return """
    SELECT child_id, line FROM children
    WHERE sex IS NULL OR NOT valid_code('Sex', sex)
    """


@rule(
    "8750",
    table="children",
    fields=["Sex", "ExpectedPersonBirthDate", "PersonBirthDate"],
)
def r8750() -> str:
    """The DfE logic text says "must equal 0", an old code; the message and current code set say U."""
    return """
    SELECT child_id, line FROM children
    WHERE expected_person_birth_date IS NOT NULL AND person_birth_date IS NULL
      AND sex IS DISTINCT FROM 'U'
    """


@rule(
    "4220",
    table="children",
    fields=["Ethnicity"],
)
def r4220() -> str:
    """Ethnicity is required and uses the code set of the field list."""
    return """
    SELECT child_id, line FROM children
    WHERE ethnicity IS NULL OR NOT valid_code('Ethnicity', ethnicity)
    """


# --- UPN unknown reasons -------------------------------------------------------------


@rule(
    "8770Q",
    table="children",
    fields=["UPN", "UPNunknown", "ReferralNFA", "PersonBirthDate"],
)
def r8770q() -> str:
    """For a child with an episode that went on to further action (ReferralNFA false):
    neither UPN nor UPNunknown given, or UPNunknown is UN1 ("under 6, not yet at school")
    although the child is of school age.

    The DfE logic text stops after the ReferralNFA condition. "School age" is
    read as aged 6 to 15 at the ReferenceDate: UN1 is defined as "under 6", and
    compulsory schooling ends at 16.
    """
    return """
    SELECT ch.child_id, ch.line, CASE WHEN ch.upn_unknown = 'UN1' THEN 'UPNunknown' ELSE 'UPN' END AS field
    FROM children ch, census c
    WHERE EXISTS (SELECT 1 FROM cin_details d WHERE d.child_id = ch.child_id AND is_false(d.referral_nfa))
      AND ch.person_birth_date IS NOT NULL
      AND CAST(ch.person_birth_date + INTERVAL 6 YEAR AS DATE) <= c.reference_date
      AND CAST(ch.person_birth_date + INTERVAL 16 YEAR AS DATE) > c.reference_date
      AND ((ch.upn IS NULL AND ch.upn_unknown IS NULL) OR ch.upn_unknown = 'UN1')
    """


@rule(
    "8772",
    table="children",
    fields=["UPNunknown", "ReferralNFA"],
)
def r8772() -> str:
    """UN7 may only be used when every episode of the child was a referral with no further action."""
    return """
    SELECT ch.child_id, ch.line FROM children ch
    WHERE ch.upn_unknown = 'UN7'
      AND EXISTS (SELECT 1 FROM cin_details d
                  WHERE d.child_id = ch.child_id AND NOT is_true(d.referral_nfa))
    """


# --- Disability -------------------------------------------------------------------


@rule(
    "8540",
    table="disabilities",
    fields=["Disability"],
)
def r8540() -> str:
    """Every <Disability> must be a valid code; and a born child with an episode that went on to
    further action (ReferralNFA false) must have at least one (NONE when there is no disability).
    """
    return """
    SELECT child_id, line, 'disabilities' AS tbl FROM disabilities
    WHERE NOT valid_code('Disability', disability)
    UNION ALL
    SELECT ch.child_id, ch.line, 'children' FROM children ch
    WHERE ch.person_birth_date IS NOT NULL
      AND EXISTS (SELECT 1 FROM cin_details d WHERE d.child_id = ch.child_id AND is_false(d.referral_nfa))
      AND NOT EXISTS (SELECT 1 FROM disabilities x WHERE x.child_id = ch.child_id)
    """


@rule(
    "8790",
    table="disabilities",
    fields=["Disability"],
)
def r8790() -> str:
    """NONE means no disability, so it cannot sit beside a disability code."""
    return """
    SELECT child_id, line FROM disabilities x
    WHERE x.disability = 'NONE'
      AND EXISTS (SELECT 1 FROM disabilities y WHERE y.child_id = x.child_id AND y.disability <> 'NONE')
    """


@rule(
    "8794",
    table="disabilities",
    fields=["Disability"],
)
def r8794() -> str:
    """Each disability code is listed once per child; the repeats (not the first) are reported."""
    return """
    SELECT child_id, line FROM (
        SELECT child_id, line,
               row_number() OVER (PARTITION BY child_id, disability ORDER BY line) AS n
        FROM disabilities)
    WHERE n > 1
    """
