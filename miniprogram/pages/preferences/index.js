/** 通知设置: WeChat and SMS reminders, quiet hours. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')

Component({
  behaviors: [pageBehavior],
  data: { prefs: null },
  methods: {
    onLoad() { if (this.requireLogin()) this.refresh() },
    async refresh() {
      const prefs = await this.load(() => api.call('preferences'))
      if (prefs) this.setData({ prefs })
    },
    onWeChat(e) { this.setData({ 'prefs.wechat': !!e.detail.value }) },
    onSms(e) { this.setData({ 'prefs.sms': !!e.detail.value }) },
    onQuietStart(e) { this.setData({ 'prefs.quiet_start': e.detail.value }) },
    onQuietEnd(e) { this.setData({ 'prefs.quiet_end': e.detail.value }) },
    async onSave() {
      const p = this.data.prefs
      const prefs = await this.act(() => api.call('preferencesSave', { body: { wechat: p.wechat, sms: p.sms, quiet_start: p.quiet_start, quiet_end: p.quiet_end } }), '已保存')
      if (prefs) this.setData({ prefs })
    },
  },
})
