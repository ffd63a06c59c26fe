/** My service record, entry by entry. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const labels = require('../../utils/labels')

Component({
  behaviors: [pageBehavior],
  data: { entries: [] },
  methods: {
    onLoad() { if (this.requireLogin()) this.refresh() },
    async refresh() {
      const hours = await this.load(() => api.call('myHours'))
      if (hours) this.setData({ entries: hours.entries.map(e => ({ ...e, statusText: labels.entryStatus[e.status] || e.status })) })
    },
  },
})
