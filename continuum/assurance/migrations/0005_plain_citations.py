"""The audit tools' citations by the paper's name only: "Barnet QA annual report 2015", not "Barnet QA
annual report 2015 (seed 002)", and a plain sentence for what the "relied on" question checks instead
of a developer's remark ("Continuum: the audit keeps what it relied on").

Why rewrite the stored versions in place rather than add a new version: a citation is the name of
the paper a question checks against, not the question; the questions, their keys and their answers
are untouched, so every audit still reads against the version it was done with. The seed numbers
were the project's own labels for its copies of the papers, which no reader of an audit can look up.
The same words are rewritten in the standards a VCFS campaign copied from the checklist tool.
The rewrite is one way: the old labels are not put back.
"""

from django.db import migrations

_QA_REPORT = "Barnet QA annual report 2015"
_PARTNERSHIP = "Barnet Safeguarding Children Partnership report 2019-20"

#: Each stored citation's old words and its new ones, longest first so none is cut by a shorter one.
PLAIN = (
    (f"{_PARTNERSHIP} (seed 003 L233)", _PARTNERSHIP),
    (f"{_PARTNERSHIP} (seed 003)", _PARTNERSHIP),
    ("Multi-agency audit feedback (seed 003)", f"Multi-agency audit feedback ({_PARTNERSHIP})"),
    ("seed 003 (multi-agency audits)", f"{_PARTNERSHIP} (multi-agency audits)"),
    ("seed 003 (voice of the child)", f"{_PARTNERSHIP} (voice of the child)"),
    (f"{_QA_REPORT} (seed 002)", _QA_REPORT),
    (
        "Continuum: the audit keeps what it relied on",
        "The audit keeps the records and dates it relied on, so anyone can check it later",
    ),
)


def plain(words: str) -> str:
    """A citation with the project's seed labels and developer remarks put in the paper's words."""
    for old, new in PLAIN:
        words = words.replace(old, new)
    return words


def rewrite(apps, schema_editor):
    for tool in apps.get_model("assurance", "AuditTool").objects.all():
        changed = False
        for section in tool.sections:
            for question in section.get("questions", []):
                checks = plain(question.get("checks", ""))
                if checks != question.get("checks", ""):
                    question["checks"], changed = checks, True
        if changed:
            tool.save(update_fields=["sections"])
    for campaign in apps.get_model("assurance", "Section11Campaign").objects.all():
        changed = False
        for standard in campaign.standards:
            if standard.get("checks") and plain(standard["checks"]) != standard["checks"]:
                standard["checks"], changed = plain(standard["checks"]), True
        if changed:
            campaign.save(update_fields=["standards"])


class Migration(migrations.Migration):
    dependencies = [("assurance", "0004_earlier_moderation")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
