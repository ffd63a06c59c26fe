/** 首页: the corps' banner, the entries, the latest news. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const format = require('../../utils/format')
const config = require('../../config')

Component({
  behaviors: [pageBehavior],
  data: {
    corpsName: config.corpsName,
    corpsSlogan: config.corpsSlogan,
    entries: [
      { text: '服务地图', icon: 'location', url: '/pages/map/index' },
      { text: '我要求助', icon: 'help-circle', url: '/pages/needs/index' },
      { text: '志愿活动', icon: 'calendar', url: '/pages/activities/index' },
      { text: '扫码签到', icon: 'scan', url: '/pages/checkin/index' },
      { text: '我的', icon: 'user', url: '/pages/me/index' },
    ],
    news: [],
  },
  methods: {
    onLoad() { this.refresh() },
    onPullDownRefresh() { this.refresh() },
    async refresh() {
      const items = await this.load(() => api.call('articles', { query: { limit: 5 } }))
      if (items) this.setData({ news: items.map(a => ({ ...a, date: format.day(a.published_at) })) })
    },
    toggleElder() {
      const on = !this.data.elder
      getApp().setElder(on)
      this.setData({ elder: on })
    },
  },
})
