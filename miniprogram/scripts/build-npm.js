#!/usr/bin/env node
/**
 * What WeChat DevTools' 工具 → 构建 npm does for this project, without DevTools: each dependency that ships a
 * mini-program build (package.json "miniprogram" field, e.g. tdesign-miniprogram's miniprogram_dist) is copied
 * to miniprogram_npm/<name>, where "tdesign-miniprogram/button/button" in usingComponents resolves.
 */
const fs = require('fs')
const path = require('path')

const root = path.join(__dirname, '..')
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
const out = path.join(root, 'miniprogram_npm')

fs.rmSync(out, { recursive: true, force: true })
for (const name of Object.keys(pkg.dependencies || {})) {
  const dir = path.join(root, 'node_modules', name)
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
  const dist = path.join(dir, meta.miniprogram || 'miniprogram_dist')
  if (!fs.existsSync(dist)) continue
  fs.cpSync(dist, path.join(out, name), { recursive: true })
  console.log(`miniprogram_npm/${name} <- node_modules/${name}/${meta.miniprogram || 'miniprogram_dist'}`)
}
