/** 发布求助: what, where (wx.chooseLocation, GCJ-02), which township, when; then the need's page. */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const format = require('../../utils/format')
const labels = require('../../utils/labels')
const config = require('../../config')

function defaultWindow(now = Date.now()) {
  const hour = new Date(now + 8 * 3600 * 1000).getUTCHours()
  if (hour + 1 > 20) {
    return { date: format.today(now + 24 * 3600 * 1000), startTime: '09:00', endTime: '12:00' }
  }
  return { date: format.today(now), startTime: `${format.pad(hour + 1)}:00`, endTime: `${format.pad(Math.min(hour + 4, 23))}:00` }
}

Component({
  behaviors: [pageBehavior],
  data: {
    kinds: labels.needKinds,
    urgencies: labels.urgencies,
    kind: '',
    description: '',
    place: '',
    address: '',
    lat: null,
    lng: null,
    regionCode: '',
    regionName: '',
    counties: [],
    countyName: '',
    townships: [],
    townshipName: '',
    today: '',
    date: '',
    startTime: '',
    endTime: '',
    urgency: 1,
    contactName: '',
    contactPhone: '',
    formError: '',
  },
  methods: {
    onLoad() {
      if (!this.requireLogin()) return
      this.setData({ today: format.today(), ...defaultWindow() })
      this.loadRegions()
    },
    async loadRegions() {
      try {
        const [me, counties] = await Promise.all([api.call('me'), api.call('regions', { query: { parent: config.cityCode } })])
        this.setData({ counties })
        if (me.region_code && me.region_code.length >= 9) {
          const region = await api.call('region', { params: { code: me.region_code } })
          this.setData({ regionCode: region.code, regionName: region.name })
        }
      } catch (err) {
        if (!err.redirected) this.setData({ formError: err.message })
      }
    },
    onKind(e) { this.setData({ kind: e.currentTarget.dataset.value }) },
    onUrgency(e) { this.setData({ urgency: Number(e.currentTarget.dataset.value) }) },
    onDescription(e) { this.setData({ description: e.detail.value }) },
    onContactName(e) { this.setData({ contactName: e.detail.value }) },
    onContactPhone(e) { this.setData({ contactPhone: e.detail.value }) },
    onDate(e) { this.setData({ date: e.detail.value }) },
    onStart(e) { this.setData({ startTime: e.detail.value }) },
    onEnd(e) { this.setData({ endTime: e.detail.value }) },
    async onCounty(e) {
      const county = this.data.counties[Number(e.detail.value)]
      if (!county) return
      this.setData({ countyName: county.name, townships: [], townshipName: '' })
      try {
        const townships = await api.call('regions', { query: { parent: county.code } })
        this.setData({ townships })
      } catch (err) { if (!err.redirected) this.fail(err) }
    },
    onTownship(e) {
      const township = this.data.townships[Number(e.detail.value)]
      if (township) this.setData({ townshipName: township.name, regionCode: township.code, regionName: `${this.data.countyName}${township.name}` })
    },
    /** The place on WeChat's map (GCJ-02); the server stores it in WGS-84. */
    onChooseLocation() {
      wx.chooseLocation({
        success: res => this.setData({ place: res.name || res.address, address: res.address, lat: res.latitude, lng: res.longitude }),
        fail: res => {
          if (!/cancel/.test((res && res.errMsg) || '')) wx.showToast({ title: '无法打开地图选点，请检查定位权限', icon: 'none' })
        },
      })
    },
    check() {
      const d = this.data
      if (!d.kind) return '请选择需要什么帮助'
      if (!d.description.trim()) return '请填写具体情况'
      if (d.lat === null) return '请选择服务地点'
      if (!d.regionCode) return '请选择所在街道（乡镇）'
      if (d.endTime <= d.startTime) return '结束时间须晚于开始时间'
      return ''
    },
    async onSubmit() {
      const problem = this.check()
      this.setData({ formError: problem })
      if (problem) return
      const d = this.data
      const need = await this.act(() => api.call('needCreate', {
        body: {
          kind: d.kind, description: d.description.trim(), place: d.place, lat: d.lat, lng: d.lng, coord: 'gcj02',
          region_code: d.regionCode, window_start: format.isoLocal(d.date, d.startTime),
          window_end: format.isoLocal(d.date, d.endTime), urgency: d.urgency,
          contact_name: d.contactName.trim(), contact_phone: d.contactPhone.trim(),
        },
      }), '已发布')
      if (need) wx.redirectTo({ url: `/pages/need/index?id=${need.id}` })
    },
  },
})
