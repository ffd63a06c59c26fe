/** Every failure as a sentence in Chinese: the server's own message where it has one, else by status. */

function waitText(seconds) {
  const s = Math.max(1, Math.ceil(Number(seconds) || 60))
  if (s < 60) return `${s}秒`
  if (s < 3600) return `${Math.ceil(s / 60)}分钟`
  return `${Math.ceil(s / 3600)}小时`
}

const BY_STATUS = {
  400: '提交的内容有误，请检查后重试',
  401: '登录已失效，请重新登录',
  403: '没有权限进行此操作',
  404: '内容不存在或已被删除',
  409: '操作与当前状态冲突，请刷新后重试',
  413: '提交的内容过大',
  422: '提交的内容有误，请检查后重试',
}

class ApiError extends Error {
  constructor({ status = 0, code = '', message = '', fields = {}, retryAfter = 0 }) {
    super(message)
    this.status = status
    this.code = code
    this.fields = fields || {}
    this.retryAfter = retryAfter
  }
}

/** The text a person reads for a failed request. */
function describe(status, body, retryAfter) {
  if (!status) return '网络连接失败，请检查网络后重试'
  if (status === 429) {
    const said = body && typeof body.message === 'string' ? body.message : ''
    const wait = `请${waitText(retryAfter)}后再试`
    if (!said) return `操作过于频繁，${wait}`
    return said.indexOf('后再试') >= 0 ? said : `${said}，${wait}`
  }
  const fields = (body && body.fields) || {}
  const reasons = Object.keys(fields).map(name => [].concat(fields[name]).join('；')).filter(Boolean)
  const message = body && typeof body.message === 'string' && body.message
  if (message && reasons.length && reasons.join('；') !== message) return `${message}：${reasons.join('；')}`
  if (message) return message
  if (status >= 500) return '服务暂时不可用，请稍后再试'
  return BY_STATUS[status] || `请求失败（${status}），请稍后再试`
}

function fromResponse(status, body, header) {
  const retry = header && (header['Retry-After'] || header['retry-after'])
  return new ApiError({
    status,
    code: (body && body.code) || '',
    fields: body && body.fields,
    retryAfter: retry ? Number(retry) : 0,
    message: describe(status, body, retry),
  })
}

function network(errMsg) {
  const timeout = /timeout/i.test(errMsg || '')
  return new ApiError({ status: 0, code: timeout ? 'timeout' : 'network', message: timeout ? '网络超时，请稍后重试' : describe(0) })
}

module.exports = { ApiError, describe, fromResponse, network, waitText }
