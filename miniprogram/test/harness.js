/**
 * Runs the mini-program's pages in Node: jsdom for the DOM, miniprogram-simulate + j-component for WXML and the
 * Component constructor, a fake `wx` whose request goes to a real server over HTTP, and TDesign's components
 * mapped to small stand-ins (test/stubs; TDesign ships ES modules that DevTools transpiles, Node cannot load them).
 * Navigation is recorded; `open()` plays a page's lifecycle (onLoad, attached, onShow, onReady).
 */
const fs = require('fs')
const http = require('http')
const path = require('path')
const { JSDOM } = require('jsdom')

const ROOT = path.join(__dirname, '..')
const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://localhost/' })
global.window = dom.window
global.document = dom.window.document
for (const key of ['Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'navigator', 'getComputedStyle']) global[key] = dom.window[key]
const simulate = require('miniprogram-simulate')

const APP_JSON = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))

/** TDesign tags to stand-ins (the app's own components resolve by their absolute paths). */
function componentMap() {
  const map = {}
  const seen = new Set()
  for (const file of [path.join(ROOT, 'app.json')].concat(fs.readdirSync(path.join(ROOT, 'pages')).map(p => path.join(ROOT, 'pages', p, 'index.json')))) {
    const using = JSON.parse(fs.readFileSync(file, 'utf8')).usingComponents || {}
    for (const [tag, target] of Object.entries(using)) {
      if (seen.has(tag)) continue
      seen.add(tag)
      if (target.startsWith('tdesign-miniprogram/')) map[tag] = `/test/stubs/${target.split('/')[1]}`
    }
  }
  return map
}
const USING = componentMap()

// ---- the fake wx ----------------------------------------------------------------------------------------------

const calls = []
const storage = new Map()
const stack = []
const scripted = {}
let privacyHandler = null
let privacyAgreed = false

function record(name, options) {
  calls.push({ name, options })
}

function answer(name, options, fallback) {
  const script = scripted[name]
  const result = typeof script === 'function' ? script(options) : (script !== undefined ? script : fallback)
  if (result && result.fail) {
    if (options.fail) options.fail(result.fail)
    if (options.complete) options.complete(result.fail)
    return
  }
  if (options.success) options.success(result)
  if (options.complete) options.complete(result)
}

/** A privacy API: the first call asks for authorisation through wx.onNeedPrivacyAuthorization, as WeChat does. */
function privacyGated(name, options, fallback) {
  record(name, options)
  if (privacyAgreed || !privacyHandler) { answer(name, options, fallback); return }
  privacyHandler(result => {
    record('privacyResolved', result)
    if (result.event === 'agree') { privacyAgreed = true; answer(name, options, fallback) }
    else if (options.fail) options.fail({ errMsg: `${name}:fail privacy permission is not authorized` })
  }, { referrer: name })
}

function httpRequest({ url, method = 'GET', data, header = {} }) {
  return new Promise(resolve => {
    const body = data === undefined || method === 'GET' ? null : Buffer.from(JSON.stringify(data))
    const headers = { ...header }
    if (body) headers['Content-Length'] = body.length
    const req = http.request(url, { method, headers }, res => {
      const chunks = []
      res.on('data', c => chunks.push(c))
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        const type = res.headers['content-type'] || ''
        let parsed = raw.toString('utf8')
        if (type.includes('json') && raw.length) parsed = JSON.parse(parsed)
        const h = {}
        for (const [k, v] of Object.entries(res.headers)) h[k.replace(/(^|-)(\w)/g, (m, a, b) => a + b.toUpperCase())] = v
        resolve({ statusCode: res.statusCode, data: parsed, header: h, raw })
      })
    })
    req.on('error', err => resolve({ error: err }))
    if (body) req.write(body)
    req.end()
  })
}

