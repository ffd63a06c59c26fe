"""The insured roster for the insurer (`export insured_roster`): one row per policy and insured volunteer.

ID numbers and phones are masked as in every other export unless the exporter's role may see them clear.
"""

from volunteerhub.accounts.phones import mask_contact_phone
from volunteerhub.core import crypto
from volunteerhub.core.masking import mask_phone
from volunteerhub.insurance import selectors
from volunteerhub.insurance.models import Policy
from volunteerhub.volunteers.selectors import may_see_clear_ids

COLUMNS = ["保险公司", "保单号", "保障内容", "保险起期", "保险止期", "承保对象", "志愿者编号", "姓名", "证件类型",
           "证件号码", "出生日期", "手机号码"]


def policies_for(user):
    qs = Policy.objects.select_related("region", "team", "activity")
    return (qs if user is None else selectors.policies_for(user=user)).order_by("pk")


def _phone(volunteer, clear: bool) -> str:
    if volunteer.user.phone:
        return volunteer.user.phone if clear else mask_phone(volunteer.user.phone)
    return volunteer.contact_phone if clear else mask_contact_phone(volunteer.contact_phone)


def rows(*, user=None):
    clear = user is not None and may_see_clear_ids(user)
    for policy in policies_for(user).iterator(chunk_size=200):
        for v in selectors.insured_of(policy).iterator(chunk_size=1000):
            yield {"保险公司": policy.insurer, "保单号": policy.number, "保障内容": policy.cover,
                   "保险起期": policy.starts_on.isoformat(), "保险止期": policy.ends_on.isoformat(),
                   "承保对象": policy.get_covers_display(), "志愿者编号": v.volunteer_number, "姓名": v.name,
                   "证件类型": "居民身份证",
                   "证件号码": crypto.decrypt(v.id_number_encrypted) if clear else v.id_number_masked,
                   "出生日期": v.birth_date.isoformat() if clear else "", "手机号码": _phone(v, clear)}
