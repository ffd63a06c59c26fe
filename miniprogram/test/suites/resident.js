/**
 * A resident: logs in with a WeChat code (binding the account the first time), finds the nearest post to a
 * GCJ-02 location (the markers sit where the API's GCJ-02 answer says), posts a need at a chosen place, and sees
 * it matched once a volunteer takes it.
 */
const { describe, it, before } = require('node:test')
const assert = require('node:assert/strict')
const client = require('./client')

const HERE = { latitude: 37.3813, longitude: 117.9768 } // GCJ-02, Binzhou city centre
const PLACE = { name: '渤海小区3号楼', address: '山东省滨州市滨城区黄河五路', latitude: 37.3835, longitude: 117.9790 }

module.exports = (ctx, h) => describe('a resident', () => {
  let needId

  before(() => h.reset())

  it('logs in with WeChat: binds the account with phone and password once, then one tap is enough', async () => {
    h.scripted.login = { code: 'code-resident-openid' }
    let page = h.open('/pages/login/index?next=%2Fpages%2Fneeds%2Findex')
    await h.tap(page, '.wechat-login')
    await h.until(() => page.instance.data.binding, 'the bind form')
    assert.ok(h.text(page).includes('绑定已有账户'))
    await h.input(page, '.phone', client.PHONES.resident)
    await h.input(page, '.password', client.PASSWORD)
    await h.tap(page, '.submit')
    await h.until(() => h.lastCall('reLaunch'), 'the way back')
    assert.equal(h.lastCall('reLaunch').url, '/pages/needs/index')
    assert.equal(h.callsOf('login').length, 2, 'a fresh wx.login code for the binding')
    const bound = h.storage.get('vh_token')
    assert.ok(bound)

    h.storage.clear()
    page = h.open('/pages/login/index')
    await h.tap(page, '.wechat-login')
    await h.until(() => h.storage.get('vh_token'), 'the token')
    assert.notEqual(h.storage.get('vh_token'), bound)
    const me = await client.call(ctx, 'GET', '/me', { token: h.storage.get('vh_token') })
    assert.equal(me.body.role, 'resident')
    assert.ok(ctx.wechat.requests.some(r => r.path === '/sns/jscode2session' && r.query.js_code === 'code-resident-openid'))
  })

  it('finds the nearest post: markers at the GCJ-02 the API gives, clustered, a list by distance, a post page', async () => {
    h.scripted.getLocation = HERE
    const page = h.open('/pages/map/index')
    await h.until(() => page.instance.data.privacyShown, 'the privacy popup')
    h.find(h.find(page, '.privacy'), '#agree-btn').dispatchEvent('agreeprivacyauthorization')
    await h.until(() => page.instance.data.items.length, 'the nearest posts')

    const api = await client.call(ctx, 'GET', `/map/nearest?lat=${HERE.latitude}&lng=${HERE.longitude}&coord=gcj02&kind=post&k=20`)
    assert.equal(api.body.coord, 'gcj02')
    const { markers, items } = page.instance.data
    assert.equal(markers.length, api.body.items.length)
    api.body.items.forEach((item, i) => {
      assert.equal(markers[i].latitude, item.lat)
      assert.equal(markers[i].longitude, item.lng)
      assert.equal(markers[i].joinCluster, true)
      assert.equal(items[i].id, item.id)
    })
    for (let i = 1; i < items.length; i++) assert.ok(items[i].distance_m >= items[i - 1].distance_m, 'sorted by distance')
    assert.ok(h.lastCall('map.initMarkerCluster'), 'clustering is on')
    assert.ok(h.text(page).includes(items[0].name))
    assert.match(h.lastCall('request').url, /coord=gcj02/)

    page.querySelector('#map').dispatchEvent('markertap', { detail: { markerId: markers[0].id } })
    await h.until(() => page.instance.data.selected, 'the selected marker')
    await h.tap(page, '.nav-selected')
    assert.deepEqual([h.lastCall('openLocation').latitude, h.lastCall('openLocation').longitude], [items[0].lat, items[0].lng])

    await h.tap(page, '.kind', 1)
    await h.until(() => page.instance.data.kind === 'activity' && !page.instance.data.loading, 'activities')
    assert.match(h.lastCall('request').url, /kind=activity/)
    await h.tap(page, '.kind', 0)
    await h.until(() => page.instance.data.kind === 'post' && !page.instance.data.loading && page.instance.data.items.length, 'posts again')

    await h.tap(page, '.near', 0)
    const url = h.lastCall('navigateTo').url
    assert.equal(url, `/pages/post/index?id=${items[0].id}`)
    const post = h.open(url)
    await h.until(() => post.instance.data.post, 'the post')
    const text = h.text(post)
    assert.ok(text.includes(items[0].extra.opening_hours))
    for (const service of items[0].extra.services) assert.ok(text.includes(service))
    await h.tap(post, '.call')
    assert.equal(h.lastCall('makePhoneCall').phoneNumber, items[0].extra.phone.replace(/[^\d+]/g, ''))
    await h.tap(post, '.navigate')
    assert.equal(h.lastCall('openLocation').latitude, items[0].lat)
  })

  it('posts a need at a place chosen on the map and follows it until a volunteer takes it', async () => {
    h.scripted.chooseLocation = PLACE
    const page = h.open('/pages/need-new/index')
    await h.until(() => page.instance.data.regionCode, 'the resident\'s township')
    await h.tap(page, '.submit')
    assert.equal(page.instance.data.formError, '请选择需要什么帮助')
    await h.tap(page, '.kind', 2) // 送药上门
    await h.input(page, '.description', '老人腿脚不便，需要帮忙从社区卫生服务中心取降压药')
    await h.tap(page, '.place')
    await h.until(() => page.instance.data.lat !== null, 'the chosen place')
    await h.tap(page, '.submit')
    await h.until(() => h.lastCall('redirectTo'), 'the need page')
    needId = Number(h.lastCall('redirectTo').url.split('id=')[1])
    const created = h.callsOf('request').find(r => r.method === 'POST' && r.url.endsWith('/api/v1/needs'))
    assert.equal(created.data.coord, 'gcj02')
    assert.equal(created.data.lat, PLACE.latitude)
    assert.equal(created.data.kind, 'medicine_delivery')

    const resident = h.storage.get('vh_token')
    const stored = await client.call(ctx, 'GET', `/needs/${needId}?coord=gcj02`, { token: resident })
    assert.ok(Math.abs(stored.body.lat - PLACE.latitude) < 1e-5 && Math.abs(stored.body.lng - PLACE.longitude) < 1e-5, 'stored where it was chosen')

    let need = h.open(`/pages/need/index?id=${needId}`)
    await h.until(() => need.instance.data.need, 'the need')
    assert.ok(h.text(need).includes('待响应'))
    assert.ok(!need.querySelector('.accept'), 'a resident does not accept their own need')

    h.storage.set('vh_token', await client.token(ctx, 'volunteer')) // a volunteer nearby opens it
    need = h.open(`/pages/need/index?id=${needId}`)
    await h.until(() => need.instance.data.canAccept, 'the accept button')
    await h.tap(need, '.accept')
    await h.until(() => need.instance.data.need.status === 'matched', 'matched')

    h.storage.set('vh_token', resident)
    need = h.open(`/pages/need/index?id=${needId}`)
    await h.until(() => need.instance.data.need, 'the need again')
    const text = h.text(need)
    assert.ok(text.includes('已接单'), text)
    assert.ok(text.includes('志愿者已接单'))
    assert.ok(need.instance.data.need.handled_by)
    const mine = h.open('/pages/needs/index')
    await h.until(() => mine.instance.data.needs.length, 'my needs')
    assert.equal(mine.instance.data.needs[0].id, needId)
  })
})
