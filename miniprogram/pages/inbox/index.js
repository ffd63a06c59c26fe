/** 消息: my in-app messages (also what WeChat subscribe messages open), read one or all. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const format = require('../../utils/format')

Component({
  behaviors: [pageBehavior],
  data: { items: [], unread: 0, count: 0 },
  methods: {
    onLoad() { if (this.requireLogin()) this.refresh() },
    onPullDownRefresh() { this.refresh() },
    onReachBottom() { if (this.data.items.length < this.data.count) this.fetch(this.data.items.length) },
    refresh() { return this.fetch(0) },
    async fetch(offset) {
      const inbox = await this.load(() => api.call('inbox', { query: { unread_only: false, limit: 20, offset } }))
      if (!inbox) return
      const rows = inbox.items.map(n => ({ ...n, when: format.dateTime(n.created_at), open: false }))
      this.setData({ items: offset ? this.data.items.concat(rows) : rows, unread: inbox.unread, count: inbox.count })
    },
    async onOpen(e) {
      const index = e.currentTarget.dataset.index
      const item = this.data.items[index]
      this.setData({ [`items[${index}].open`]: !item.open })
      if (item.read_at) return
      try {
        await api.call('inboxRead', { params: { id: item.id } })
        this.setData({ [`items[${index}].read_at`]: new Date().toISOString(), unread: Math.max(0, this.data.unread - 1) })
      } catch (err) { if (!err.redirected) this.fail(err) }
    },
    async onReadAll() {
      const done = await this.act(() => api.call('inboxReadAll'), '已全部标为已读')
      if (done) this.refresh()
    },
  },
})
