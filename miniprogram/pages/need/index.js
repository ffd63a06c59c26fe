/** One need: its status as it moves (open, matched, in service, done, rated), accept for volunteers, rating. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const format = require('../../utils/format')
const session = require('../../utils/session')

const STATUS_NAMES = { open: '已发布', matched: '志愿者已接单', in_progress: '服务中', done: '已完成', rated: '已评价', cancelled: '已取消', expired: '已过期' }

Component({
  behaviors: [pageBehavior],
  data: { id: 0, need: null, when: '', events: [], isVolunteer: false, canAccept: false, canCancel: false, canRate: false, rating: 5, feedback: '', ratingStars: '' },
  methods: {
    onLoad(query) { this.setData({ id: Number(query.id) }) },
    onShow() { this.refresh() },
    onPullDownRefresh() { this.refresh() },
    async refresh() {
      const [need, me] = await this.load(() => Promise.all([
        api.call('need', { params: { id: this.data.id }, query: { coord: 'gcj02' } }),
        session.signedIn() ? api.call('me').catch(() => null) : Promise.resolve(null),
      ])) || []
      if (need) this.show(need, !!(me && me.volunteer))
    },
    show(need, isVolunteer = this.data.isVolunteer) {
      this.setData({
        need,
        isVolunteer,
        when: format.span(need.window_start, need.window_end),
        events: (need.events || []).map(e => ({ ...e, name: STATUS_NAMES[e.status] || e.status, when: format.dateTime(e.at) })),
        canAccept: isVolunteer && need.status === 'open' && !need.involved,
        canCancel: need.involved && !isVolunteer && ['open', 'matched'].indexOf(need.status) >= 0,
        canRate: need.involved && need.status === 'done' && !need.rating,
        ratingStars: format.stars(need.rating),
      })
    },
    async onAccept() {
      if (!this.requireLogin()) return
      const need = await this.act(() => api.call('needAccept', { params: { id: this.data.id } }), '已接单')
      if (need) this.show(need)
    },
    async onCancel() {
      const answer = await new Promise(resolve => wx.showModal({ title: '撤回求助', content: '确定撤回这条求助吗？', success: resolve }))
      if (!answer.confirm) return
      const need = await this.act(() => api.call('needCancel', { params: { id: this.data.id }, body: { reason: '求助人撤回' } }), '已撤回')
      if (need) this.show(need)
    },
    onRating(e) { this.setData({ rating: Number(e.detail.value) }) },
    onFeedback(e) { this.setData({ feedback: e.detail.value }) },
    async onRate() {
      const need = await this.act(() => api.call('needRate', { params: { id: this.data.id }, body: { rating: this.data.rating, feedback: this.data.feedback } }), '感谢评价')
      if (need) this.show(need)
    },
    onNavigate() {
      const n = this.data.need
      wx.openLocation({ latitude: n.lat, longitude: n.lng, name: n.kind_name, address: n.place, scale: 16 })
    },
  },
})
