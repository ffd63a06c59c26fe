/** 我的: hours and stars (what is left to the next star), the certificate, inbox, settings, WeChat binding. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const auth = require('../../utils/auth')
const format = require('../../utils/format')
const labels = require('../../utils/labels')
const session = require('../../utils/session')

function hoursCard(h) {
  const left = format.toNextStar(h.approved_hours, h.next_threshold)
  const nextText = left === null ? '已达到最高星级，感谢您的奉献！'
    : `距${h.star_level + 1}星志愿者（${h.next_threshold}小时）还差 ${left} 小时`
  return { ...h, stars: format.stars(h.star_level), nextText }
}

Component({
  behaviors: [pageBehavior],
  data: { signedIn: false, me: null, roleText: '', hours: null, unread: 0, wechatBound: false },
  methods: {
    onShow() {
      const signedIn = session.signedIn()
      this.setData({ signedIn, elder: !!getApp().globalData.elder })
      if (signedIn) this.refresh()
      else this.setData({ me: null, hours: null })
    },
    onPullDownRefresh() { this.refresh() },
    async refresh() {
      const got = await this.load(async () => {
        const [me, inbox, prefs] = await Promise.all([
          api.call('me'), api.call('inbox', { query: { unread_only: true, limit: 1, offset: 0 } }), api.call('preferences'),
        ])
        const hours = me.volunteer ? await api.call('myHours') : null
        return { me, inbox, prefs, hours }
      })
      if (!got) return
      this.setData({
        me: got.me,
        roleText: labels.roles[got.me.role] || got.me.role,
        hours: got.hours ? hoursCard(got.hours) : null,
        unread: got.inbox.unread,
        wechatBound: got.prefs.wechat_bound,
      })
    },
    /** The certificate of service (PDF, its QR leads to the public verification page), opened in WeChat. */
    async onCertificate() {
      const filePath = await this.act(() => api.download('certificate'))
      if (filePath) wx.openDocument({ filePath, fileType: 'pdf', showMenu: true })
    },
    async onWeChatBinding() {
      if (this.data.wechatBound) {
        const answer = await new Promise(resolve => wx.showModal({ title: '解除微信绑定', content: '解除后需用手机号和密码登录，确定解除吗？', success: resolve }))
        if (!answer.confirm) return
        const done = await this.act(() => api.call('wechatUnbind'), '已解除绑定')
        if (done) this.setData({ wechatBound: false })
      } else {
        const done = await this.act(() => auth.wechatBindSignedIn(), '已绑定微信')
        if (done) this.setData({ wechatBound: true })
      }
    },
    onElder(e) {
      const on = !!e.detail.value
      getApp().setElder(on)
      this.setData({ elder: on })
    },
    async onLogout() {
      await auth.logout()
      this.setData({ signedIn: false, me: null, hours: null })
      wx.reLaunch({ url: '/pages/index/index' })
    },
  },
})
