"""The Django admin, opened only through the permissions policy, and holding no case record.

System administrators manage users, roles and settings; the policy says they see
no case records. So no child, contact, episode, visit, chronology event (or any
other record about a child) is registered here: those are read only through the
service's pages, which ask ``may()`` and write the access log. Who may see which
child (legitimate relationships, restrictions) is changed only on the access
pages (``continuum/web/access_admin``), which record a reason and log the change.
``tests/web/test_admin_policy.py`` holds the list of what may be registered and
walks every admin URL as every role.

Every model admin here answers Django's permission questions from the policy
(``admin.use``) rather than from Django's per-model permissions, so the
superuser flag grants nothing: nobody needs to be a superuser, and the demo has
none.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from continuum.core.models import AccessLogEntry
from continuum.core.policy import may


def _admin_has_permission(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_staff and may(request.user, "admin.use")


def _admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Send admin sign-ins through the service's own sign-in page (with lockout).

    A user who is already signed in but may not use the admin is refused (403)
    rather than sent to sign in: the sign-in page sends a signed-in user on to
    ``next``, which was the admin again, an endless redirect.
    """
    if request.user.is_authenticated:
        raise PermissionDenied("admin.use")
    return redirect(f"/sign-in/?next={request.get_full_path()}")


admin.site.has_permission = _admin_has_permission  # type: ignore[method-assign]
admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.site_header = "Continuum administration"
admin.site.site_title = "Continuum administration"


class PolicyAdmin(admin.ModelAdmin):
    """A model admin whose every permission is the policy's ``admin.use``, never a Django permission.

    Subclasses narrow it (no adding, no deleting); none widens it.
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may(request.user, "admin.use")

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return may(request.user, "admin.use")

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return may(request.user, "admin.use")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return may(request.user, "admin.use")

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return may(request.user, "admin.use")


class ReadOnlyAdmin(PolicyAdmin):
    """Lists and detail pages only; every change goes through a service."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(PolicyAdmin, UserAdmin):
    """Users and their roles (groups). No superuser flag and no per-user permissions on the form:
    what a user may do is their roles, through the policy. Users are deactivated, not deleted, so
    the access log and chronology keep naming who did what."""

    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Roles", {"fields": ("is_active", "is_staff", "groups")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups")
    readonly_fields = ("last_login", "date_joined")
    actions = ["reset_second_factor"]

    @admin.action(description="Reset two-factor sign-in (a lost phone)")
    def reset_second_factor(self, request: HttpRequest, queryset: Any) -> None:
        """Remove the selected users' authenticator app and recovery codes; logged; they enrol again."""
        from continuum.web.two_factor import reset

        for user in queryset:
            reset(user, by=request.user)  # type: ignore[arg-type]
        self.message_user(
            request,
            f"Two-factor sign-in reset for {queryset.count()} user(s): they set it up again at sign-in.",
        )

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        """The user form, refusing a change to one's own roles (see :func:`_own_roles_unchanged`)."""
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk != request.user.pk or "groups" not in form.base_fields:
            return form
        return type(form.__name__, (form,), {"clean_groups": _own_roles_unchanged})

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            _log(request, "admin.user.add", obj)
        elif set(form.changed_data) - {"groups"}:
            changed = sorted(str(form.fields[name].label) for name in set(form.changed_data) - {"groups"})
            _log(request, "admin.user.change", obj, ", ".join(changed))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Save the user's roles, logging each role given or taken away under the administrator's name."""
        user = form.instance
        before = set(user.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(user.groups.values_list("name", flat=True))
        for name in sorted(after - before):
            _log(request, "admin.role.grant", user, name)
        for name in sorted(before - after):
            _log(request, "admin.role.remove", user, name)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # saved: the admin redirects
            _log(request, "admin.user.password", User.objects.get(pk=id))
        return response


def _own_roles_unchanged(form: Any) -> Any:
    """An administrator may not change their own roles: giving oneself a casework role would open
    children's records with no second person involved. Another administrator must do it."""
    groups = form.cleaned_data["groups"]
    if set(groups) != set(form.instance.groups.all()):
        raise ValidationError("You cannot change your own roles. Ask another administrator to do it.")
    return groups


