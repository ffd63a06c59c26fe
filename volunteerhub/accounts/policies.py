"""The first user agreement and privacy policy: loaded by a migration, and again after a transactional test's flush."""

TERMS = """欢迎使用滨州市卫生健康志愿服务平台（以下简称“平台”）。平台由滨州市卫生健康委员会运营，为居民发布健康服务需求、志愿者报名参加志愿服务、组织者管理活动和服务时长提供服务。

一、账户。您应使用本人手机号注册并如实填写姓名、身份证号等实名信息；请妥善保管密码和短信验证码，不得转借账户。
二、志愿服务。志愿服务是自愿、无偿的公益行为。报名后请按时参加，确需取消请提前告知组织者。服务时长由组织者核实后记录。
三、行为规范。不得发布虚假需求或信息，不得利用平台从事违法活动或侵害他人权益。违反者平台可暂停或注销其账户。
四、协议变更。本协议更新后，平台将在您登录时提示并请您重新确认。
五、联系我们。如有疑问，请拨打 12345 政务服务热线或联系所在县区卫生健康局。

English summary: register with your own mobile and real name; keep your password and codes secret; volunteering is voluntary and unpaid; hours are recorded after an organiser checks them; no false needs or unlawful use; when this agreement changes you are asked again."""

PRIVACY = """本政策说明平台如何处理您的个人信息（依据《中华人民共和国个人信息保护法》）。

一、我们收集的信息：手机号（登录与通知）、姓名、身份证号（实名注册、保险和服务证明）、居住区划、技能与资质、服务记录；经您同意时，您的位置信息（就近匹配需求、活动签到）。
二、敏感个人信息：身份证号和行踪轨迹（位置信息）属于敏感个人信息，我们仅在您单独同意后处理。身份证号加密存储，页面与导出中只显示打码后的号码；位置信息仅用于匹配与签到，不向其他志愿者公开。
三、使用与共享：信息仅用于志愿服务的组织、记录和统计；按规定向全国志愿服务信息系统报送必要信息，不向其他第三方出售或提供。
四、保存期限：在您的账户存续期间保存；注销后按档案管理规定保存服务记录，其他信息删除或匿名化。
五、您的权利：您可以查阅、更正您的信息，撤回同意（撤回后相关服务将无法使用），或申请注销账户。
六、政策变更：本政策更新后，平台将在您登录时提示并请您重新确认。

English summary: we keep your mobile, name, ID number (encrypted, shown masked), region, skills and service record, and your location only with your separate consent (for matching and check-in); data is used for organising and recording volunteer service and reported to the national volunteer system as required, never sold; you may see, correct, withdraw consent or close your account."""


def load_first_policies(PolicyText) -> None:
    PolicyText.objects.get_or_create(kind="terms", version=1, defaults={"title": "用户协议", "body": TERMS})
    PolicyText.objects.get_or_create(kind="privacy", version=1, defaults={"title": "隐私政策", "body": PRIVACY})
