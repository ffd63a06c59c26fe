/** 志愿活动: activities filtered by kind, text and open sign-up, paged; or my sign-ups. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const format = require('../../utils/format')
const labels = require('../../utils/labels')

const PAGE = 20

function row(activity, status, position) {
  let mine = ''
  if (status === 'waitlisted') mine = position ? `候补第${position}位` : '候补中'
  else if (status) mine = labels.signupStatus[status] || ''
  const seatsText = activity.status !== 'published' ? (labels.activityStatus[activity.status] || '')
    : activity.seats_left > 0 ? `剩余 ${activity.seats_left} 个名额` : `已满，候补 ${activity.waitlist_count} 人`
  return { ...activity, when: format.span(activity.starts_at, activity.ends_at), mine, seatsText }
}

Component({
  behaviors: [pageBehavior],
  data: { tab: 'all', kinds: labels.activityKinds, kind: '', q: '', openOnly: true, items: [], count: 0 },
  methods: {
    onLoad() { this.refresh() },
    onPullDownRefresh() { this.refresh() },
    onReachBottom() { if (this.data.tab === 'all' && this.data.items.length < this.data.count) this.fetch(this.data.items.length) },
    refresh() { return this.data.tab === 'all' ? this.fetch(0) : this.fetchMine() },
    async fetch(offset) {
      const d = this.data
      const page = await this.load(() => api.call('activities', {
        query: { kind: d.kind, q: d.q.trim(), status: d.openOnly ? 'published' : '', date_from: d.openOnly ? format.today() : '', limit: PAGE, offset, coord: 'gcj02' },
      }))
      if (!page) return
      const rows = page.items.map(a => row(a, a.my_signup && a.my_signup.status, a.my_signup && a.my_signup.position))
      this.setData({ items: offset ? d.items.concat(rows) : rows, count: page.count })
    },
    async fetchMine() {
      if (!this.requireLogin()) return
      const signups = await this.load(() => api.call('mySignups', { query: { limit: 50 } }))
      if (signups) this.setData({ items: signups.map(s => row(s.activity, s.status, s.position)), count: signups.length })
    },
    onTab(e) {
      this.setData({ tab: e.currentTarget.dataset.tab, items: [], count: 0 })
      this.refresh()
    },
    onKind(e) { this.setData({ kind: e.currentTarget.dataset.kind }); this.fetch(0) },
    onOpenOnly() { this.setData({ openOnly: !this.data.openOnly }); this.fetch(0) },
    onQuery(e) { this.setData({ q: e.detail.value }) },
    onSearch() { this.fetch(0) },
  },
})
