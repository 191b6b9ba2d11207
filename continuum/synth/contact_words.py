"""Who made a synthetic contact, and what they were worried about, in a few sentences.

Why: the simulator draws a contact's source agency and its MASH decision, not words. Loaded
as it is, every contact had an empty referrer and empty concerns, so the demo's MASH
practitioner decided contacts with nothing to read. Each contact received in the last year
before the records were taken (:data:`RECENT_DAYS`, which holds every contact in the open
trays) now gets a referrer matched to its source agency ("PC Dan Okafor, Public Protection
Desk", "Ms Ruth Adeyemi, Designated Safeguarding Lead") and two or three sentences from a small
set of concerns written for that kind of source. Older contacts are left as they were, so the
load stays fast.

All synthetic: the concerns are generic, written for the demo, and name no one; a referrer's
forename and surname are drawn independently from the Faker name lists the workforce's are
(:mod:`continuum.synth.names`), so a name is part of a mix, never a person. The draw is the
contact's own (seeded by the borough's seed and the contact's id), so it is the same for the
same seed and moves no simulated figure.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import NamedTuple

from continuum.synth import names
from continuum.synth.workforce import WORKFORCE_ETHNICITY as PROFESSIONALS_ETHNICITY

#: How far back from the day the records were taken a contact gets a referrer and concerns.
RECENT_DAYS = 366


class Words(NamedTuple):
    """What the loader writes into the contact's referrer name, job title and concerns."""

    referrer_name: str
    referrer_role: str
    concerns: str


NOTHING = Words("", "", "")

#: How a referrer of each source agency is named and what their job (or relation) is:
#: (name pattern, role, sex or "" for either). ``{title}`` is Mr or Ms by sex.
_REFERRERS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "1A": (
        ("{title} {first} {last}", "Maternal grandmother", "F"),
        ("{title} {first} {last}", "Paternal aunt", "F"),
        ("{title} {first} {last}", "Father (lives apart from the child)", "M"),
        ("{title} {first} {last}", "Maternal uncle", "M"),
    ),
    "1B": (
        ("{title} {first} {last}", "Neighbour", ""),
        ("{title} {first} {last}", "Childminder", "F"),
        ("{title} {first} {last}", "Family friend", ""),
    ),
    "1C": (("The young person (self-referral)", "", ""),),
    "1D": (("{title} {first} {last}", "Member of the public", ""),),
    "2A": (
        ("{title} {first} {last}", "Designated Safeguarding Lead", ""),
        ("{title} {first} {last}", "Deputy Designated Safeguarding Lead", ""),
        ("{title} {first} {last}", "Head of Year", ""),
    ),
    "2B": (
        ("{title} {first} {last}", "Education Welfare Officer", ""),
        ("{title} {first} {last}", "Children Missing Education Officer", ""),
    ),
    "3A": (("Dr {first} {last}", "GP", ""),),
    "3B": (("{title} {first} {last}", "Health Visitor", "F"),),
    "3C": (("{title} {first} {last}", "School Nurse", ""),),
    "3D": (
        ("{title} {first} {last}", "Community Midwife", "F"),
        ("{title} {first} {last}", "Practice Nurse", ""),
    ),
    "3E": (
        ("Dr {first} {last}", "Emergency Department Registrar", ""),
        ("{title} {first} {last}", "Paediatric Liaison Nurse", ""),
    ),
    "3F": (
        ("{title} {first} {last}", "CAMHS Practitioner", ""),
        ("{title} {first} {last}", "Named Nurse for Safeguarding", ""),
    ),
    "4": (
        ("{title} {first} {last}", "Housing Officer", ""),
        ("{title} {first} {last}", "Tenancy Sustainment Officer", ""),
    ),
    "5A": (("{title} {first} {last}", "Social Worker, Adult Social Care", ""),),
    "5B": (
        ("{title} {first} {last}", "Youth Worker", ""),
        ("{title} {first} {last}", "Youth Justice Officer", ""),
    ),
    "5C": (("{title} {first} {last}", "Social Worker (neighbouring authority)", ""),),
    "5D": (("{title} {first} {last}", "Early Help Family Practitioner", ""),),
    "6": (
        ("PC {first} {last}", "Public Protection Desk", ""),
        ("PC {first} {last}", "Safer Neighbourhoods Team", ""),
        ("DC {first} {last}", "Child Abuse Investigation Team", ""),
    ),
    "7": (
        ("{title} {first} {last}", "Probation Officer", ""),
        ("{title} {first} {last}", "Cafcass Family Court Adviser", ""),
    ),
    "8": (
        ("{title} {first} {last}", "Independent Domestic Violence Adviser", ""),
        ("{title} {first} {last}", "Youth Worker (voluntary sector)", ""),
    ),
    "9": (("Anonymous caller", "", ""),),
}

