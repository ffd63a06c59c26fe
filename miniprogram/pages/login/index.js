/**
 * Login: wx.login → POST /auth/wechat. A WeChat user not yet bound binds with the account's phone and password
 * (a fresh code each time); the token is kept with wx.setStorageSync. Then back to the page that asked.
 */
const pageBehavior = require('../../behaviors/page')
const auth = require('../../utils/auth')

const PHONE = /^1[3-9]\d{9}$/

Component({
  behaviors: [pageBehavior],
  data: { next: '', expired: false, binding: false, usePassword: false, phone: '', password: '', formError: '' },
  methods: {
    onLoad(query) {
      this.setData({ next: query && query.next ? decodeURIComponent(query.next) : '', expired: !!(query && query.expired) })
    },
    onPhone(e) { this.setData({ phone: e.detail.value }) },
    onPassword(e) { this.setData({ password: e.detail.value }) },
    onUsePassword() { this.setData({ usePassword: true }) },
    async onWeChat() {
      this.setData({ formError: '' })
      wx.showLoading({ title: '登录中', mask: true })
      try {
        await auth.wechatLogin()
        wx.hideLoading()
        this.done()
      } catch (err) {
        wx.hideLoading()
        if (err.code === 'wechat_not_bound') this.setData({ binding: true })
        else this.setData({ formError: err.message })
      }
    },
    async onSubmit() {
      const { phone, password, binding } = this.data
      if (!PHONE.test(phone)) { this.setData({ formError: '请输入11位手机号' }); return }
      if (!password) { this.setData({ formError: '请输入密码' }); return }
      this.setData({ formError: '' })
      wx.showLoading({ title: '登录中', mask: true })
      try {
        if (binding) await auth.wechatBind(phone, password)
        else await auth.passwordLogin(phone, password)
        wx.hideLoading()
        this.done()
      } catch (err) {
        wx.hideLoading()
        this.setData({ formError: err.message })
      }
    },
    done() {
      wx.showToast({ title: '登录成功', icon: 'success' })
      const next = this.data.next || '/pages/me/index'
      wx.reLaunch({ url: next })
    },
  },
})
