"""People: children (born and unborn), their families, addresses, and the workforce.

Models hold data and simple derived properties only. Every change goes through
the services in ``continuum.journey.services`` (children, families, addresses,
allocations) or ``continuum.people.services`` (workers and teams), which check
the rules and write the child's chronology.

Field names follow the DfE element and column names where one exists
(``person_birth_date`` is CIN ``PersonBirthDate``), and each such field says
so in its help text, because analysts match on those names.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from continuum.core import codes

# The CIN census pattern, anchored: the XML schema anchors patterns implicitly.
UPN_REGEX = rf"^{codes.cin_pattern('UPN')}$"
upn_validator = RegexValidator(
    UPN_REGEX,
    "A unique pupil number is a letter, 11 digits, then a digit or a letter (for example A12345678901B).",
    code="invalid_upn",
)

# Non-ambiguous characters for generated references: no 0/O or 1/I/L.
_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_REF_LENGTH = 9


def new_la_child_id() -> str:
    """A fresh LAchildID: a random reference that says nothing about the child.

    Random rather than sequential so that an ID leaks neither the order nor the
    number of children known to the council. 31^9 (about 2.6e13) values make
    a clash vanishingly rare, and the unique constraint catches one anyway.
    """
    return "C" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(_REF_LENGTH))


class VersionedModel(models.Model):
    """A mutable record with a version number for optimistic concurrency.

    Two people can open the same record; the second to save must not silently
    overwrite the first. Update services take the version the user saw
    (``expected_version``), lock the row, compare, and increment.
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Child(VersionedModel):
    """A child known to children's services, or an unborn child (expected birth date only)."""

    la_child_id = models.CharField(
        "LAchildID",
        max_length=20,
        unique=True,
        default=new_la_child_id,
        help_text="CIN census LAchildID / SSDA903 CHILD: the council's own non-personal reference.",
    )
    first_name = models.CharField(max_length=100, blank=True, help_text="Blank for an unborn child.")
    last_name = models.CharField(max_length=100, blank=True)
    person_birth_date = models.DateField(
        "PersonBirthDate", null=True, blank=True, help_text="CIN census PersonBirthDate; SSDA903 DOB."
    )
    expected_person_birth_date = models.DateField(
        "ExpectedPersonBirthDate",
        null=True,
        blank=True,
        help_text="CIN census ExpectedPersonBirthDate, for an unborn child. Kept after birth.",
    )
    sex = models.CharField(
        "Sex",
        max_length=1,
        choices=codes.choices("Sex"),
        default="U",
        help_text="CIN census Sex; SSDA903 SEX.",
    )
    ethnicity = models.CharField(
        "Ethnicity",
        max_length=4,
        choices=codes.choices("Ethnicity"),
        default="NOBT",
        help_text="CIN census Ethnicity; SSDA903 ETHNIC.",
    )
    disabilities = ArrayField(
        models.CharField(max_length=4, choices=codes.choices("Disability")),
        default=list,
        blank=True,
        help_text="CIN census Disabilities/Disability codes (NONE when the child has none).",
    )
    upn = models.CharField(
        "UPN",
        max_length=13,
        blank=True,
        validators=[upn_validator],
        help_text="CIN census UPN; SSDA903 UPN. Unique pupil number.",
    )
    former_upn = models.CharField(
        "FormerUPN", max_length=13, blank=True, validators=[upn_validator], help_text="CIN census FormerUPN."
    )
    upn_unknown = models.CharField(
        "UPNunknown",
        max_length=3,
        blank=True,
        choices=codes.choices("UPNunknown"),
        help_text="CIN census UPNunknown: why there is no UPN.",
    )
    uasc = models.BooleanField(
        "UASC", default=False, help_text="Unaccompanied asylum-seeking child (SSDA903 UASC)."
    )
    uasc_ceased_date = models.DateField(
        "DUC", null=True, blank=True, help_text="SSDA903 uasc.DUC: date UASC status ceased."
    )
    person_death_date = models.DateField(
        "PersonDeathDate", null=True, blank=True, help_text="CIN census PersonDeathDate."
    )

    class Meta:
        verbose_name_plural = "children"
        constraints = [
            models.CheckConstraint(
                condition=Q(person_birth_date__isnull=False) | Q(expected_person_birth_date__isnull=False),
                name="child_birth_or_expected_date",
                violation_error_message=(
                    "A child needs a date of birth or, if unborn, an expected date of birth."
                ),
            ),
            models.CheckConstraint(condition=Q(upn="") | Q(upn__regex=UPN_REGEX), name="child_upn_format"),
            models.CheckConstraint(
                condition=Q(former_upn="") | Q(former_upn__regex=UPN_REGEX), name="child_former_upn_format"
            ),
            models.CheckConstraint(
                condition=Q(disabilities__contained_by=list(codes.cin("Disability"))),
                name="child_disability_codes",
            ),
            models.CheckConstraint(
                condition=Q(person_death_date__isnull=True)
                | Q(person_birth_date__isnull=True)
                | Q(person_death_date__gte=models.F("person_birth_date")),
                name="child_death_not_before_birth",
            ),
        ]
        indexes = [models.Index(fields=["last_name", "first_name"], name="child_name_idx")]

    def __str__(self) -> str:
        return self.la_child_id

    @property
    def is_unborn(self) -> bool:
        """Unborn children have an expected birth date only; some rules differ for them."""
        return self.person_birth_date is None

    @property
    def display_name(self) -> str:
        if self.is_unborn and not self.first_name.strip():  # a baby not yet named: "Unborn child Okafor"
            return f"Unborn child {self.last_name}".strip()
        name = f"{self.first_name} {self.last_name}".strip()
        return name or "Name not recorded"

    def age_on(self, on: date) -> int | None:
        """Whole years of age on ``on``; None for an unborn child."""
        born = self.person_birth_date
        if born is None:
            return None
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    @property
    def has_disability(self) -> bool:
        return any(code != "NONE" for code in self.disabilities)


