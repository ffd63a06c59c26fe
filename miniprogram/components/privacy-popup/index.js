/** The privacy authorisation asked by wx.onNeedPrivacyAuthorization (app.js): agree or disagree. */
Component({
  properties: { show: Boolean },
  methods: {
    onAgree() { this.triggerEvent('agree') },
    onDisagree() { this.triggerEvent('disagree') },
    openContract() { if (wx.openPrivacyContract) wx.openPrivacyContract({}) },
  },
})
