/**
 * The mini-program's suite: one real server (demo city, fake WeChat) for all of it, then every page rendered,
 * the journeys of a resident and a volunteer, the failures a person must read in Chinese, and the API contract.
 */
const { before, after } = require('node:test')
const h = require('./harness')
const server = require('./server')
const config = require('../config')

const ctx = {}

before(async () => {
  const started = await server.start()
  Object.assign(ctx, started)
  config.apiBase = started.base
}, { timeout: 240000 })

after(async () => { if (ctx.stop) await ctx.stop() })

require('./suites/contract')(ctx, h)
require('./suites/pages')(ctx, h)
require('./suites/resident')(ctx, h)
require('./suites/volunteer')(ctx, h)
require('./suites/failures')(ctx, h)
