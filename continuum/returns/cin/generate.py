"""Write a synthetic CIN census XML file: plausible, deterministic by seed, and fast.

Why: the validator must be tested and timed at national scale (~400,000
children) without real data, which must never leave a council. The
generator writes children whose journeys hang together (referral, then
assessment, S47, conference, CP plan or CIN plan, closure), so a file it
writes with ``error_rate=0`` passes every error-severity rule; with
``error_rate > 0`` a small, seeded share of children get one typical keying
mistake each, so the report has something to show.

Everything is synthetic: IDs are sequential, UPNs are made up (with a correct
check letter), no names or addresses exist.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from continuum.core import codes as code_sets

__all__ = ["generate_cin_xml", "upn_with_check_letter"]

_CHECK_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
_LA_CODES = ("202", "208", "306", "330", "352", "380", "800", "850", "881", "886", "919", "936")


def upn_with_check_letter(body: str) -> str:
    """Prefix the 12-character UPN body (LA code, establishment, serial, last char) with its check letter."""
    total = 0
    for weight, ch in zip(range(2, 14), body, strict=True):
        total += weight * (int(ch) if ch.isdigit() else _CHECK_ALPHABET.index(ch))
    return _CHECK_ALPHABET[total % 23] + body


class _Dates:
    """ISO strings for date ordinals, cached: the generator formats millions of dates."""

    def __init__(self) -> None:
        self._cache: dict[int, str] = {}

    def __call__(self, ordinal: int) -> str:
        s = self._cache.get(ordinal)
        if s is None:
            s = date.fromordinal(ordinal).isoformat()
            self._cache[ordinal] = s
        return s


def _weekday(ordinal: int) -> int:
    """Move a date forward to Monday if it falls at a weekend (ordinal 1 is a Monday)."""
    dow = (ordinal - 1) % 7
    return ordinal + (7 - dow if dow >= 5 else 0)


def generate_cin_xml(
    path: str | Path,
    children: int,
    *,
    seed: int = 2026,
    reference_date: date = date(2026, 3, 31),
    error_rate: float = 0.0,
    la_code: str = "999",
) -> Path:
    """Write a CIN census file of ``children`` children to ``path`` and return the path."""
    path = Path(path)
    rng = random.Random(seed)  # noqa: S311  (synthetic data, not security)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write('<?xml version="1.0" encoding="utf-8"?>\n<Message>\n')
        fh.write(
            "  <Header>\n    <CollectionDetails>\n      <Collection>CIN</Collection>\n"
            f"      <Year>{reference_date.year}</Year>\n"
            f"      <ReferenceDate>{reference_date.isoformat()}</ReferenceDate>\n"
            "    </CollectionDetails>\n    <Source>\n      <SourceLevel>L</SourceLevel>\n"
            f"      <LEA>{la_code}</LEA>\n      <SoftwareCode>Continuum</SoftwareCode>\n"
            "      <Release>synthetic</Release>\n      <SerialNo>001</SerialNo>\n"
            f"      <DateTime>{reference_date.isoformat()}T12:00:00</DateTime>\n"
            "    </Source>\n  </Header>\n  <Children>\n"
        )
        buffer: list[str] = []
        for chunk in _children(rng, children, reference_date, error_rate):
            buffer.append(chunk)
            if len(buffer) >= 2000:
                fh.write("".join(buffer))
                buffer.clear()
        fh.write("".join(buffer))
        fh.write("  </Children>\n</Message>\n")
    return path


class _Synth:
    """The code lists, dates and random source shared by every child of one file."""

    def __init__(self, rng: random.Random, ref_date: date) -> None:
        self.rng = rng
        self.iso = _Dates()
        self.ref = ref_date.toordinal()
        self.start = (date(ref_date.year - 1, ref_date.month, ref_date.day) + timedelta(days=1)).toordinal()
        self.ethnicities = code_sets.cin("Ethnicity")
        self.disabilities = [c for c in code_sets.cin("Disability") if c != "NONE"]
        self.needs = [c for c in code_sets.cin("PrimaryNeedCode") if c != "N0"]
        self.sources = code_sets.cin("ReferralSource")
        self.factors = [c for c in code_sets.cin("AssessmentFactors") if c not in ("18A", "19A", "21")]
        self.categories = code_sets.cin("InitialCategoryOfAbuse")

    def child(self, i: int) -> str:
        rng, iso, ref = self.rng, self.iso, self.ref
        rand, choice, randint = rng.random, rng.choice, rng.randint
        out: list[str] = []
        w = out.append
        unborn = rand() < 0.03
        age_days = 0 if unborn else randint(0, 17 * 365)
        dob = ref - age_days  # unused when unborn
        edob = ref + randint(1, 240)  # used only when unborn
        w("    <Child>\n      <ChildIdentifiers>\n")
        w(f"        <LAchildID>C{i:07d}</LAchildID>\n")
        if not unborn and age_days >= 5 * 365:
            body = choice(_LA_CODES) + f"{rng.randrange(10**8):08d}" + str(randint(0, 9))
            w(f"        <UPN>{upn_with_check_letter(body)}</UPN>\n")
        else:
            w("        <UPNunknown>UN1</UPNunknown>\n")
        if unborn:
            w(f"        <ExpectedPersonBirthDate>{iso(edob)}</ExpectedPersonBirthDate>\n")
        else:
            w(f"        <PersonBirthDate>{iso(dob)}</PersonBirthDate>\n")
        sex = "U" if unborn else ("M" if rand() < 0.5 else "F")
        w(f"        <Sex>{sex}</Sex>\n      </ChildIdentifiers>\n      <ChildCharacteristics>\n")
        w(f"        <Ethnicity>{choice(self.ethnicities)}</Ethnicity>\n        <Disabilities>\n")
        if rand() < 0.85:
            w("          <Disability>NONE</Disability>\n")
        else:
            for code in rng.sample(self.disabilities, randint(1, 3)):
                w(f"          <Disability>{code}</Disability>\n")
        w("        </Disabilities>\n      </ChildCharacteristics>\n")

        # Episodes: one, or a closed one followed by a later one; a few carried
        # over from before the census year.
        earliest = max(self.start, edob - 270) if unborn else max(self.start, dob - 200)
        episodes = 2 if rand() < 0.15 and ref - earliest > 200 else 1
        if episodes == 1 and not unborn and dob < self.start - 400 and rand() < 0.12:
            self.carried_episode(w)
        else:
            cursor = earliest
            for e in range(episodes):
                last = e == episodes - 1
                if cursor > ref:
                    break
                span = ref - cursor
                referral = cursor + randint(0, max(0, span // (1 if last else 2) - 1))
                ended = self.episode(w, referral, closed=not last or rand() < 0.55)
                if ended is None:  # still open: no later episode
                    break
                cursor = ended + 1
        w("    </Child>\n")
        return "".join(out)

    def episode(self, w: Callable[[str], None], referral: int, *, closed: bool) -> int | None:
        """One CINdetails whose modules hang together and end by the ReferenceDate.

        Returns the closure date (an ordinal), or None if the episode is left open.
        """
        rng, iso, ref = self.rng, self.iso, self.ref
        rand, randint, choice = rng.random, rng.randint, rng.choice
        w("      <CINdetails>\n")
        w(f"        <CINreferralDate>{iso(referral)}</CINreferralDate>\n")
        w(f"        <ReferralSource>{choice(self.sources)}</ReferralSource>\n")
        if rand() < 0.10:  # referral with no further action, closed the same day
            w(f"        <CINclosureDate>{iso(referral)}</CINclosureDate>\n")
            w("        <ReasonForClosure>RC7</ReasonForClosure>\n        <ReferralNFA>1</ReferralNFA>\n")
            w("      </CINdetails>\n")
            return referral
        w(f"        <PrimaryNeedCode>{choice(self.needs)}</PrimaryNeedCode>\n")
        # Assessment: starts within days of referral; authorised 10-60 days later if by ref.
        a_start = min(ref, referral + randint(0, 5))
        a_end = a_start + randint(10, 60)
        a_done = a_end <= ref
        last_date = a_end if a_done else a_start
        s47 = a_done and rand() < 0.3
        icpc = s47 and rand() < 0.5
        has_plan = False
        body: list[str] = []
        b = body.append
        b(
            "        <Assessments>\n"
            f"          <AssessmentActualStartDate>{iso(a_start)}</AssessmentActualStartDate>\n"
        )
        if a_done:
            b(f"          <AssessmentAuthorisationDate>{iso(a_end)}</AssessmentAuthorisationDate>\n")
            b("          <FactorsIdentifiedAtAssessment>\n")
            for f in rng.sample(self.factors, randint(1, 3)):
                b(f"            <AssessmentFactors>{f}</AssessmentFactors>\n")
            b("          </FactorsIdentifiedAtAssessment>\n")
        b("        </Assessments>\n")
        cpp_open = False
        if s47:
            s_start = a_start + randint(0, 3)
            b(f"        <Section47>\n          <S47ActualStartDate>{iso(s_start)}</S47ActualStartDate>\n")
            b(f"          <InitialCPCtarget>{iso(_weekday(s_start + 21))}</InitialCPCtarget>\n")
            conf = _weekday(s_start + randint(7, 20))
            if icpc and conf <= ref:
                b(f"          <DateOfInitialCPC>{iso(conf)}</DateOfInitialCPC>\n")
                b("          <ICPCnotRequired>0</ICPCnotRequired>\n        </Section47>\n")
                cpp_end, cpp_open = self.cp_plan(b, conf, closed=closed)
                last_date = max(last_date, conf if cpp_open else cpp_end)
            else:
                b("          <ICPCnotRequired>1</ICPCnotRequired>\n        </Section47>\n")
                last_date = max(last_date, s_start)
        elif a_done and rand() < 0.4:
            has_plan = True
            p_end = min(ref, a_end + randint(30, 300))
            b(f"        <CINPlanDates>\n          <CINPlanStartDate>{iso(a_end)}</CINPlanStartDate>\n")
            if (closed or p_end < ref) and p_end > a_end:
                b(f"          <CINPlanEndDate>{iso(p_end)}</CINPlanEndDate>\n")
                last_date = max(last_date, p_end)
            else:
                closed = False
            b("        </CINPlanDates>\n")
        closed = closed and a_done and not cpp_open
        closure = min(ref, last_date + randint(0, 20))
        if closed:
            if not s47 and not has_plan and rand() < 0.5:
                reason = "RC8"  # closed after assessment: nothing else in the episode
            else:
                reason = choice(("RC1", "RC3", "RC4", "RC5", "RC6", "RC7"))
            w(f"        <CINclosureDate>{iso(closure)}</CINclosureDate>\n")
            w(f"        <ReasonForClosure>{reason}</ReasonForClosure>\n")
        w("        <ReferralNFA>0</ReferralNFA>\n")
        w("".join(body))
        w("      </CINdetails>\n")
        return closure if closed else None

    def cp_plan(self, b: Callable[[str], None], conf: int, *, closed: bool) -> tuple[int, bool]:
        """A CP plan starting at the conference; returns (end date, still open)."""
        rng, iso, ref = self.rng, self.iso, self.ref
        cpp_end = min(ref, conf + rng.randint(90, 400))
        cpp_open = not (closed or cpp_end < ref) or cpp_end <= conf
        b(f"        <ChildProtectionPlans>\n          <CPPstartDate>{iso(conf)}</CPPstartDate>\n")
        if not cpp_open:
            b(f"          <CPPendDate>{iso(cpp_end)}</CPPendDate>\n")
        cat = rng.choice(self.categories)
        b(f"          <InitialCategoryOfAbuse>{cat}</InitialCategoryOfAbuse>\n")
        b(f"          <LatestCategoryOfAbuse>{cat}</LatestCategoryOfAbuse>\n")
        b(f"          <NumberOfPreviousCPP>{rng.randint(0, 2)}</NumberOfPreviousCPP>\n")
        limit = ref if cpp_open else cpp_end
        review = _weekday(conf + 90)
        if review <= limit:
            b("          <Reviews>\n")
            while review <= limit:
                b(f"            <CPPreviewDate>{iso(review)}</CPPreviewDate>\n")
                review = _weekday(review + 180)
            b("          </Reviews>\n")
        b("        </ChildProtectionPlans>\n")
        return cpp_end, cpp_open

    def carried_episode(self, w: Callable[[str], None]) -> None:
        """An episode open since before the census year: a CIN plan or a CP plan carried over."""
        rng, iso = self.rng, self.iso
        referral = self.start - rng.randint(60, 600)
        w("      <CINdetails>\n")
        w(f"        <CINreferralDate>{iso(referral)}</CINreferralDate>\n")
        w(f"        <ReferralSource>{rng.choice(self.sources)}</ReferralSource>\n")
        w(f"        <PrimaryNeedCode>{rng.choice(self.needs)}</PrimaryNeedCode>\n")
        w("        <ReferralNFA>0</ReferralNFA>\n")
        if rng.random() < 0.5:
            w(
                "        <CINPlanDates>\n"
                f"          <CINPlanStartDate>{iso(referral + 40)}</CINPlanStartDate>\n"
            )
            w("        </CINPlanDates>\n")
        else:
            cat = rng.choice(self.categories)
            w(
                "        <ChildProtectionPlans>\n"
                f"          <CPPstartDate>{iso(referral + 30)}</CPPstartDate>\n"
            )
            w(f"          <InitialCategoryOfAbuse>{cat}</InitialCategoryOfAbuse>\n")
            w(f"          <LatestCategoryOfAbuse>{cat}</LatestCategoryOfAbuse>\n")
            w("          <NumberOfPreviousCPP>0</NumberOfPreviousCPP>\n          <Reviews>\n")
            w(f"            <CPPreviewDate>{iso(_weekday(self.start + 30))}</CPPreviewDate>\n")
            w("          </Reviews>\n        </ChildProtectionPlans>\n")
        w("      </CINdetails>\n")


def _children(rng: random.Random, n: int, ref_date: date, error_rate: float) -> Iterator[str]:
    synth = _Synth(rng, ref_date)
    for i in range(n):
        text = synth.child(i)
        if error_rate and rng.random() < error_rate:
            text = _inject_error(rng, text)
        yield text


_ERRORS = (
    ("<Sex>M</Sex>", "<Sex>X</Sex>"),  # 4180
    ("<ReferralNFA>0</ReferralNFA>", "<ReferralNFA>maybe</ReferralNFA>"),  # 8568
    ("<Disability>NONE</Disability>", "<Disability>NONE</Disability><Disability>MOB</Disability>"),  # 8790
    ("<PrimaryNeedCode>", "<PrimaryNeedCode>X"),  # 8650
    ("<NumberOfPreviousCPP>0", "<NumberOfPreviousCPP>-1"),  # 8730
    ("<ReasonForClosure>RC7</ReasonForClosure>", "<ReasonForClosure>RC99</ReasonForClosure>"),  # 8640
)


def _inject_error(rng: random.Random, text: str) -> str:
    """Apply one typical keying mistake that the child's record allows (or none)."""
    for old, new in rng.sample(_ERRORS, len(_ERRORS)):
        if old in text:
            return text.replace(old, new, 1)
    return text
