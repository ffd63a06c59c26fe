/**
 * Every endpoint the mini-program calls, with the query and body fields it sends and the response fields it
 * reads (types as in /api/v1/openapi.json; "a|null" when null may come back). utils/api.js only calls what is
 * declared here, and test/contract.test.js checks each declaration against the server's OpenAPI document, so a
 * server change that breaks a page fails `make test`.
 */
const MAP_ITEM = {
  id: 'integer', kind: 'string', name: 'string', lat: 'number', lng: 'number', distance_m: 'number|null',
  subtype: 'string', subtype_name: 'string', status: 'string', address: 'string', extra: 'object',
}
const MY_SIGNUP = { status: 'string', position: 'integer|null', checked_in_at: 'string|null', checked_out_at: 'string|null' }
const ACTIVITY = {
  id: 'integer', title: 'string', description: 'string', kind: 'string', kind_name: 'string', setting_name: 'string',
  status: 'string', team_name: 'string', region_name: 'string', place: 'string', lat: 'number', lng: 'number',
  starts_at: 'string', ends_at: 'string', capacity: 'integer', confirmed_count: 'integer', waitlist_count: 'integer',
  seats_left: 'integer', my_signup: { nullable: true, fields: MY_SIGNUP }, can_manage: 'boolean',
}
const SIGNUP = { status: 'string', position: 'integer|null', activity_id: 'integer', confirmed_count: 'integer', waitlist_count: 'integer' }
const NEED = {
  id: 'integer', kind: 'string', kind_name: 'string', status: 'string', status_name: 'string', urgency: 'integer',
  lat: 'number', lng: 'number', description: 'string', place: 'string', region_code: 'string',
  window_start: 'string', window_end: 'string', handled_by: 'string|null', involved: 'boolean',
  handler: 'object|null', rating: 'integer|null', feedback: 'string|null', closed_reason: 'string|null',
  events: ['object'],
}
const SCAN_IN = { token: 'string', lat: 'number', lng: 'number', coord: 'string' }
const SCAN_OUT = {
  activity_id: 'integer', activity_title: 'string', checked_in_at: 'string|null', checked_out_at: 'string|null',
  already: 'boolean', minutes: 'integer|null', hours: 'string|null',
}
const PREFS = { wechat: 'boolean', sms: 'boolean', quiet_start: 'string', quiet_end: 'string' }
const REGION = { code: 'string', name: 'string', level: 'string', parent_code: 'string|null' }

