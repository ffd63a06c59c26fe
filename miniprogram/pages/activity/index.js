/** One activity: sign up (or join the waitlist, with its position), cancel, and the reminder subscription. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const format = require('../../utils/format')
const labels = require('../../utils/labels')
const session = require('../../utils/session')

/** The template kinds whose messages an activity's volunteer gets (ids from GET /notifications/wechat-templates). */
const REMINDER_KINDS = ['activity_reminder', 'waitlist_promoted', 'activity_changed', 'activity_cancelled']

Component({
  behaviors: [pageBehavior],
  data: { id: 0, activity: null, when: '', statusText: '', seatsText: '', mine: '', canSignUp: false, canCancel: false, canCheckIn: false, tmplIds: [] },
  methods: {
    onLoad(query) {
      this.setData({ id: Number(query.id) })
      this.loadTemplates()
    },
    onShow() { this.refresh() },
    onPullDownRefresh() { this.refresh() },
    async loadTemplates() {
      try {
        const { templates } = await api.call('templates')
        const ids = []
        REMINDER_KINDS.concat(['*']).forEach(kind => {
          const id = templates[kind]
          if (id && ids.indexOf(id) < 0) ids.push(id)
        })
        this.setData({ tmplIds: ids.slice(0, 3) }) // one request asks for at most three templates
      } catch (err) { /* no templates: no subscription asked */ }
    },
    async refresh() {
      const activity = await this.load(() => api.call('activity', { params: { id: this.data.id }, query: { coord: 'gcj02' } }))
      if (activity) this.show(activity)
    },
    show(activity) {
      const signup = activity.my_signup
      const status = signup ? signup.status : ''
      let mine = ''
      if (status === 'confirmed') mine = '您已报名，请准时参加'
      else if (status === 'waitlisted') mine = `您在候补名单第${signup.position}位，有人取消时按顺序递补`
      const open = activity.status === 'published' && new Date(activity.ends_at).getTime() > Date.now()
      this.setData({
        activity,
        when: format.span(activity.starts_at, activity.ends_at),
        statusText: labels.activityStatus[activity.status] || activity.status,
        seatsText: activity.seats_left > 0 ? `共 ${activity.capacity} 人，剩余 ${activity.seats_left}` : `已满（${activity.capacity} 人），候补 ${activity.waitlist_count} 人`,
        mine,
        canSignUp: open && (!status || status === 'cancelled'),
        canCancel: open && (status === 'confirmed' || status === 'waitlisted'),
        canCheckIn: open && status === 'confirmed',
      })
      wx.setNavigationBarTitle({ title: activity.title })
    },
    /** Asked inside the tap, before the request: WeChat only shows the dialog in answer to a tap. */
    askSubscription() {
      const tmplIds = this.data.tmplIds
      if (!tmplIds.length || !wx.requestSubscribeMessage) return
      wx.requestSubscribeMessage({ tmplIds, fail() { /* refused or not supported: the inbox still has everything */ } })
    },
    async onSignUp() {
      if (!session.signedIn()) { this.requireLogin(); return }
      this.askSubscription()
      const result = await this.act(() => api.call('signUp', { params: { id: this.data.id } }))
      if (!result) return
      wx.showToast({ title: result.status === 'waitlisted' ? `已进入候补第${result.position}位` : '报名成功', icon: result.status === 'waitlisted' ? 'none' : 'success' })
      this.refresh()
    },
    async onCancel() {
      const answer = await new Promise(resolve => wx.showModal({ title: '取消报名', content: '确定取消报名吗？名额将让给候补的志愿者。', success: resolve }))
      if (!answer.confirm) return
      const result = await this.act(() => api.call('signUpCancel', { params: { id: this.data.id } }), '已取消报名')
      if (result) this.refresh()
    },
    onNavigate() {
      const a = this.data.activity
      wx.openLocation({ latitude: a.lat, longitude: a.lng, name: a.title, address: a.place, scale: 16 })
    },
  },
})
