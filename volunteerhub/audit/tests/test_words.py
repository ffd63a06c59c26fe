"""The audit trail reads as words: every action code and object type the services record has its words."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from volunteerhub.audit import words
from volunteerhub.needs.models import NeedStatus

SOURCES = [p for p in (Path(settings.BASE_DIR) / "volunteerhub").rglob("*.py") if "tests" not in p.parts]
RECORDED = re.compile(r'audit_record\(\s*action="([a-z_]+)"[^)]*?target_type="([a-z_]+)"', re.S)


def _recorded() -> tuple[set[str], set[str]]:
    actions, objects = set(), set()
    for path in SOURCES:
        for action, target in RECORDED.findall(path.read_text(encoding="utf-8")):
            actions.add(action)
            objects.add(target)
    return actions, objects


def test_every_recorded_action_and_object_has_words():
    actions, objects = _recorded()
    assert len(actions) > 40
    actions |= {f"need_{s}" for s in NeedStatus.values} | {"ledger_approved", "ledger_rejected", "admin_change"}
    assert sorted(actions - set(words.ACTIONS)) == [] and sorted(objects - set(words.OBJECTS)) == []


@pytest.mark.parametrize("language, did, what", [("zh-hans", "取消报名", "活动"), ("en", "cancelled a sign-up", "activity")])
def test_an_action_reads_in_the_readers_language(language, did, what):
    with translation.override(language):
        assert (words.action_words("cancel_sign_up"), words.object_words("activity")) == (did, what)


def test_an_unknown_code_is_shown_as_it_is():
    assert words.action_words("something_new") == "something_new"
