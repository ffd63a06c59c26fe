"""The vocabulary of the synthetic rows: kinds, settings, qualifications and people's names."""

KINDS = ["advocacy", "counselling", "convenience", "poverty_relief", "family_planning", "patriotic_health", "training"]
SETTINGS = ["community", "school", "office", "enterprise", "home", "village"]
POST_KINDS = ["clinic", "health_center", "hospital", "pharmacy", "station"]
QUALS = ["doctor", "nurse", "pharmacist", "counsellor", "first_aider", "village_doctor", "health_educator",
         "social_worker"]
KIND_NAMES = {"advocacy": "文明倡导", "counselling": "心理疏导", "convenience": "便民利民", "poverty_relief": "贫困救助",
              "family_planning": "计生家庭帮扶", "patriotic_health": "爱国卫生", "training": "培训"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰红梅海燕志强文博子涵雨欣浩然"
