/** 我要求助: my needs and their status; a new one from here. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const format = require('../../utils/format')

Component({
  behaviors: [pageBehavior],
  data: { needs: [] },
  methods: {
    onShow() { if (this.requireLogin()) this.refresh() },
    onPullDownRefresh() { this.refresh() },
    async refresh() {
      const needs = await this.load(() => api.call('needs', { query: { mine: true, coord: 'gcj02', limit: 50, offset: 0 } }))
      if (needs) this.setData({ needs: needs.map(n => ({ ...n, when: format.span(n.window_start, n.window_end) })) })
    },
    onNew() { wx.navigateTo({ url: '/pages/need-new/index' }) },
  },
})
