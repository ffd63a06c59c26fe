/**
 * A real VolunteerHub server for the suite: the demo city in a temporary directory (SQLite), `volunteerhub serve`
 * on a free port, and a stand-in for WeChat's code-to-session API like the backend tests' own (a code
 * "code-<openid>" logs in as that openid; any other code is refused with errcode 40029).
 */
const { spawn, spawnSync } = require('child_process')
const fs = require('fs')
const http = require('http')
const net = require('net')
const os = require('os')
const path = require('path')

const REPO = path.join(__dirname, '..', '..')
const BIN = process.env.VOLUNTEERHUB_BIN || path.join(REPO, '.venv', 'bin', 'volunteerhub')
const TEMPLATES = { activity_reminder: 'TPL-REMIND', waitlist_promoted: 'TPL-PROMOTED', '*': 'TPL-GENERAL' }

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
    s.on('error', reject)
  })
}

function fakeWeChat() {
  const requests = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1')
    requests.push({ path: url.pathname, query: Object.fromEntries(url.searchParams) })
    let body = { errcode: 404, errmsg: 'no script' }
    if (url.pathname === '/sns/jscode2session') {
      const code = url.searchParams.get('js_code') || ''
      body = code.startsWith('code-') ? { openid: code.slice(5), session_key: 'secret-session-key' } : { errcode: 40029, errmsg: 'invalid code' }
    } else if (url.pathname === '/cgi-bin/token') {
      body = { access_token: 'TOKEN-1', expires_in: 7200 }
    } else if (url.pathname === '/cgi-bin/message/subscribe/send') {
      body = { errcode: 0, errmsg: 'ok', msgid: 1 }
    }
    const payload = Buffer.from(JSON.stringify(body))
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': payload.length })
    res.end(payload)
  })
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve({ server, requests, url: `http://127.0.0.1:${server.address().port}` })))
}

function run(args, env) {
  const done = spawnSync(BIN, args, { cwd: REPO, env, encoding: 'utf8', timeout: 300000 })
  if (done.status !== 0) throw new Error(`volunteerhub ${args.join(' ')} failed:\n${(done.stderr || '').slice(-3000)}`)
}

async function waitHealthy(base, child, log) {
  const deadline = Date.now() + 60000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${fs.readFileSync(log, 'utf8').slice(-3000)}`)
    const ok = await new Promise(resolve => {
      http.get(`${base}/api/v1/health`, res => { res.resume(); resolve(res.statusCode === 200) }).on('error', () => resolve(false))
    })
    if (ok) return
    await new Promise(r => setTimeout(r, 200))
  }
  throw new Error('server did not start')
}

/** Starts everything; returns { base, wechat, stop }. */
async function start() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vh-miniprogram-'))
  const wechat = await fakeWeChat()
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:///${path.join(tmp, 'volunteerhub.sqlite3')}`,
    VOLUNTEERHUB_VAR_DIR: tmp,
    VOLUNTEERHUB_DEMO: '1', // development keys, as a local trial runs
    VOLUNTEERHUB_NO_PROGRESS: '1',
    LOG_LEVEL: 'WARNING',
    WECHAT_API_BASE: wechat.url,
    WECHAT_APP_ID: 'wx-test-app',
    WECHAT_APP_SECRET: 'wx-test-secret',
    WECHAT_TEMPLATES: JSON.stringify(TEMPLATES),
  }
  const t0 = Date.now()
  run(['migrate', '--noinput'], env)
  const t1 = Date.now()
  run(['seed', 'demo'], env)
  process.stderr.write(`# demo server: migrate ${((t1 - t0) / 1000).toFixed(0)} s, seed ${((Date.now() - t1) / 1000).toFixed(0)} s\n`)
  const port = await freePort()
  const log = path.join(tmp, 'serve.log')
  const out = fs.openSync(log, 'w')
  const child = spawn(BIN, ['serve', '--port', String(port), '--workers', '1', '--threads', '4'], { cwd: REPO, env, stdio: ['ignore', 'ignore', out] })
  const base = `http://127.0.0.1:${port}`
  await waitHealthy(base, child, log)
  return {
    base, wechat, tmp, templates: TEMPLATES,
    async stop() {
      child.kill('SIGTERM')
      await new Promise(resolve => { if (child.exitCode !== null) resolve(); else child.on('exit', resolve) })
      wechat.server.close()
      fs.rmSync(tmp, { recursive: true, force: true })
    },
  }
}

module.exports = { start }