const wx = {
  request(options) {
    record('request', options)
    const offline = scripted.offline
    httpRequest(options).then(res => {
      if (offline || res.error) { if (options.fail) options.fail({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' }); return }
      if (options.success) options.success({ statusCode: res.statusCode, data: res.data, header: res.header })
    })
    return { abort() {} }
  },
  downloadFile(options) {
    record('downloadFile', options)
    httpRequest({ url: options.url, header: options.header }).then(res => {
      if (res.error) { options.fail && options.fail({ errMsg: 'downloadFile:fail' }); return }
      const file = path.join(require('os').tmpdir(), `vh-download-${Date.now()}`)
      fs.writeFileSync(file, res.raw)
      options.success && options.success({ statusCode: res.statusCode, tempFilePath: file, header: res.header })
    })
  },
  login(options) { record('login', options); answer('login', options, { code: 'code-test-openid', errMsg: 'login:ok' }) },
  getStorageSync(key) { return storage.has(key) ? storage.get(key) : '' },
  setStorageSync(key, value) { storage.set(key, value) },
  removeStorageSync(key) { storage.delete(key) },
  getLocation(options) { privacyGated('getLocation', options, { latitude: 37.3813, longitude: 117.9768 }) },
  chooseLocation(options) { privacyGated('chooseLocation', options, { fail: { errMsg: 'chooseLocation:fail cancel' } }) },
  scanCode(options) { record('scanCode', options); answer('scanCode', options, { fail: { errMsg: 'scanCode:fail cancel' } }) },
  openLocation(options) { record('openLocation', options); answer('openLocation', options, {}) },
  makePhoneCall(options) { record('makePhoneCall', options); answer('makePhoneCall', options, {}) },
  openDocument(options) { record('openDocument', options); answer('openDocument', options, {}) },
  requestSubscribeMessage(options) { record('requestSubscribeMessage', options); answer('requestSubscribeMessage', options, {}) },
  showModal(options) { record('showModal', options); answer('showModal', options, { confirm: true, cancel: false }) },
  showToast(options) { record('showToast', options) },
  showLoading(options) { record('showLoading', options) },
  hideLoading() {},
  stopPullDownRefresh() {},
  setNavigationBarTitle(options) { record('setNavigationBarTitle', options) },
  navigateTo(options) { record('navigateTo', options); options.complete && options.complete() },
  redirectTo(options) { record('redirectTo', options); options.complete && options.complete() },
  reLaunch(options) { record('reLaunch', options); options.complete && options.complete() },
  switchTab(options) { record('switchTab', options); options.complete && options.complete() },
  navigateBack(options = {}) { record('navigateBack', options) },
  openPrivacyContract(options) { record('openPrivacyContract', options) },
  onNeedPrivacyAuthorization(handler) { privacyHandler = handler },
  createMapContext(id) {
    const ctx = { id }
    for (const method of ['initMarkerCluster', 'includePoints', 'moveToLocation']) ctx[method] = options => record(`map.${method}`, options)
    return ctx
  },
}
global.wx = wx
global.getCurrentPages = () => stack.slice()

let app = null
global.App = options => { app = options }
global.getApp = () => app
require(path.join(ROOT, 'app.js'))
app.onLaunch()

// ---- pages ---------------------------------------------------------------------------------------------------

function parseUrl(url) {
  const [route, qs = ''] = url.replace(/^\//, '').split('?')
  const query = {}
  for (const part of qs.split('&').filter(Boolean)) {
    const [k, v = ''] = part.split('=')
    query[decodeURIComponent(k)] = decodeURIComponent(v)
  }
  return { route, query }
}

/** Open a page by its URL ("/pages/need/index?id=3"): rendered, attached, onLoad(query), onShow, onReady. */
function open(url) {
  const { route, query } = parseUrl(url)
  const id = simulate.load(path.join(ROOT, route), { compiler: 'simulate', rootPath: ROOT, usingComponents: USING })
  const comp = simulate.render(id)
  comp.instance.route = route
  stack.push(comp.instance)
  comp.attach(document.createElement('div'))
  const page = comp.instance
  if (page.onLoad) page.onLoad(query)
  if (page.onShow) page.onShow()
  if (page.onReady) page.onReady()
  return comp
}

function close() { stack.length = 0 }

/** Wait until the condition holds (requests go to a real server). */
async function until(condition, what = 'condition', timeout = 15000) {
  const started = Date.now()
  for (;;) {
    let value
    try { value = condition() } catch (e) { value = false }
    if (value) return value
    if (Date.now() - started > timeout) throw new Error(`timed out waiting for ${what}`)
    await new Promise(r => setTimeout(r, 20))
  }
}

function find(comp, selector) {
  const found = comp.querySelector(selector)
  if (!found) throw new Error(`no ${selector} on the page: ${comp.dom.textContent.slice(0, 300)}`)
  return found
}

async function tap(comp, selector, index = 0) {
  const all = comp.querySelectorAll(selector)
  if (!all[index]) throw new Error(`no ${selector}[${index}] on the page: ${comp.dom.textContent.slice(0, 300)}`)
  all[index].dispatchEvent('tap')
  await simulate.sleep(5)
}

async function input(comp, selector, value) {
  find(comp, selector).dispatchEvent('input', { detail: { value } })
  await simulate.sleep(5)
}

async function fire(comp, selector, event, detail) {
  find(comp, selector).dispatchEvent(event, { detail })
  await simulate.sleep(5)
}

function text(comp) { return comp.dom.textContent.replace(/\s+/g, ' ') }

function lastCall(name) {
  for (let i = calls.length - 1; i >= 0; i--) if (calls[i].name === name) return calls[i].options
  return null
}

function callsOf(name) { return calls.filter(c => c.name === name).map(c => c.options) }

function reset() {
  calls.length = 0
  storage.clear()
  for (const key of Object.keys(scripted)) delete scripted[key]
  stack.length = 0
  privacyAgreed = false
  app.globalData.elder = false
}

module.exports = {
  ROOT, APP_JSON, USING, simulate, wx, calls, storage, scripted, open, close, until, find, tap, input, fire, text,
  lastCall, callsOf, reset, httpRequest,
}
