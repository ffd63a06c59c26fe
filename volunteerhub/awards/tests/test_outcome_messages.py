"""A nomination's outcome reaches the nominated volunteer and the nominator."""

import time_machine

from volunteerhub.awards import services
from volunteerhub.notifications.models import Notification


def test_the_outcome_is_told_to_the_volunteer_and_the_nominator(organizer, volunteer, county_admin):
    with time_machine.travel("2026-11-02 09:00:00+08:00", tick=False):
        nomination = services.nomination_create(by=organizer, kind="volunteer", volunteer=volunteer,
                                                title="优秀志愿者", year=2026, reason="常年坚持在社区开展义诊服务")
    with time_machine.travel("2026-11-20 09:00:00+08:00", tick=False):
        services.nomination_decide(nomination=nomination, by=county_admin, approve=True)

    told = set(Notification.objects.filter(kind="nomination_decided").values_list("user_id", flat=True))
    assert told == {volunteer.user_id, organizer.pk}
