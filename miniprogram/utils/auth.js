/** WeChat login: wx.login gives a one-time code, POST /auth/wechat exchanges it (and binds it, with a phone and
 * password or a bearer token). Each attempt needs a fresh code. */
const api = require('./api')
const session = require('./session')

function wxCode() {
  return new Promise((resolve, reject) => {
    wx.login({
      success(res) { res.code ? resolve(res.code) : reject(new Error('微信登录失败，请重试')) },
      fail() { reject(new Error('微信登录失败，请检查网络后重试')) },
    })
  })
}

/** Log in with WeChat alone; rejects with code 'wechat_not_bound' when this WeChat user has no account yet. */
async function wechatLogin() {
  const code = await wxCode()
  const { token } = await api.call('wechatLogin', { body: { code, phone: '', password: '' } })
  session.save(token)
  return token
}

/** Bind this WeChat user to the account with this phone and password, and sign in. */
async function wechatBind(phone, password) {
  const code = await wxCode()
  const { token } = await api.call('wechatLogin', { body: { code, phone, password } })
  session.save(token)
  return token
}

/** Bind WeChat to the account already signed in (the bearer token says which). */
async function wechatBindSignedIn() {
  const code = await wxCode()
  const { token } = await api.call('wechatLogin', { body: { code, phone: '', password: '' } })
  session.save(token)
  return token
}

async function passwordLogin(phone, password) {
  const { token } = await api.call('tokenLogin', { body: { phone, password } })
  session.save(token)
  return token
}

async function logout() {
  try { await api.call('tokenRevoke') } catch (e) { /* signed out here whatever the server says */ }
  session.clear()
}

module.exports = { wechatLogin, wechatBind, wechatBindSignedIn, passwordLogin, logout, wxCode }
