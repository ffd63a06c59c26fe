/** 证书查验: the public check of a certificate of service, by its number or the QR printed on it. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')

function codeFrom(text) {
  const value = String(text || '').trim()
  const match = value.match(/certificates\/verify\/([^/?#]+)/)
  return match ? decodeURIComponent(match[1]) : value
}

Component({
  behaviors: [pageBehavior],
  data: { code: '', result: null },
  methods: {
    onLoad(query) { if (query && query.code) { this.setData({ code: query.code }); this.onCheck() } },
    onCode(e) { this.setData({ code: e.detail.value }) },
    async onCheck() {
      const code = codeFrom(this.data.code)
      if (!code) { this.setData({ error: '请输入证书编号' }); return }
      this.setData({ result: null })
      const result = await this.load(() => api.call('verifyCertificate', { params: { code } }))
      if (result) this.setData({ result })
    },
    onScan() {
      wx.scanCode({ scanType: ['qrCode'], success: res => { this.setData({ code: codeFrom(res.result) }); this.onCheck() } })
    },
  },
})
