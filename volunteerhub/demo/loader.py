"""Loads the demo city: each domain's module in order."""

import random

from volunteerhub.demo import (accounts, activities, articles, awards, hours, maps, needs, notifications, organizations,
                               regions, stats, volunteers)

# (label, module): each module's seed_demo(rng=..., stdout=...) loads its part, idempotently
ORDER = [("行政区划 Regions", regions), ("组织与服务岗 Organisations", organizations), ("账户 Accounts", accounts),
         ("志愿者 Volunteers", volunteers), ("活动 Activities", activities), ("服务时长 Hours", hours),
         ("求助 Needs", needs), ("地图 Map", maps), ("统计 Figures", stats), ("资讯 Articles", articles),
         ("表彰 Awards", awards), ("消息 Notifications", notifications)]


def seed_demo(*, seed: int, stdout) -> None:
    for label, module in ORDER:
        stdout.write(f"· {label}")
        module.seed_demo(rng=random.Random(f"{seed}:{module.__name__.rsplit('.', 1)[1]}"), stdout=stdout)
