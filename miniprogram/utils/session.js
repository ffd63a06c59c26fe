/** The bearer token, kept with wx.setStorageSync so the user stays signed in between launches. */
const KEY = 'vh_token'

module.exports = {
  token() { return wx.getStorageSync(KEY) || '' },
  save(token) { wx.setStorageSync(KEY, token) },
  clear() { wx.removeStorageSync(KEY) },
  signedIn() { return !!wx.getStorageSync(KEY) },
}
