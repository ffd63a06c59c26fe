"""The audit trail in words: what each action code and object type means, in the reader's language.

A code without words here is shown as it is; a test lists every code the services record and fails on one
without words (volunteerhub/audit/tests/test_words.py)."""

from django.utils.translation import gettext_lazy, pgettext_lazy


ACTIONS = {
    "account_claim": gettext_lazy("claimed an account"),
    "activity_risk_set": gettext_lazy("set an activity's risk"),
    "admin_add": gettext_lazy("added in the back-office"),
    "admin_change": gettext_lazy("changed in the back-office"),
    "admin_delete": gettext_lazy("deleted in the back-office"),
    "agreement_publish": gettext_lazy("published an agreement"),
    "agreement_sign": gettext_lazy("signed an agreement"),
    "approve": gettext_lazy("approved"),
    "calendar_day_remove": gettext_lazy("removed a day from the calendar"),
    "calendar_day_set": gettext_lazy("set a day of the calendar"),
    "callout_answer": gettext_lazy("answered a call-out"),
    "callout_close": gettext_lazy("closed a call-out"),
    "callout_create": gettext_lazy("created a call-out"),
    "callout_remind": gettext_lazy("reminded about a call-out"),
    "callout_send": gettext_lazy("sent a call-out"),
    "callout_update": gettext_lazy("changed a call-out"),
    "cancel": gettext_lazy("cancelled"),
    "cancel_sign_up": gettext_lazy("cancelled a sign-up"),
    "certificate_issue": gettext_lazy("issued a certificate"),
    "check_in": pgettext_lazy("variant-6a0e6650", "checked in"),
    "check_out": pgettext_lazy("variant-1e9290d3", "checked out"),
    "claim_code_issue": gettext_lazy("issued a claim code"),
    "claim_failed": gettext_lazy("failed to claim"),
    "claim_record": gettext_lazy("recorded a claim"),
    "correction_request": gettext_lazy("asked to correct hours"),
    "correction_resolve": gettext_lazy("answered a correction request"),
    "course_create": gettext_lazy("created a course"),
    "create": gettext_lazy("created"),
    "credential_expired": gettext_lazy("a credential expired"),
    "credential_submit": gettext_lazy("submitted a credential"),
    "delivery_retry": gettext_lazy("retried a delivery"),
    "expire": pgettext_lazy("variant-7cf7bfff", "expired"),
    "export": gettext_lazy("exported"),
    "finish": gettext_lazy("finished"),
    "guardian_consent_record": gettext_lazy("recorded a guardian's consent"),
    "import": gettext_lazy("imported"),
    "ledger_approved": gettext_lazy("approved hours"),
    "ledger_rejected": gettext_lazy("rejected hours"),
    "ledger_backfill": gettext_lazy("back-filled hours"),
    "ledger_correct": gettext_lazy("corrected hours"),
    "ledger_record": gettext_lazy("recorded hours"),
    "login": gettext_lazy("signed in"),
    "login_failed": gettext_lazy("failed to sign in"),
    "manual_check_in": gettext_lazy("checked someone in"),
    "manual_check_out": gettext_lazy("checked someone out"),
    "need_call": gettext_lazy("logged a call"),
    "object": gettext_lazy("objected during the public notice"),
    "need_confirm_code_sent": gettext_lazy("sent a confirmation code"),
    "need_confirmed": gettext_lazy("confirmed a service"),
    "need_escalated": gettext_lazy("escalated an overdue need"),
    "need_evidence": gettext_lazy("added a photo of the service"),
    "need_open": gettext_lazy("reopened a need"),
    "need_matched": gettext_lazy("took a need"),
    "need_in_progress": gettext_lazy("started a service"),
    "need_done": gettext_lazy("finished a service"),
    "need_rated": gettext_lazy("rated a service"),
    "need_cancelled": gettext_lazy("cancelled a need"),
    "need_expired": gettext_lazy("a need expired"),
    "nominate": gettext_lazy("nominated for an award"),
    "notification_preferences": gettext_lazy("changed notification settings"),
    "plan_set": gettext_lazy("set a yearly target"),
    "policy_create": gettext_lazy("registered an insurance policy"),
    "promote": gettext_lazy("moved up from the waitlist"),
    "publish": gettext_lazy("published"),
    "qualification_reject": gettext_lazy("rejected a qualification"),
    "qualification_verify": gettext_lazy("verified a qualification"),
    "quiz_submit": gettext_lazy("took a quiz"),
    "rate": gettext_lazy("rated"),
    "register": gettext_lazy("registered"),
    "roster_message": gettext_lazy("messaged the roster"),
    "round_stop": gettext_lazy("stopped a round of visits"),
    "sign_out_everywhere": gettext_lazy("signed out everywhere"),
    "sign_up": pgettext_lazy("variant-6836f03c", "signed up"),
    "sign_up_on_behalf": gettext_lazy("signed someone up"),
    "sms_inbound": gettext_lazy("received a text message"),
    "sms_to_number": gettext_lazy("sent a text message"),
    "star_level_reached": gettext_lazy("reached a star level"),
    "training_require": gettext_lazy("required a course"),
    "update": gettext_lazy("changed"),
    "wechat_bind": gettext_lazy("linked WeChat"),
    "wechat_unbind": gettext_lazy("unlinked WeChat"),
    "withdraw": gettext_lazy("withdrew"),
}

OBJECTS = {
    "activity": gettext_lazy("activity"),
    "agreement": gettext_lazy("agreement"),
    "article": gettext_lazy("article"),
    "calendar_day": gettext_lazy("calendar day"),
    "callout": gettext_lazy("call-out"),
    "certificate": gettext_lazy("certificate"),
    "correction_request": gettext_lazy("correction request"),
    "delivery": gettext_lazy("delivery"),
    "guardian_consent": gettext_lazy("guardian's consent"),
    "home_visit_round": gettext_lazy("round of home visits"),
    "insurance_claim": gettext_lazy("insurance claim"),
    "insurance_policy": gettext_lazy("insurance policy"),
    "ledger_entry": gettext_lazy("hours entry"),
    "national_volunteers": gettext_lazy("national volunteer register"),
    "need": gettext_lazy("need"),
    "nomination": gettext_lazy("nomination"),
    "plan_target": gettext_lazy("yearly target"),
    "project": gettext_lazy("project"),
    "service_post": gettext_lazy("service post"),
    "signup": gettext_lazy("sign-up"),
    "sms": gettext_lazy("text message"),
    "team": gettext_lazy("team"),
    "training_course": gettext_lazy("course"),
    "user": gettext_lazy("account"),
    "volunteer": gettext_lazy("volunteer"),
}

SOURCES = {
    "web": gettext_lazy("Web"),
    "api": gettext_lazy("API"),
    "cli": gettext_lazy("Command line"),
    "task": gettext_lazy("Task"),
    "system": gettext_lazy("System"),
}


def action_words(code: str) -> str:
    return str(ACTIONS.get(code, code))


def object_words(code: str) -> str:
    return str(OBJECTS.get(code, code))


def source_words(code: str) -> str:
    return str(SOURCES.get(code, code))
