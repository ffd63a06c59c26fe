/** The other side of a journey (an organiser's screen, a check of what the server holds), straight over HTTP. */
const { httpRequest } = require('../harness')

const PASSWORD = 'Binzhou-2026'
const PHONES = { city: '13900000001', organiser: '13900000003', volunteer: '13900000004', resident: '13900000005' }

async function call(ctx, method, path, { token, body } = {}) {
  const header = { 'Content-Type': 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`
  const res = await httpRequest({ url: `${ctx.base}/api/v1${path}`, method, header, data: body })
  return { status: res.statusCode, body: res.data }
}

async function token(ctx, who) {
  const res = await call(ctx, 'POST', '/auth/token', { body: { phone: PHONES[who], password: PASSWORD } })
  if (res.status !== 200) throw new Error(`login ${who}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body.token
}

module.exports = { call, token, PASSWORD, PHONES }
