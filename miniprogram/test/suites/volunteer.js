/**
 * A volunteer: signs in, finds an activity, signs up (asking for the reminder subscription with the API's
 * template ids), joins a full one's waitlist and leaves it, then scans the organiser's QR (the token taken from
 * the API, as the organiser's screen shows it) and checks in within the radius, and out.
 */
const { describe, it, before } = require('node:test')
const assert = require('node:assert/strict')
const client = require('./client')

function iso(offsetMinutes) { return new Date(Date.now() + offsetMinutes * 60000).toISOString() }

module.exports = (ctx, h) => describe('a volunteer', () => {
  let organiser
  let activity

  before(async () => {
    h.reset()
    organiser = await client.token(ctx, 'organiser')
    const made = await client.call(ctx, 'POST', '/activities', {
      token: organiser,
      body: {
        title: '小程序测试：社区义诊测血压', kind: 'convenience', setting: 'community', region_code: '371602001',
        place: '市中街道社区卫生服务中心', lat: 37.3806, lng: 117.99, coord: 'wgs84', starts_at: iso(-10), ends_at: iso(120),
        capacity: 5, description: '为社区老人免费测量血压血糖',
      },
    })
    assert.equal(made.status, 201, JSON.stringify(made.body))
    const published = await client.call(ctx, 'POST', `/activities/${made.body.id}/publish`, { token: organiser })
    assert.equal(published.status, 200, JSON.stringify(published.body))
    activity = published.body
  })

  it('signs in with phone and password on the login page', async () => {
    const page = h.open('/pages/login/index?next=%2Fpages%2Factivities%2Findex')
    await h.tap(page, '.use-password')
    await h.input(page, '.phone', client.PHONES.volunteer)
    await h.input(page, '.password', 'wrong-password')
    await h.tap(page, '.submit')
    await h.until(() => page.instance.data.formError, 'the refusal')
    assert.equal(page.instance.data.formError, '手机号或密码不正确')
    await h.input(page, '.password', client.PASSWORD)
    await h.tap(page, '.submit')
    await h.until(() => h.storage.get('vh_token'), 'the token')
    assert.equal(h.lastCall('reLaunch').url, '/pages/activities/index')
  })

  it('finds the activity by a search, signs up and is asked for the reminder subscription', async () => {
    const list = h.open('/pages/activities/index')
    await h.until(() => list.instance.data.items.length, 'activities')
    await h.input(list, '.search', '小程序测试')
    list.querySelector('.search').dispatchEvent('confirm', { detail: { value: '小程序测试' } })
    await h.until(() => list.instance.data.items.length === 1 && list.instance.data.items[0].id === activity.id, 'the search')
    assert.match(h.lastCall('request').url, /q=%E5%B0%8F/)
    await h.tap(list, '.activity', 0)
    const url = h.lastCall('navigateTo').url
    assert.equal(url, `/pages/activity/index?id=${activity.id}`)

    const page = h.open(url)
    await h.until(() => page.instance.data.canSignUp && page.instance.data.tmplIds.length, 'the sign-up button and templates')
    await h.tap(page, '.signup')
    await h.until(() => page.instance.data.mine, 'signed up')
    assert.ok(h.text(page).includes('您已报名'))
    const subscribe = h.lastCall('requestSubscribeMessage')
    assert.ok(subscribe, 'the reminder subscription was asked')
    assert.ok(subscribe.tmplIds.includes(ctx.templates.activity_reminder))
    assert.ok(subscribe.tmplIds.length <= 3)
  })

  it('joins a full activity\'s waitlist, sees the position, and cancels', async () => {
    const token = h.storage.get('vh_token')
    const page = await client.call(ctx, 'GET', '/activities?status=published&limit=100&offset=0', { token })
    const full = page.body.items.find(a => a.seats_left === 0 && !a.my_signup && new Date(a.ends_at) > new Date())
    assert.ok(full, 'the demo has a full activity')
    const detail = h.open(`/pages/activity/index?id=${full.id}`)
    await h.until(() => detail.instance.data.canSignUp, 'the waitlist button')
    assert.ok(h.text(detail).includes('报名候补'))
    await h.tap(detail, '.signup')
    await h.until(() => detail.instance.data.canCancel, 'waitlisted')
    assert.ok(h.text(detail).includes(`候补名单第${full.waitlist_count + 1}位`), h.text(detail))
    await h.tap(detail, '.cancel-signup')
    await h.until(() => detail.instance.data.canSignUp, 'cancelled')
    assert.ok(h.lastCall('showModal').content.includes('取消报名'))
  })

  it('scans the organiser\'s rotating QR and checks in within the radius; too far is refused in Chinese', async () => {
    const qr = await client.call(ctx, 'GET', `/activities/${activity.id}/checkin-token`, { token: organiser })
    assert.equal(qr.status, 200)
    const shown = qr.body.url || `${ctx.base}/checkin/?token=${qr.body.token}`
    const place = (await client.call(ctx, 'GET', `/activities/${activity.id}?coord=gcj02`)).body
    h.scripted.scanCode = { result: shown, scanType: 'QR_CODE' }

    const page = h.open('/pages/checkin/index')
    h.scripted.getLocation = { latitude: place.lat + 0.05, longitude: place.lng } // about 5.5 km away
    await h.tap(page, '.scan-in')
    await h.until(() => page.instance.data.privacyShown, 'the privacy popup before the first location')
    h.find(h.find(page, '.privacy'), '#agree-btn').dispatchEvent('agreeprivacyauthorization')
    await h.until(() => h.lastCall('showModal') && /米/.test(h.lastCall('showModal').content), 'the refusal')
    assert.match(h.lastCall('showModal').content, /须在 500 米以内签到/)

    h.scripted.getLocation = { latitude: place.lat + 0.0005, longitude: place.lng } // about 55 m
    await h.tap(page, '.scan-in')
    await h.until(() => page.instance.data.result, 'checked in')
    assert.equal(page.instance.data.result.title, '签到成功')
    assert.equal(page.instance.data.result.activity, activity.title)
    const sent = h.callsOf('request').filter(r => r.url.endsWith('/api/v1/checkin')).pop()
    assert.equal(sent.data.token, qr.body.token)
    assert.equal(sent.data.coord, 'gcj02')
    assert.deepEqual(h.lastCall('getLocation').type, 'gcj02')

    const later = await client.call(ctx, 'GET', `/activities/${activity.id}/checkin-token`, { token: organiser })
    h.scripted.scanCode = { result: later.body.url || later.body.token } // the QR has turned over since check-in
    await h.tap(page, '.scan-out')
    await h.until(() => (page.instance.data.result && /签退/.test(page.instance.data.result.title)) || h.lastCall('showModal').content.includes('签退'), 'checked out')
    assert.equal(page.instance.data.result && page.instance.data.result.title, '签退成功', h.lastCall('showModal').content)
    const signups = await client.call(ctx, 'GET', `/activities/${activity.id}`, { token: h.storage.get('vh_token') })
    assert.ok(signups.body.my_signup.checked_in_at && signups.body.my_signup.checked_out_at)
  })

  it('sees hours and stars with what is left to the next star, and opens the certificate', async () => {
    const page = h.open('/pages/me/index')
    await h.until(() => page.instance.data.hours, 'the hours')
    const hours = (await client.call(ctx, 'GET', '/me/hours', { token: h.storage.get('vh_token') })).body
    const text = h.text(page)
    assert.ok(text.includes(hours.approved_hours))
    if (hours.next_threshold !== null) {
      const left = Math.round((hours.next_threshold - Number(hours.approved_hours)) * 10) / 10
      assert.ok(text.includes(`还差 ${left} 小时`), text)
    }
    await h.tap(page, '.certificate')
    await h.until(() => h.lastCall('openDocument'), 'the certificate')
    assert.equal(h.lastCall('openDocument').fileType, 'pdf')
    const pdf = require('fs').readFileSync(h.lastCall('openDocument').filePath)
    assert.equal(pdf.subarray(0, 4).toString(), '%PDF')
  })
})
