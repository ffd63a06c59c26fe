/**
 * What every page shares: elder mode (bigger text and targets), a loading/error state that is never a blank
 * page, failures shown in Chinese, navigation that knows the tab pages, and the privacy authorisation popup.
 */
const session = require('../utils/session')

const TABS = ['/pages/index/index', '/pages/map/index', '/pages/activities/index', '/pages/me/index']

module.exports = Behavior({
  data: { elder: false, loading: false, error: '', privacyShown: false },
  lifetimes: {
    attached() {
      const app = getApp()
      this.setData({ elder: !!(app && app.globalData.elder) })
    },
  },
  methods: {
    /** Load what the page shows: loading state, then the data or an error with a retry button. */
    async load(work) {
      this.setData({ loading: true, error: '' })
      try {
        const result = await work()
        this.setData({ loading: false })
        return result
      } catch (err) {
        this.setData({ loading: false, error: err.redirected ? '登录已失效，正在前往登录页' : (err.message || '加载失败，请重试') })
        return undefined
      } finally {
        wx.stopPullDownRefresh()
      }
    },
    /** Run an action the user asked for; a failure is told in a dialog, success in a toast. */
    async act(work, done) {
      wx.showLoading({ title: '请稍候', mask: true })
      try {
        const result = await work()
        wx.hideLoading()
        if (done) wx.showToast({ title: done, icon: 'success' })
        return result
      } catch (err) {
        wx.hideLoading()
        if (!err.redirected) this.fail(err)
        return undefined
      }
    },
    fail(err) {
      const message = (err && err.message) || '操作失败，请重试'
      this.setData({ lastError: message })
      wx.showModal({ title: '提示', content: message, showCancel: false, confirmText: '知道了' })
    },
    go(url) {
      const path = url.split('?')[0]
      if (TABS.indexOf(path) >= 0) wx.switchTab({ url: path })
      else wx.navigateTo({ url })
    },
    onNavTap(e) { this.go(e.currentTarget.dataset.url) },
    /** Pages that need an account send the visitor to the login page first. Returns false when not signed in. */
    requireLogin() {
      if (session.signedIn()) return true
      const route = this.route || (this.is || '').replace(/^\//, '')
      wx.navigateTo({ url: `/pages/login/index?next=${encodeURIComponent(`/${route}`)}` })
      return false
    },
    showPrivacy() { this.setData({ privacyShown: true }) },
    onPrivacyAgree() {
      this.setData({ privacyShown: false })
      getApp().privacyAnswer('agree')
    },
    onPrivacyDisagree() {
      this.setData({ privacyShown: false })
      getApp().privacyAnswer('disagree')
    },
  },
})
