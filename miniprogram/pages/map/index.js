/**
 * 服务地图: posts, activities or needs nearest to the user, as markers (GCJ-02, as the API gives them with
 * coord=gcj02, which is what <map> draws) clustered by the map itself, and as a list by distance.
 */
const pageBehavior = require('../../behaviors/page')
const api = require('../../utils/api')
const format = require('../../utils/format')
const labels = require('../../utils/labels')
const config = require('../../config')

const KIND_BASE = { post: 1000000, activity: 2000000, need: 3000000 } // marker ids are numbers, unique across kinds
const COLOURS = { post: '#0052d9', activity: '#2ba471', need: '#e37318' }

function statusText(item) {
  if (item.kind === 'post') return labels.postStatus[item.status] || ''
  return item.extra && item.extra.status_name ? item.extra.status_name : ''
}

Component({
  behaviors: [pageBehavior],
  data: {
    kinds: labels.mapKinds,
    kind: 'post',
    kindLabel: '服务站点',
    center: config.cityCentre,
    here: null,
    scale: 13,
    items: [],
    markers: [],
    selected: null,
  },
  methods: {
    onLoad(query) {
      if (query && query.kind && KIND_BASE[query.kind]) this.setKind(query.kind)
      this.locate()
    },
    onReady() {
      this.mapCtx = wx.createMapContext('map', this)
      this.mapCtx.initMarkerCluster({ enableDefaultStyle: true, zoomOnClick: true, gridSize: 60 })
    },
    setKind(kind) {
      const label = labels.mapKinds.find(k => k.value === kind).label
      this.setData({ kind, kindLabel: label, selected: null })
    },
    /** Where the user is (GCJ-02); the city centre when location is refused. */
    locate() {
      wx.getLocation({
        type: 'gcj02',
        success: res => {
          const here = { latitude: res.latitude, longitude: res.longitude }
          this.setData({ here, center: here })
          this.refresh()
        },
        fail: () => {
          wx.showToast({ title: '未获得位置，按市中心查找', icon: 'none' })
          this.setData({ here: config.cityCentre, center: config.cityCentre })
          this.refresh()
        },
      })
    },
    async refresh() {
      const here = this.data.here || config.cityCentre
      const kind = this.data.kind
      const answer = await this.load(() => api.call('nearest', {
        query: { lat: here.latitude, lng: here.longitude, coord: 'gcj02', kind, k: 20 },
      }))
      if (!answer) return
      const items = answer.items.map((item, index) => ({
        ...item, index, key: `${item.kind}-${item.id}`, distanceText: format.distance(item.distance_m), statusText: statusText(item),
      }))
      const markers = items.map(item => ({
        id: KIND_BASE[item.kind] + item.id,
        latitude: item.lat,
        longitude: item.lng,
        title: item.name,
        width: 28,
        height: 36,
        joinCluster: true,
        callout: { content: item.name, color: '#ffffff', bgColor: COLOURS[item.kind], padding: 6, borderRadius: 6, display: 'BYCLICK', fontSize: 14 },
      }))
      this.setData({ items, markers })
      if (this.mapCtx && items.length) {
        this.mapCtx.includePoints({ points: [here].concat(items.slice(0, 5).map(i => ({ latitude: i.lat, longitude: i.lng }))), padding: [40, 40, 40, 40] })
      }
    },
    onKind(e) {
      const kind = e.currentTarget.dataset.kind
      if (kind === this.data.kind) return
      this.setKind(kind)
      this.refresh()
    },
    onMarkerTap(e) {
      const id = e.detail.markerId
      const index = this.data.markers.findIndex(m => m.id === id)
      if (index >= 0) this.setData({ selected: this.data.items[index] })
    },
    onOpen(e) {
      const item = this.data.items[e.currentTarget.dataset.index]
      if (!item) return
      const page = { post: 'post', activity: 'activity', need: 'need' }[item.kind]
      wx.navigateTo({ url: `/pages/${page}/index?id=${item.id}` })
    },
    /** 导航: WeChat's own map with the place, from where the user can open a navigation app. */
    onNavigate(e) {
      const item = this.data.items[e.currentTarget.dataset.index]
      if (!item) return
      wx.openLocation({ latitude: item.lat, longitude: item.lng, name: item.name, address: item.address, scale: 16 })
    },
  },
})
