/** A service post: opening hours, services, a phone to call, the way there. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const labels = require('../../utils/labels')

Component({
  behaviors: [pageBehavior],
  data: { id: 0, post: null, statusText: '' },
  methods: {
    onLoad(query) {
      this.setData({ id: Number(query.id) })
      this.refresh()
    },
    async refresh() {
      const post = await this.load(() => api.call('post', { params: { id: this.data.id }, query: { coord: 'gcj02' } }))
      if (!post) return
      post.extra = { opening_hours: '', services: [], phone: '', ...(post.extra || {}) }
      this.setData({ post, statusText: labels.postStatus[post.status] || post.status })
      wx.setNavigationBarTitle({ title: post.name })
    },
    onCall() {
      const phone = this.data.post && this.data.post.extra.phone
      if (phone) wx.makePhoneCall({ phoneNumber: phone.replace(/[^\d+]/g, '') })
    },
    onNavigate() {
      const p = this.data.post
      wx.openLocation({ latitude: p.lat, longitude: p.lng, name: p.name, address: p.address, scale: 16 })
    },
  },
})