def _log(request: HttpRequest, action: str, user: Any, what: str = "") -> None:
    """One line of the access log for a change an administrator made to a user: who, to whom, what.

    Why the access log and not only the admin's own history: views of children's records are
    traced from /audit/, so the account and role that made them possible must be traced there too.
    ``what`` holds role names or the changed fields' labels, never a person's details.
    """
    by = request.user
    assert isinstance(by, User)  # the admin is reached signed in only (admin.site.has_permission)
    AccessLogEntry.objects.create(
        user=by, action=action, record_type="user", record_id=str(user.pk), reason=what
    )


@admin.register(Group)
class RoleAdmin(PolicyAdmin, GroupAdmin):
    """Roles are the groups the migration made (continuum/core/roles.py): shown, never edited here."""

    fields = ("name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def guard_every_model_admin() -> None:
    """Put every model admin another library registered (django-axes, procrastinate) behind the policy.

    Called from ``CoreConfig.ready()``, after the admin has discovered every
    app's ``admin`` module. Such admins answer Django's per-model permissions;
    here each is re-registered asking ``admin.use`` instead, read-only except
    the sign-in attempts, which may be deleted (that lifts a pause).
    """
    from axes.models import AccessAttempt

    for model, model_admin in list(admin.site._registry.items()):
        if isinstance(model_admin, PolicyAdmin):
            continue
        if model._meta.app_label.startswith("otp_"):
            # Second-factor devices hold each user's secret key: not shown to anyone. An
            # administrator resets a lost phone with the Users action, which is logged.
            admin.site.unregister(model)
            continue
        original = type(model_admin)
        base = PolicyAdmin if model is AccessAttempt else ReadOnlyAdmin
        refused = {
            "has_add_permission": ReadOnlyAdmin.has_add_permission,
            "has_change_permission": ReadOnlyAdmin.has_change_permission,
        }
        admin.site.unregister(model)
        admin.site.register(model, type(original.__name__, (base, original), refused))


class ActionInWordsFilter(admin.SimpleListFilter):
    """Filter the access log by action, each named in words ("Was refused a child's record")."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        from continuum.web.audit.words import action_words

        actions = AccessLogEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((a, action_words(a)) for a in actions), key=lambda pair: pair[1])

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    """The access log is read-only: nobody may edit or delete who saw what.

    Actions are shown in the words the audit pages use (``continuum.web.audit.words``); the stored
    name ("child.refused") stays what the filter matches on.
    """

    list_display = ("at", "user", "action_in_words", "record_type", "record_id", "flagged")
    list_filter = ("flagged", ActionInWordsFilter, "record_type")
    date_hierarchy = "at"

    @admin.display(description="Action", ordering="action")
    def action_in_words(self, entry: AccessLogEntry) -> str:
        from continuum.web.audit.words import action_words

        return action_words(entry.action)


from django import forms  # noqa: E402

from continuum.core.dates import moment_words  # noqa: E402
from continuum.core.models import (  # noqa: E402  (appended with the timescales table)
    TIMING_FIELDS,
    TimescaleRule,
    TimescaleRuleChange,
    setting_words,
)


class TimescaleRuleForm(forms.ModelForm):  # type: ignore[type-arg]
    """The rule's fields and, on a change, why: a change of timing recounts every figure.

    The table is not dated, so a change moves every work tray and recounts every
    figure counted with the rule, past months included. The reason is kept with
    who and when (:class:`TimescaleRuleChange`) and shown on the dashboards.
    """

    reason_for_change = forms.CharField(
        label="Why is this timescale changing?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when the timing changes (its length or unit, repeat, phase length, start day, "
        "the rule that takes over, or switching it on or off). Every figure and work tray counted with this "
        "rule changes, earlier months included, and the dashboards show this reason with your name.",
    )

    class Meta:
        model = TimescaleRule
        fields = (
            "code",
            "name",
            "active",
            "start_event",
            "interval",
            "unit",
            "counts_start_day",
            "applies_to",
            "repeat_interval",
            "repeat_unit",
            "ends_after_interval",
            "ends_after_unit",
            "then",
            "due_soon_interval",
            "due_soon_unit",
            "source_kind",
            "citation",
            "seed",
            "notes",
        )

    def timing_changed(self) -> list[str]:
        """The labels of the changed fields that move due dates (empty for a new rule)."""
        if self.instance._state.adding:
            return []
        return [str(self.fields[name].label) for name in TIMING_FIELDS if name in self.changed_data]

    def clean_reason_for_change(self) -> str:
        return self.cleaned_data.get("reason_for_change", "").strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.timing_changed() and not cleaned.get("reason_for_change"):
            self.add_error(
                "reason_for_change",
                "Say why the timescale is changing: every figure and work tray counted with it changes, "
                "earlier months included.",
            )
        return cleaned


@admin.register(TimescaleRule)
class TimescaleRuleAdmin(PolicyAdmin):
    """Where a council sets its own timescales, without a code change.

    Saving runs the model's ``clean()``, so a rule the clock engine could not
    use (a zero interval, an unknown unit, no source) is refused on the form.
    Work trays pick up changes the next time they load the rules. A change of
    timing needs a reason, kept with who and when (:class:`TimescaleRuleChange`).
    """

    form = TimescaleRuleForm
    list_display = (
        "name",
        "interval",
        "unit",
        "repeat_interval",
        "repeat_unit",
        "applies_to",
        "source_kind",
        "active",
        "reference",
    )
    list_display_links = ("name",)
    list_filter = ("active", "source_kind", "unit", "applies_to")
    search_fields = ("code", "name", "start_event", "citation")
    ordering = ("name",)
    fieldsets = (
        (None, {"fields": ("code", "name", "active")}),
        (
            "When it is due",
            {"fields": ("start_event", ("interval", "unit"), "counts_start_day", "applies_to")},
        ),
        (
            "Recurring clocks",
            {
                "fields": (
                    ("repeat_interval", "repeat_unit"),
                    ("ends_after_interval", "ends_after_unit"),
                    "then",
                )
            },
        ),
        ("Due soon", {"fields": (("due_soon_interval", "due_soon_unit"),)}),
        ("Where it comes from", {"fields": ("source_kind", "citation", "seed", "notes")}),
    )

    @admin.display(description="Reference for analysts", ordering="code")
    def reference(self, rule: TimescaleRule) -> str:
        """The code reports and indicators name the rule by: last, small, for tracing a figure."""
        return rule.code

    def get_fieldsets(self, request: HttpRequest, obj: TimescaleRule | None = None) -> Any:
        """A saved rule's form also asks why it is changing and shows the changes made before."""
        if obj is None:
            return self.fieldsets
        return (*self.fieldsets, ("Why it is changing", {"fields": ("reason_for_change", "change_history")}))

    def get_readonly_fields(self, request: HttpRequest, obj: TimescaleRule | None = None) -> tuple[str, ...]:
        """The code is how reports and chains refer to a rule, so it is fixed once saved."""
        return ("code", "updated_at", "change_history") if obj is not None else ("updated_at",)

    @admin.display(description="Changes made before")
    def change_history(self, rule: TimescaleRule) -> str:
        """Each earlier change: when, by whom, from what to what, and why (newest first)."""
        changes = list(rule.changes.select_related("changed_by")[:20]) if rule.pk else []
        if not changes:
            return "None recorded."
        return "\n".join(
            f"{moment_words(c.changed_at)}, {_person(c.changed_by)}: {c.before} → {c.after}. Why: {c.reason}"
            for c in changes
        )

    def save_model(self, request: HttpRequest, obj: TimescaleRule, form: Any, change: bool) -> None:
        """Save the rule and, when its timing changed (or a reason was given), who, when and why."""
        before = setting_words(TimescaleRule.objects.get(pk=obj.pk)) if change else ""
        super().save_model(request, obj, form, change)
        reason = form.cleaned_data.get("reason_for_change", "")
        changed = form.timing_changed()
        if change and (changed or reason):
            TimescaleRuleChange.objects.create(
                rule=obj,
                changed_by=cast(User, request.user),  # the admin is signed in
                changed_fields=", ".join(changed)
                or ", ".join(
                    str(form.fields[n].label) for n in form.changed_data if n != "reason_for_change"
                ),
                before=before,
                after=setting_words(obj),
                reason=reason,
            )


def _person(user: Any) -> str:
    """A member of staff as pages name them: their full name, else their sign-in name."""
    return user.get_full_name() or user.get_username()
