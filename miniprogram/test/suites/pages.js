/** Every page and component renders, shows something (never blank) and honours elder mode. */
const { describe, it, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const client = require('./client')

const QUERIES = { post: '?id=5', need: '?id=1', activity: '?id=1', article: '?id=1', verify: '' }

module.exports = (ctx, h) => describe('every page and component', () => {
  beforeEach(() => h.reset())

  for (const route of h.APP_JSON.pages) {
    it(`${route} renders for a signed-in volunteer and ends loaded or with a message`, async () => {
      h.storage.set('vh_token', await client.token(ctx, 'volunteer'))
      const name = route.split('/')[1]
      const page = h.open(`/${route}${QUERIES[name] || ''}`)
      await h.until(() => !page.instance.data.loading, `${route} to load`)
      await h.simulate.sleep(30)
      assert.ok(h.text(page).trim().length > 0, `${route} is blank`)
      assert.equal(page.instance.data.error, '', `${route}: ${page.instance.data.error}`)
    })
  }

  it('a page that needs an account sends a visitor to the login page', async () => {
    h.open('/pages/needs/index')
    assert.match(h.lastCall('navigateTo').url, /^\/pages\/login\/index\?next=%2Fpages%2Fneeds%2Findex/)
  })

  it('the home page shows the banner, the five entries and the news, and its entries navigate', async () => {
    const page = h.open('/pages/index/index')
    await h.until(() => page.instance.data.news.length, 'news')
    const text = h.text(page)
    for (const entry of ['服务地图', '我要求助', '志愿活动', '扫码签到', '我的']) assert.ok(text.includes(entry), entry)
    assert.ok(text.includes('滨州市卫生健康志愿服务总队'))
    await h.tap(page, '.entry', 1)
    assert.equal(h.lastCall('navigateTo').url, '/pages/needs/index')
    await h.tap(page, '.entry', 0)
    assert.equal(h.lastCall('switchTab').url, '/pages/map/index')
  })

  it('elder mode makes every page larger from the next one on, and is kept', async () => {
    const home = h.open('/pages/index/index')
    await h.tap(home, '.elder-switch')
    assert.equal(h.storage.get('vh_elder'), 1)
    const map = h.open('/pages/activities/index')
    assert.ok(map.querySelector('.elder'), 'the page root has the elder class')
    assert.equal(map.instance.data.elder, true)
  })

  it('the state component shows loading, an error with a retry, or an empty note', async () => {
    const id = h.simulate.load(require('path').join(h.ROOT, 'components/state/index'), { compiler: 'simulate', rootPath: h.ROOT, usingComponents: h.USING })
    const comp = h.simulate.render(id, { error: '网络连接失败，请检查网络后重试' })
    comp.attach(document.createElement('div'))
    let retried = 0
    comp.addEventListener('retry', () => { retried += 1 })
    assert.ok(h.text(comp).includes('网络连接失败'))
    await h.tap(comp, '.retry')
    assert.equal(retried, 1)
    comp.setData({ error: '', loading: true })
    assert.ok(h.text(comp).includes('加载中'))
    comp.setData({ loading: false, empty: '暂无活动' })
    assert.ok(h.text(comp).includes('暂无活动'))
  })

  it('the privacy popup answers agree or disagree', async () => {
    const id = h.simulate.load(require('path').join(h.ROOT, 'components/privacy-popup/index'), { compiler: 'simulate', rootPath: h.ROOT, usingComponents: h.USING })
    const comp = h.simulate.render(id, { show: true })
    comp.attach(document.createElement('div'))
    const answers = []
    comp.addEventListener('agree', () => answers.push('agree'))
    comp.addEventListener('disagree', () => answers.push('disagree'))
    assert.ok(h.text(comp).includes('隐私保护指引'))
    h.find(comp, '#agree-btn').dispatchEvent('agreeprivacyauthorization')
    await h.tap(comp, '#disagree-btn')
    assert.deepEqual(answers, ['agree', 'disagree'])
  })
})
