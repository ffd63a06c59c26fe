/** 扫码签到: scan the organiser's rotating QR (wx.scanCode), take the GCJ-02 location, check in or out. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const format = require('../../utils/format')

/** The token from what the QR holds: the check-in page's address (…/checkin/?token=…) or the bare token. */
function tokenFrom(text) {
  const value = String(text || '').trim()
  const match = value.match(/[?&]token=([^&#]+)/)
  return match ? decodeURIComponent(match[1]) : value
}

function promisify(fn, options) {
  return new Promise((resolve, reject) => fn(Object.assign({}, options, { success: resolve, fail: reject })))
}

Component({
  behaviors: [pageBehavior],
  data: { result: null },
  methods: {
    onLoad(query) {
      this.requireLogin()
      // Opened by WeChat's own scanner from the QR's address (扫普通链接二维码打开小程序): q holds that address.
      if (query && query.q) this.pendingToken = tokenFrom(decodeURIComponent(query.q))
    },
    onShow() {
      if (this.pendingToken) {
        const token = this.pendingToken
        this.pendingToken = ''
        this.scan('checkIn', token)
      }
    },
    onCheckIn() { this.scan('checkIn') },
    onCheckOut() { this.scan('checkOut') },
    async scan(endpoint, knownToken) {
      if (!this.requireLogin()) return
      this.setData({ error: '', result: null })
      let token = knownToken
      if (!token) {
        try {
          const res = await promisify(wx.scanCode, { onlyFromCamera: true, scanType: ['qrCode'] })
          token = tokenFrom(res.result)
        } catch (err) {
          if (!/cancel/.test((err && err.errMsg) || '')) this.setData({ error: '无法打开扫码，请检查相机权限' })
          return
        }
      }
      let here
      try {
        here = await promisify(wx.getLocation, { type: 'gcj02', isHighAccuracy: true })
      } catch (err) {
        this.setData({ error: '签到需要您的位置：请在设置中允许使用位置信息后重试' })
        return
      }
      const body = { token, lat: here.latitude, lng: here.longitude, coord: 'gcj02' }
      const answer = await this.act(() => (endpoint === 'checkOut' ? api.call('checkOut', { body }) : api.call('checkIn', { body })))
      if (!answer) return
      const checkOut = endpoint === 'checkOut'
      let title = checkOut ? '签退成功' : '签到成功'
      if (answer.already) title = checkOut ? '您已签退过' : '您已签到过'
      const detail = checkOut
        ? `签退时间 ${format.time(answer.checked_out_at)}${answer.hours ? `，本次服务 ${answer.hours} 小时（待组织者审核）` : ''}`
        : `签到时间 ${format.time(answer.checked_in_at)}，活动结束时请再次扫码签退`
      this.setData({ result: { title, activity: answer.activity_title, detail } })
    },
  },
})

module.exports = { tokenFrom }
