/**
 * Every endpoint and field the mini-program uses (utils/endpoints.js) exists in the server's /api/v1/openapi.json
 * with the same type; and no page or module reaches the API except through an endpoint declared there.
 */
const { describe, it } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('fs')
const path = require('path')
const ENDPOINTS = require('../../utils/endpoints')
const client = require('./client')

function typesOf(schema, doc) {
  if (!schema) return ['?']
  if (schema.$ref) return typesOf(doc.components.schemas[schema.$ref.split('/').pop()], doc)
  if (schema.anyOf) return [].concat(...schema.anyOf.map(s => typesOf(s, doc)))
  if (schema.allOf && schema.allOf.length === 1) return typesOf(schema.allOf[0], doc)
  return [schema.type || 'object']
}

function resolve(schema, doc) {
  if (schema && schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()], doc)
  if (schema && schema.allOf && schema.allOf.length === 1) return resolve(schema.allOf[0], doc)
  return schema
}

/** Compare what the mini-program expects (spec) with the schema; returns a list of problems. */
function check(spec, schema, doc, where) {
  const problems = []
  if (spec === null || spec === undefined) return problems
  if (typeof spec === 'string') {
    const want = spec.split('|').sort().join('|')
    const have = [...new Set(typesOf(schema, doc))].sort().join('|')
    if (want !== have) problems.push(`${where}: the mini-program reads ${want}, the server says ${have}`)
    return problems
  }
  if (Array.isArray(spec)) {
    const s = resolve(schema, doc)
    if (!s || s.type !== 'array') return [`${where}: the mini-program reads a list, the server says ${s && s.type}`]
    return check(spec[0], s.items, doc, `${where}[]`)
  }
  let s = schema
  let nullable = false
  if (spec.nullable) {
    const variants = (resolve(schema, doc) || {}).anyOf || [schema]
    nullable = variants.some(v => v.type === 'null')
    s = variants.find(v => v.type !== 'null')
    if (!nullable) problems.push(`${where}: the mini-program allows null, the server never sends it`)
  }
  const fields = spec.fields || spec
  s = resolve(s, doc)
  if (!s || !s.properties) return problems.concat([`${where}: the server has no object here`])
  for (const [name, sub] of Object.entries(fields)) {
    if (name === 'nullable' || name === 'fields') continue
    if (!(name in s.properties)) problems.push(`${where}.${name}: missing on the server`)
    else problems.push(...check(sub, s.properties[name], doc, `${where}.${name}`))
  }
  return problems
}

module.exports = ctx => describe('the API contract', () => {
  let doc
  const load = async () => {
    if (!doc) doc = (await client.call(ctx, 'GET', '/openapi.json')).body
    return doc
  }

  for (const [name, endpoint] of Object.entries(ENDPOINTS)) {
    it(`${name}: ${endpoint.method} ${endpoint.path} matches /api/v1/openapi.json`, async () => {
      const d = await load()
      const op = (d.paths[`/api/v1${endpoint.path.replace(/\{id\}/, '{X}')}`] || {})
      const pathKey = Object.keys(d.paths).find(p => p.replace(/\{[^}]+\}/g, '{}') === `/api/v1${endpoint.path}`.replace(/\{[^}]+\}/g, '{}'))
      assert.ok(pathKey, `${endpoint.path} is not in the OpenAPI document`)
      const operation = d.paths[pathKey][endpoint.method.toLowerCase()]
      assert.ok(operation, `${endpoint.method} ${endpoint.path} is not in the OpenAPI document`)
      void op
      const problems = []
      const params = Object.fromEntries((operation.parameters || []).filter(p => p.in === 'query').map(p => [p.name, p.schema]))
      for (const [q, type] of Object.entries(endpoint.query || {})) {
        if (!(q in params)) problems.push(`query ${q}: not accepted`)
        else problems.push(...check(type, params[q], d, `query ${q}`))
      }
      if (endpoint.body) {
        const schema = operation.requestBody && operation.requestBody.content['application/json'].schema
        if (!schema) problems.push('the endpoint takes no JSON body')
        else {
          problems.push(...check(endpoint.body, schema, d, 'body'))
          const required = resolve(schema, d).required || []
          for (const r of required) if (!(r in endpoint.body)) problems.push(`body.${r}: required by the server, never sent`)
        }
      }
      if (endpoint.response) {
        const ok = operation.responses['200'] || operation.responses['201']
        const schema = ok && ok.content && ok.content['application/json'] && ok.content['application/json'].schema
        if (!schema) problems.push('no JSON response documented')
        else problems.push(...check(endpoint.response, schema, d, 'response'))
      }
      assert.deepEqual(problems, [])
    })
  }

  it('the contract check itself fails on a changed type, a missing field and a renamed path', async () => {
    const d = JSON.parse(JSON.stringify(await load()))
    const schemas = d.components.schemas
    schemas.MapItem.properties.lat = { type: 'string' }
    delete schemas.NeedOut.properties.status_name
    const problems = check(ENDPOINTS.nearest.response, d.paths['/api/v1/map/nearest'].get.responses['200'].content['application/json'].schema, d, 'response')
      .concat(check(ENDPOINTS.need.response, d.paths['/api/v1/needs/{need_id}'].get.responses['200'].content['application/json'].schema, d, 'response'))
    assert.ok(problems.some(p => p.includes('items[].lat')), problems.join('\n'))
    assert.ok(problems.some(p => p.includes('status_name: missing')), problems.join('\n'))
  })

  it('no page calls the API except through a declared endpoint', () => {
    const root = path.join(__dirname, '..', '..')
    const names = new Set(Object.keys(ENDPOINTS))
    const used = new Set()
    const walk = dir => fs.readdirSync(dir, { withFileTypes: true }).forEach(e => {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) { if (!['node_modules', 'miniprogram_npm', 'test'].includes(e.name)) walk(p); return }
      if (!p.endsWith('.js')) return
      const src = fs.readFileSync(p, 'utf8')
      if (!p.endsWith(path.join('utils', 'api.js')) && !p.endsWith(path.join('utils', 'endpoints.js'))) assert.ok(!/wx\.request\(|\/api\/v1/.test(src), `${p} reaches the API by itself`)
      for (const m of src.matchAll(/api\.(?:call|download)\('(\w+)'/g)) used.add(m[1])
    })
    walk(root)
    for (const name of used) assert.ok(names.has(name), `${name} is called but not declared`)
    for (const name of names) assert.ok(used.has(name), `${name} is declared but never called`)
  })
})

module.exports.check = check
