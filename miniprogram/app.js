const ELDER_KEY = 'vh_elder'

App({
  globalData: { elder: false, privacyResolve: null },

  onLaunch() {
    this.globalData.elder = !!wx.getStorageSync(ELDER_KEY)
    // Since base library 2.32.3 a privacy API (location) first asks the user to agree to the privacy guidelines:
    // the page on screen shows its popup and the answer goes back through resolve.
    if (wx.onNeedPrivacyAuthorization) {
      wx.onNeedPrivacyAuthorization(resolve => {
        this.globalData.privacyResolve = resolve
        const pages = getCurrentPages()
        const page = pages[pages.length - 1]
        if (page && page.showPrivacy) page.showPrivacy()
        else resolve({ event: 'disagree' })
      })
    }
  },

  privacyAnswer(event) {
    const resolve = this.globalData.privacyResolve
    this.globalData.privacyResolve = null
    if (resolve) resolve(event === 'agree' ? { buttonId: 'agree-btn', event: 'agree' } : { event: 'disagree' })
  },

  /** Elder mode (适老化): larger text and tap targets on every page from the next one opened. */
  setElder(on) {
    this.globalData.elder = !!on
    wx.setStorageSync(ELDER_KEY, on ? 1 : 0)
  },
})