module.exports = {
  tokenLogin: { method: 'POST', path: '/auth/token', auth: false, body: { phone: 'string', password: 'string' }, response: { token: 'string' } },
  tokenRevoke: { method: 'DELETE', path: '/auth/token', response: null },
  wechatLogin: { method: 'POST', path: '/auth/wechat', auth: 'optional', body: { code: 'string', phone: 'string', password: 'string' }, response: { token: 'string' } },
  wechatUnbind: { method: 'DELETE', path: '/auth/wechat', response: { unbound: 'integer' } },
  me: {
    method: 'GET', path: '/me',
    response: { display_name: 'string', role: 'string', phone_masked: 'string', region_code: 'string|null', volunteer: { nullable: true, fields: { volunteer_number: 'string', name: 'string' } } },
  },
  regions: { method: 'GET', path: '/regions', auth: false, query: { parent: 'string|null' }, response: [REGION] },
  region: { method: 'GET', path: '/regions/{code}', auth: false, response: REGION },
  nearest: {
    method: 'GET', path: '/map/nearest', auth: 'optional',
    query: { lat: 'number', lng: 'number', coord: 'string', kind: 'string', k: 'integer' },
    response: { coord: 'string', items: [MAP_ITEM] },
  },
  post: { method: 'GET', path: '/map/posts/{id}', auth: false, query: { coord: 'string' }, response: MAP_ITEM },
  activities: {
    method: 'GET', path: '/activities', auth: 'optional',
    query: { kind: 'string|null', status: 'string|null', date_from: 'string|null', q: 'string|null', limit: 'integer', offset: 'integer', coord: 'string' },
    response: { count: 'integer', limit: 'integer', offset: 'integer', items: [ACTIVITY] },
  },
  activity: { method: 'GET', path: '/activities/{id}', auth: 'optional', query: { coord: 'string' }, response: ACTIVITY },
  signUp: { method: 'POST', path: '/activities/{id}/signup', response: SIGNUP },
  signUpCancel: { method: 'DELETE', path: '/activities/{id}/signup', response: SIGNUP },
  mySignups: { method: 'GET', path: '/me/signups', query: { limit: 'integer' }, response: [{ activity: ACTIVITY, status: 'string', position: 'integer|null' }] },
  checkIn: { method: 'POST', path: '/checkin', body: SCAN_IN, response: SCAN_OUT },
  checkOut: { method: 'POST', path: '/checkout', body: SCAN_IN, response: SCAN_OUT },
  templates: { method: 'GET', path: '/notifications/wechat-templates', auth: 'optional', response: { templates: 'object' } },
  needs: { method: 'GET', path: '/needs', query: { mine: 'boolean', coord: 'string', limit: 'integer', offset: 'integer' }, response: [NEED] },
  needCreate: {
    method: 'POST', path: '/needs',
    body: { kind: 'string', description: 'string', place: 'string', lat: 'number', lng: 'number', coord: 'string', region_code: 'string', window_start: 'string', window_end: 'string', urgency: 'integer', contact_name: 'string', contact_phone: 'string' },
    response: NEED,
  },
  need: { method: 'GET', path: '/needs/{id}', auth: 'optional', query: { coord: 'string' }, response: NEED },
  needAccept: { method: 'POST', path: '/needs/{id}/accept', response: NEED },
  needRate: { method: 'POST', path: '/needs/{id}/rate', body: { rating: 'integer', feedback: 'string' }, response: NEED },
  needCancel: { method: 'POST', path: '/needs/{id}/cancel', body: { reason: 'string' }, response: NEED },
  myHours: {
    method: 'GET', path: '/me/hours',
    response: {
      approved_hours: 'string', pending_hours: 'string', service_hours: 'string', training_hours: 'string',
      star_level: 'integer', next_threshold: 'integer|null',
      entries: [{ id: 'integer', status: 'string', activity_title: 'string|null', served_on: 'string', hours: 'string', content: 'string' }],
    },
  },
  certificate: { method: 'GET', path: '/me/hours/certificate', download: true, response: null },
  verifyCertificate: {
    method: 'GET', path: '/certificates/{code}', auth: false,
    response: { genuine: 'boolean', current: 'boolean', number: 'string', name_masked: 'string', volunteer_number: 'string', hours: 'string', star_level: 'integer', issuer: 'string', issued_on: 'string' },
  },
  inbox: {
    method: 'GET', path: '/inbox', query: { unread_only: 'boolean', limit: 'integer', offset: 'integer' },
    response: { unread: 'integer', count: 'integer', items: [{ id: 'integer', kind: 'string', title: 'string', body: 'string', link: 'string', created_at: 'string', read_at: 'string|null' }] },
  },
  inboxRead: { method: 'POST', path: '/inbox/{id}/read', response: { marked: 'integer' } },
  inboxReadAll: { method: 'POST', path: '/inbox/read-all', response: { marked: 'integer' } },
  preferences: {
    method: 'GET', path: '/notifications/preferences',
    response: { ...PREFS, wechat_bound: 'boolean', wechat_available: 'boolean', sms_available: 'boolean' },
  },
  preferencesSave: {
    method: 'PUT', path: '/notifications/preferences', body: PREFS,
    response: { ...PREFS, wechat_bound: 'boolean', wechat_available: 'boolean', sms_available: 'boolean' },
  },
  articles: {
    method: 'GET', path: '/articles', auth: false, query: { limit: 'integer' },
    response: [{ id: 'integer', title: 'string', summary: 'string', source: 'string', published_at: 'string', read_count: 'integer' }],
  },
  article: { method: 'GET', path: '/articles/{id}', auth: false, response: { id: 'integer', title: 'string', source: 'string', published_at: 'string', body: 'string' } },
}
