/** Codes the API takes, with their Chinese names. */
module.exports = {
  needKinds: [
    { value: 'home_visit', label: '上门健康探访' },
    { value: 'escort', label: '陪同就医' },
    { value: 'medicine_delivery', label: '送药上门' },
    { value: 'psychological_support', label: '心理疏导' },
    { value: 'health_checkup', label: '健康体检' },
    { value: 'rehabilitation', label: '康复指导' },
    { value: 'chronic_care', label: '慢病随访' },
    { value: 'other', label: '其他' },
  ],
  urgencies: [
    { value: 1, label: '一般' },
    { value: 2, label: '尽快' },
    { value: 3, label: '紧急' },
  ],
  activityKinds: [
    { value: '', label: '全部' },
    { value: 'advocacy', label: '文明倡导' },
    { value: 'counselling', label: '心理疏导' },
    { value: 'convenience', label: '便民利民' },
    { value: 'poverty_relief', label: '贫困救助' },
    { value: 'family_planning', label: '计生家庭帮扶' },
    { value: 'patriotic_health', label: '爱国卫生' },
    { value: 'training', label: '培训' },
  ],
  mapKinds: [
    { value: 'post', label: '服务站点' },
    { value: 'activity', label: '志愿活动' },
    { value: 'need', label: '求助需求' },
  ],
  signupStatus: { confirmed: '已报名', waitlisted: '候补中', cancelled: '已取消' },
  activityStatus: { draft: '草稿', published: '报名中', cancelled: '已取消', finished: '已结束' },
  postStatus: { open: '服务中', closed: '休息中' },
  entryStatus: { approved: '已认定', pending: '待审核', rejected: '未通过' },
  roles: { volunteer: '志愿者', resident: '居民', organizer: '队伍组织者', county_admin: '县区管理员', city_admin: '市级管理员' },
}
