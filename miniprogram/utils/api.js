/**
 * Calls the VolunteerHub API: the base URL from config.js, the bearer token, Chinese answers. Only endpoints
 * declared in endpoints.js can be called. A 401 (expired or revoked token) clears the token and sends the user
 * to the login page; every other failure rejects with an ApiError whose message is ready to show.
 */
const config = require('../config')
const ENDPOINTS = require('./endpoints')
const session = require('./session')
const errors = require('./errors')

const PREFIX = '/api/v1'

function queryString(query) {
  return Object.keys(query || {})
    .filter(k => query[k] !== undefined && query[k] !== null && query[k] !== '')
    .map(k => `${encodeURIComponent(k)}=${encodeURIComponent(query[k])}`)
    .join('&')
}

function urlFor(name, { params = {}, query } = {}) {
  const endpoint = ENDPOINTS[name]
  if (!endpoint) throw new Error(`undeclared endpoint ${name}`)
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_, key) => encodeURIComponent(params[key]))
  const qs = queryString(query)
  return `${config.apiBase.replace(/\/$/, '')}${PREFIX}${path}${qs ? `?${qs}` : ''}`
}

function headers(endpoint) {
  const h = { 'Accept-Language': 'zh-Hans', 'Content-Type': 'application/json' }
  const token = session.token()
  if (token && endpoint.auth !== false) h.Authorization = `Bearer ${token}`
  return h
}

let redirecting = false

/** A refused token: forget it and go to the login page once (several requests may fail together). */
function toLogin() {
  session.clear()
  if (redirecting) return
  redirecting = true
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : []
  const here = pages.length ? pages[pages.length - 1].route : ''
  const next = here && here !== 'pages/login/index' ? `?next=${encodeURIComponent(`/${here}`)}&expired=1` : '?expired=1'
  wx.reLaunch({ url: `/pages/login/index${next}`, complete() { redirecting = false } })
}

function call(name, { params, query, body } = {}) {
  const endpoint = ENDPOINTS[name]
  const url = urlFor(name, { params, query })
  const h = headers(endpoint)
  const hadToken = !!h.Authorization
  return new Promise((resolve, reject) => {
    wx.request({
      url,
      method: endpoint.method,
      data: body,
      header: h,
      timeout: 15000,
      success(res) {
        if (res.statusCode >= 200 && res.statusCode < 300) {
          resolve(res.data === '' ? null : res.data)
          return
        }
        const error = errors.fromResponse(res.statusCode, res.data, res.header)
        if (res.statusCode === 401 && hadToken && endpoint.auth !== false) {
          error.redirected = true
          error.message = '登录已失效，请重新登录'
          toLogin()
        }
        reject(error)
      },
      fail(res) { reject(errors.network(res && res.errMsg)) },
    })
  })
}

/** Downloads a file the API serves (the certificate PDF) with the bearer token; resolves the temp path. */
function download(name, { params } = {}) {
  const endpoint = ENDPOINTS[name]
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url: urlFor(name, { params }),
      header: headers(endpoint),
      success(res) {
        if (res.statusCode === 200) resolve(res.tempFilePath)
        else {
          if (res.statusCode === 401) toLogin()
          reject(errors.fromResponse(res.statusCode, null, res.header))
        }
      },
      fail(res) { reject(errors.network(res && res.errMsg)) },
    })
  })
}

module.exports = { call, download, urlFor, PREFIX }