_POLICE = (
    "Police attended the family home after a neighbour reported shouting. Mother said her partner had "
    "pushed her in front of the child; he had left before officers arrived. A DASH risk assessment "
    "was completed and graded medium risk.",
    "Officers found the child in the town centre late at night with older young people not known to "
    "the family. The child would not say where they had been. Mother said it was the third time "
    "this month.",
    "Officers attended a disturbance at the address. Father was intoxicated, the home was in a poor "
    "state and there was little food in the house. The child was present and appeared unkempt.",
    "Notification following the arrest of a household member for possession with intent to supply. "
    "The child was at home during the search. Officers are worried the child is exposed to criminal "
    "activity.",
)
_EDUCATION = (
    "The child arrived at school with a bruise to the cheek and gave differing accounts of how it "
    "happened. Attendance has fallen to 82% this term. Mother has not answered two requests to meet.",
    "The child told a teacher they are often hungry and were left alone at home overnight at the "
    "weekend. Staff have noticed the child wearing the same clothes for several days.",
    "The child told a learning mentor that an older boyfriend keeps asking for pictures. The child "
    "is anxious and asked that parents are not told. The school has recorded what was said.",
    "The child has been absent for most of this half term and the family has not answered calls or "
    "a home visit. A brother says mum is not well and stays in bed. The school does not know who is "
    "looking after the children.",
)
_HEALTH_VISITING = (
    "At the new birth visit mother appeared low in mood and said she has no support. The home was "
    "cold and there were concerns about safe sleeping. Her partner was reluctant to let the health "
    "visitor in.",
    "The baby has missed two development checks and the first immunisations. The baby's weight has "
    "dropped across two centiles. Attempts to contact the family have not been successful.",
    "Mother disclosed that her partner controls the money, checks her phone and has hit her in the "
    "past. The baby was present during the visit. Mother does not want the police involved.",
)
_EMERGENCY = (
    "The child was brought to the emergency department with a fractured forearm. The explanation "
    "does not fit the injury and treatment was not sought for two days. A child protection medical "
    "has been requested.",
    "The young person attended after taking an overdose of paracetamol. They say things at home are "
    "difficult and they do not want to go back tonight. Parents were not aware.",
    "The child attended with a burn to the hand; the account of how it happened changed between "
    "mother and father. This is the child's fourth attendance this year.",
)
_HEALTH = (
    "At a routine appointment mother disclosed that her partner controls the money and checks her "
    "phone, and that he has hit her in the past. The child was present. Mother does not want the "
    "police involved.",
    "The young person disclosed thoughts of self-harm and showed cuts to the forearm. Parents were "
    "not aware. A referral to CAMHS has been made; the young person says things at home are "
    "difficult.",
    "Repeated missed appointments, including immunisations and a hearing follow-up. The child's "
    "weight has dropped from the 50th to the 9th centile. The family has not responded to letters.",
)
_HOUSING = (
    "The housing officer visited after complaints from neighbours. The flat is in a very poor "
    "condition, with animal mess on the floor and no working heating. The children appeared unkempt.",
    "The family is due to be evicted in two weeks for rent arrears. Mother says she has nowhere to go "
    "and has sofa-surfed with the children before.",
    "Neighbours report frequent shouting and a child crying late at night. A man not on the tenancy "
    "appears to be living at the property.",
)
_COUNCIL = (
    "Father's mental health has deteriorated and he has stopped taking his medication. He is the "
    "child's main carer and there is no other adult in the household.",
    "The family has stopped engaging with the early help plan after three missed sessions. Concerns "
    "about the child's school attendance and mother's drinking remain. A step up to children's "
    "social care is requested.",
    "The young person has been seen with new expensive clothes and a second phone, and has been "
    "missing from home overnight twice. They will not say where they go.",
)
_OTHER_AUTHORITY = (
    "The family has moved into the borough from our area. The children were on child in need plans "
    "here because of domestic abuse. Our records are being sent.",
    "The family left our area before the child protection enquiry was finished. Concerns were about "
    "neglect and mother's drug use. We do not know whether the children are registered with a school.",
)
_LEGAL = (
    "A man on licence for offences of violence has disclosed that he is living with the child's "
    "mother. His licence conditions require him to tell us of any relationship with a person who "
    "has children.",
    "In private law proceedings the safeguarding checks found police call-outs to the home for "
    "domestic abuse. The child lives with mother. We ask whether the family is known.",
)
_PUBLIC = (
    "The caller says the child's mother is drinking heavily and the children are often left alone "
    "in the evenings. The caller has seen the eldest buying food for the younger ones late at night.",
    "The child has told the caller that mum's boyfriend shouts at them and hits them with a belt. "
    "The caller has seen marks on the child's legs and has not spoken to mother about it.",
    "The caller hears a man shouting and a child screaming from the flat most nights. The caller has "
    "not seen the children for over a week.",
    "The children are often outside late in the evening without coats and say there is no food at "
    "home. The caller believes the parents are using drugs.",
)
_SELF = (
    "The young person phoned to say they do not feel safe at home after an argument with their "
    "stepfather, who pushed them against a wall. They are staying with a friend tonight and do not "
    "want to go home.",
    "The young person says mum's new partner makes them feel uncomfortable and comes into their room "
    "at night. They have not told anyone else and asked for help.",
)
_ADVOCATE = (
    "Mother has told her domestic abuse adviser that her ex-partner has been coming to the house and "
    "threatening her in front of the children. She has been referred to MARAC.",
    "The young person told their youth worker that they are being made to carry packages for older "
    "boys and have been threatened. They are frightened to go home.",
)

