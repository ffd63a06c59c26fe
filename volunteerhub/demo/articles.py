"""A dozen demo articles in four categories, with tags, read counts and links to finished activities."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from volunteerhub.accounts.models import Role, User
from volunteerhub.activities.models import Activity
from volunteerhub.articles.models import Article, Category
from volunteerhub.articles.services import article_save

CATEGORIES = [("news", "工作动态", "News", 1), ("notice", "通知公告", "Notices", 2),
              ("health", "健康科普", "Health tips", 3), ("stories", "志愿者风采", "Volunteer stories", 4)]
ARTICLES = [
    ("news", "滨州市卫生健康志愿服务总队召开年度工作部署会", ["总队", "年度计划"], "滨州市卫生健康委员会",
     "会议印发年度志愿服务活动计划，明确文明倡导、心理疏导、便民利民等六类活动的目标任务。"),
    ("news", "“六进”义诊活动走进滨城区市中街道", ["义诊", "进社区"], "滨城区卫生健康局",
     "志愿者为社区居民测量血压、血糖，开展用药指导和健康咨询。"),
    ("stories", "乡村医生的二十年志愿路", ["乡村医生", "志愿者风采"], "滨州日报",
     "在无棣县的一个小村庄里，他坚持为留守老人上门随访二十年。"),
    ("health", "春季流感高发，这些防护要点请收好", ["健康科普", "传染病防控"], "滨州市疾病预防控制中心",
     "勤洗手、戴口罩、多通风，老人和儿童尽早接种流感疫苗。"),
    ("notice", "关于开展年度优秀卫生健康志愿者推荐工作的通知", ["表彰", "通知"], "滨州市卫生健康志愿服务总队",
     "各县区、各队伍按照名额推荐优秀志愿者、优秀队伍和优秀项目，推荐结果公示5个工作日。"),
    ("news", "心理疏导小分队走进博兴县中学", ["心理健康", "进学校"], "博兴县卫生健康局",
     "心理咨询师为初三学生开展考前减压团体辅导。"),
    ("health", "高血压患者日常管理的五个误区", ["慢病管理", "健康科普"], "滨州医学院附属医院",
     "不能凭感觉服药，也不能血压正常就自行停药。"),
    ("stories", "“红马甲”守护邹平市黛溪街道的夜晚", ["志愿者风采", "应急救护"], "邹平市融媒体中心",
     "急救志愿者在夜市设立服务点，三个月处置突发状况十余起。"),
    ("news", "爱国卫生运动：沾化区开展环境卫生整治志愿行动", ["爱国卫生", "进乡村"], "沾化区卫生健康局",
     "志愿者清理村庄卫生死角，宣传垃圾分类和病媒生物防制知识。"),
    ("notice", "志愿服务时长补录与更正办理指引", ["服务时长", "通知"], "滨州市卫生健康志愿服务总队",
     "志愿者发现服务记录有误或遗漏，可在“我的”页面提交更正申请，由记录单位核实办理。"),
    ("health", "夏季防溺水与中暑急救知识", ["应急救护", "健康科普"], "滨州市红十字会",
     "发现中暑者应立即转移到阴凉处，补充含盐饮料，严重者及时拨打120。"),
    ("stories", "计生特殊家庭的“贴心人”", ["计生家庭帮扶", "志愿者风采"], "惠民县卫生健康局",
     "家庭医生志愿者结对帮扶计生特殊家庭，定期上门问诊、陪伴就医。"),
]


def _body(lead: str, rng) -> str:
    extra = rng.choice(["活动现场秩序井然，群众纷纷点赞。", "下一步将持续推进志愿服务常态化、制度化。",
                        "欢迎更多医务工作者加入卫生健康志愿服务队伍。"])
    return f"<p>{lead}</p><p>{extra}</p><p><strong>滨州市卫生健康志愿服务总队</strong> 供稿。</p>"


@transaction.atomic
def seed_demo(*, rng, stdout) -> None:
    editor = User.objects.filter(role=Role.CITY_ADMIN, is_active=True).order_by("pk").first()
    if editor is None:
        stdout.write("  articles: no city admin, skipped")
        return
    categories = {}
    for slug, name, name_en, position in CATEGORIES:
        categories[slug], _ = Category.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en,
                                                                                  "position": position})
    finished = list(Activity.objects.filter(status="finished").order_by("-starts_at").values_list("pk", flat=True)[:30])
    now = timezone.now()
    made = 0
    for i, (cat, title, tags, source, lead) in enumerate(ARTICLES):
        if Article.objects.filter(title=title).exists():
            continue
        article = article_save(by=editor, title=title, body=_body(lead, rng), summary=lead, source=source,
                               category=categories[cat], tags=tags, publish=True,
                               published_at=now - dt.timedelta(days=(len(ARTICLES) - i) * 9, hours=rng.randrange(24)),
                               linked_activity_ids=rng.sample(finished, min(2, len(finished))) if finished else [])
        Article.objects.filter(pk=article.pk).update(read_count=rng.randrange(300, 4000))
        made += 1
    stdout.write(f"  articles: {Article.objects.count()} ({made} new)")