class FamilyMember(VersionedModel):
    """A parent, carer, relative or other adult around a child (not a child on our books)."""

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=codes.choices("Sex"), default="U")
    address = models.ForeignKey(
        "Address", null=True, blank=True, on_delete=models.SET_NULL, related_name="family_members"
    )

    def __str__(self) -> str:
        return f"Family member {self.pk}"


class RelationshipType(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENT_PARTNER = "parent_partner", "Parent's partner"
    GRANDPARENT = "grandparent", "Grandparent"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    OTHER_RELATIVE = "other_relative", "Other relative"
    FOSTER_CARER = "foster_carer", "Foster carer"
    PRIVATE_FOSTER_CARER = "private_foster_carer", "Private foster carer"
    FAMILY_FRIEND = "family_friend", "Family friend"
    OTHER = "other", "Other"


class Relationship(VersionedModel):
    """How someone is related to a child: an adult (family member) or another child (sibling).

    Exactly one of ``family_member`` and ``related_child`` is set, so one table
    holds both parents and siblings and a family can be drawn from it.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="relationships")
    family_member = models.ForeignKey(
        FamilyMember, null=True, blank=True, on_delete=models.PROTECT, related_name="relationships"
    )
    related_child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="related_as"
    )
    relationship_type = models.CharField(max_length=30, choices=RelationshipType.choices)
    parental_responsibility = models.BooleanField(default=False)
    is_main_carer = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(family_member__isnull=False) & Q(related_child__isnull=True))
                | (Q(family_member__isnull=True) & Q(related_child__isnull=False)),
                name="relationship_one_other_person",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="relationship_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id}: {self.relationship_type}"


class Address(VersionedModel):
    """A postal address, with the ward and deprivation flag that the indicators group by.

    Ward names and the deprived-area flag are local data (not hard-coded to one
    borough); they come from the council's own ward list and IMD look-up.
    """

    line_1 = models.CharField(max_length=200, blank=True)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    ward = models.CharField(max_length=100, blank=True, db_index=True)
    in_deprived_area = models.BooleanField(
        default=False, help_text="In one of the most deprived areas, by the council's chosen IMD measure."
    )

    class Meta:
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return self.postcode or f"Address {self.pk}"


class ChildAddress(VersionedModel):
    """Where a child lived, and when: addresses over time give ward figures at any date."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="addresses")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="child_addresses")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "child addresses"
        indexes = [models.Index(fields=["child", "start_date"], name="childaddress_child_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="childaddress_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=Q(end_date__isnull=True), name="childaddress_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} at address {self.address_id} from {self.start_date}"


class TeamType(models.TextChoices):
    MASH = "mash", "MASH (front door)"
    EARLY_HELP = "early_help", "Early help"
    DUTY_ASSESSMENT = "duty_assessment", "Duty and assessment"
    INTERVENTION_PLANNING = "intervention_planning", "Intervention and planning"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    LEAVING_CARE = "leaving_care", "Leaving care"
    DISABILITY_0_25 = "disability_0_25", "0–25 disability"
    FOSTERING_ADOPTION = "fostering_adoption", "Fostering and adoption"
    IRO_CP_CHAIRS = "iro_cp_chairs", "IROs and CP chairs"
    LADO = "lado", "LADO"
    OTHER = "other", "Other"


class Team(VersionedModel):
    """A team that holds cases. Team names are local; the type is what indicators group by."""

    name = models.CharField(max_length=120, unique=True)
    team_type = models.CharField(max_length=30, choices=TeamType.choices)
    is_active = models.BooleanField(default=True)
    #: The team's establishment in full-time equivalents (funded posts times their hours over a
    #: full-time week): the vacancy rate by FTE is measured against it. Blank until recorded.
    establishment_fte = models.DecimalField(
        "Establishment (FTE)",
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Funded posts in full-time equivalents, for the vacancy rate.",
    )

    def __str__(self) -> str:
        return self.name


class WorkerRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    SENIOR_SOCIAL_WORKER = "senior_social_worker", "Senior social worker"
    ADVANCED_PRACTITIONER = "advanced_practitioner", "Advanced practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    EARLY_HELP_WORKER = "early_help_worker", "Early help worker"
    FAMILY_SUPPORT_WORKER = "family_support_worker", "Family support worker"
    IRO = "iro", "Independent reviewing officer / CP chair"
    MASH_PRACTITIONER = "mash_practitioner", "MASH practitioner"
    OTHER = "other", "Other"


class Worker(VersionedModel):
    """A member of staff who can hold cases; agency or permanent, with start and leave dates."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="worker"
    )
    sw_id = models.CharField(
        "SW_ID",
        max_length=20,
        blank=True,
        help_text="SSDA903 social_worker.SW_ID: the worker's Social Work England number or local ID.",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    role = models.CharField(max_length=30, choices=WorkerRole.choices, default=WorkerRole.SOCIAL_WORKER)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="workers")
    is_agency = models.BooleanField(default=False, help_text="Agency (locum) rather than permanent staff.")
    start_date = models.DateField()
    leave_date = models.DateField(null=True, blank=True)
    #: Contracted hours a week: the DfE counts the workforce in full-time equivalents (hours over a
    #: full-time week), so a part-timer is not one whole worker. Blank is read as full time.
    contracted_hours = models.DecimalField(
        "Contracted hours a week",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Blank means full time.",
    )

    class Meta:
        indexes = [models.Index(fields=["team", "start_date"], name="worker_team_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(leave_date__isnull=True) | Q(leave_date__gte=models.F("start_date")),
                name="worker_leave_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def is_in_post_on(self, on: date) -> bool:
        return self.start_date <= on and (self.leave_date is None or on <= self.leave_date)


class AllocationRole(models.TextChoices):
    """What an allocation is for: a child can have a social worker and a personal adviser at once."""

    CASE_HOLDER = "case_holder", "Case-holding worker"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    IRO = "iro", "Independent reviewing officer"
    EARLY_HELP = "early_help", "Early help lead professional"


class Allocation(VersionedModel):
    """A child allocated to a worker and team from one date to another.

    Caseloads, changes of worker and the SSDA903 social_worker table all come
    from these rows. A child has at most one open allocation per role.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        Worker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocations",
        help_text="Blank when the case sits with the team, unallocated.",
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    role = models.CharField(max_length=20, choices=AllocationRole.choices, default=AllocationRole.CASE_HOLDER)
    start_date = models.DateField("SW_DECOM", help_text="SSDA903 social_worker.SW_DECOM for case holders.")
    end_date = models.DateField("SW_DEC", null=True, blank=True, help_text="SSDA903 social_worker.SW_DEC.")
    end_reason = models.CharField(
        "SW_REASON",
        max_length=6,
        blank=True,
        choices=codes.choices("social_worker.SW_REASON"),
        help_text="SSDA903 social_worker.SW_REASON: why the worker changed.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["child", "start_date"], name="allocation_child_start_idx"),
            models.Index(fields=["worker", "start_date", "end_date"], name="allocation_worker_dates_idx"),
            models.Index(fields=["team", "start_date", "end_date"], name="allocation_team_dates_idx"),
            models.Index(
                fields=["worker"], condition=Q(end_date__isnull=True), name="allocation_open_by_worker_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="allocation_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["child", "role"],
                condition=Q(end_date__isnull=True),
                name="allocation_one_open_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} → {self.worker_id or 'team'} ({self.start_date})"


class ProfessionalRole(models.TextChoices):
    SCHOOL = "school", "School or nursery"
    GP = "gp", "GP"
    HEALTH_VISITOR = "health_visitor", "Health visitor"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    POLICE = "police", "Police contact"
    CAMHS = "camhs", "Mental health (CAMHS)"
    OTHER = "other", "Other professional"


class Professional(VersionedModel):
    """A professional around a child (school, GP, health visitor, police contact) and how to reach them.

    Kept apart from :class:`Relationship`: professionals are not family, hold
    no parental responsibility, and change with the child's school or GP; an
    ended one keeps its dates so the record shows who was involved when.
    """

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="professionals")
    role = models.CharField(max_length=20, choices=ProfessionalRole.choices)
    name = models.CharField(max_length=200, help_text="The person, where known.")
    organisation = models.CharField(max_length=200, help_text="School, surgery, police station or service.")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="professional_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id}: {self.role}"