#: Which concerns each source agency's contacts draw from.
_CONCERNS: dict[str, tuple[str, ...]] = {
    "1A": _PUBLIC,
    "1B": _PUBLIC,
    "1C": _SELF,
    "1D": _PUBLIC,
    "2A": _EDUCATION,
    "2B": _EDUCATION,
    "3A": _HEALTH,
    "3B": _HEALTH_VISITING,
    "3C": _HEALTH,
    "3D": _HEALTH_VISITING,
    "3E": _EMERGENCY,
    "3F": _HEALTH,
    "4": _HOUSING,
    "5A": _COUNCIL,
    "5B": _COUNCIL,
    "5C": _OTHER_AUTHORITY,
    "5D": _COUNCIL,
    "6": _POLICE,
    "7": _LEGAL,
    "8": _ADVOCATE,
    "9": _PUBLIC,
    "10": _PUBLIC,
}


def recent_from(taken_on: date) -> date:
    """The first day a contact received on gets words: a year before the records were taken."""
    return taken_on - timedelta(days=RECENT_DAYS)


def contact_words(seed: int, contact_id: str, source: str) -> Words:
    """The referrer and concerns of one contact from ``source`` (a CIN ReferralSource code).

    A source the lists do not know (none in the simulator) gets concerns from the members of
    the public's list and no referrer, which the page shows as "Not recorded".
    """
    rng = random.Random(f"{seed}:contact-words:{contact_id}")  # noqa: S311 - simulation, not security
    concerns = rng.choice(_CONCERNS.get(source, _PUBLIC))
    choices = _REFERRERS.get(source)
    if not choices:
        return Words("", "", concerns)
    pattern, role, sex = rng.choice(choices)
    if "{" not in pattern:
        return Words(pattern, role, concerns)
    sex = sex or ("F" if rng.random() < 0.6 else "M")
    first, last = names.person_name(rng, sex, PROFESSIONALS_ETHNICITY.draw(rng))
    name = pattern.format(title="Ms" if sex == "F" else "Mr", first=first, last=last)
    return Words(name, role, concerns)
