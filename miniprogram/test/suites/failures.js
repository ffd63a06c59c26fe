/** What a person reads when something fails: always Chinese, never a blank page. */
const { describe, it, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const client = require('./client')
const errors = require('../../utils/errors')

module.exports = (ctx, h) => describe('failures', () => {
  beforeEach(() => h.reset())

  it('a revoked token leads back to the login page, which says why', async () => {
    const token = await client.token(ctx, 'volunteer')
    assert.equal((await client.call(ctx, 'DELETE', '/auth/token', { token })).status, 204)
    h.storage.set('vh_token', token)
    const page = h.open('/pages/me/index')
    await h.until(() => h.lastCall('reLaunch'), 'the login page')
    assert.equal(h.lastCall('reLaunch').url, '/pages/login/index?next=%2Fpages%2Fme%2Findex&expired=1')
    assert.equal(h.wx.getStorageSync('vh_token'), '', 'the token is forgotten')
    assert.ok(h.text(page).includes('登录已失效'))
    const login = h.open(h.lastCall('reLaunch').url)
    assert.ok(h.text(login).includes('登录已失效，请重新登录'))
  })

  it('an expired (unknown) token does the same from any page', async () => {
    h.storage.set('vh_token', 'expired-token-from-last-year')
    h.open('/pages/inbox/index')
    await h.until(() => h.lastCall('reLaunch'), 'the login page')
    assert.match(h.lastCall('reLaunch').url, /^\/pages\/login\/index\?next=%2Fpages%2Finbox%2Findex/)
  })

  it('the server refusing with 429 shows how long to wait', async () => {
    const page = h.open('/pages/login/index')
    await h.tap(page, '.use-password')
    await h.input(page, '.phone', '13900000006')
    await h.input(page, '.password', 'not-the-password')
    let status = 0
    for (let i = 0; i < 6 && status !== 429; i++) {
      await h.tap(page, '.submit')
      await h.until(() => h.lastCall('request') && page.instance.data.formError, 'an answer')
      status = /分钟后再试/.test(page.instance.data.formError) ? 429 : 401
      if (status !== 429) page.instance.setData({ formError: '' })
    }
    assert.equal(status, 429)
    assert.match(page.instance.data.formError, /请15分钟后再试/)
    assert.ok(h.text(page).includes('后再试'))
  })

  it('no network: the page says so and loads on retry', async () => {
    h.scripted.offline = true
    const page = h.open('/pages/index/index')
    await h.until(() => page.instance.data.error, 'the error')
    assert.equal(page.instance.data.error, '网络连接失败，请检查网络后重试')
    assert.ok(h.text(page).includes('重新加载'))
    h.scripted.offline = false
    await h.tap(h.find(page, '.page-state'), '.retry')
    await h.until(() => page.instance.data.news.length, 'the news')
    assert.equal(page.instance.data.error, '')
  })

  it('a resident signing up for an activity is refused (403) in Chinese', async () => {
    h.storage.set('vh_token', await client.token(ctx, 'resident'))
    const list = (await client.call(ctx, 'GET', '/activities?status=published&limit=20&offset=0')).body.items
    const open = list.find(a => a.seats_left > 0 && new Date(a.ends_at) > new Date())
    const page = h.open(`/pages/activity/index?id=${open.id}`)
    await h.until(() => page.instance.data.canSignUp, 'the button')
    await h.tap(page, '.signup')
    await h.until(() => h.lastCall('showModal'), 'the refusal')
    assert.match(h.lastCall('showModal').content, /[\u4e00-\u9fa5]/)
    assert.ok(!/[A-Za-z]{4,}/.test(h.lastCall('showModal').content), h.lastCall('showModal').content)
  })

  it('every status has a Chinese sentence, 409 and 429 with the server\'s reason and the wait', () => {
    assert.equal(errors.describe(0), '网络连接失败，请检查网络后重试')
    assert.equal(errors.describe(401, {}), '登录已失效，请重新登录')
    assert.equal(errors.describe(403, {}), '没有权限进行此操作')
    assert.equal(errors.describe(409, { message: '活动已结束，不能报名' }), '活动已结束，不能报名')
    assert.equal(errors.describe(409, {}), '操作与当前状态冲突，请刷新后重试')
    assert.equal(errors.describe(429, {}, 45), '操作过于频繁，请45秒后再试')
    assert.equal(errors.describe(429, { message: '密码错误次数过多，账户已锁定15分钟' }, 900), '密码错误次数过多，账户已锁定15分钟，请15分钟后再试')
    assert.equal(errors.describe(502, {}), '服务暂时不可用，请稍后再试')
  })
})
