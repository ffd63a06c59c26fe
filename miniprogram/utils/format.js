/** Dates in China Standard Time (the server answers in UTC), distances, stars. */
const CST = 8 * 3600 * 1000

function pad(n) { return n < 10 ? `0${n}` : `${n}` }

function cst(iso) {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return null
  return new Date(d.getTime() + CST)
}

/** 12月3日 09:30 */
function dateTime(iso) {
  const d = cst(iso)
  return d ? `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : ''
}

function time(iso) {
  const d = cst(iso)
  return d ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : ''
}

/** 12月3日 09:30-12:30 when on one day. */
function span(startIso, endIso) {
  const a = cst(startIso)
  const b = cst(endIso)
  if (!a || !b) return ''
  if (a.getUTCDate() === b.getUTCDate() && a.getUTCMonth() === b.getUTCMonth()) return `${dateTime(startIso)}-${time(endIso)}`
  return `${dateTime(startIso)} 至 ${dateTime(endIso)}`
}

function day(iso) {
  const d = cst(iso)
  return d ? `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` : ''
}

/** 850 米 / 3.5 公里 */
function distance(m) {
  if (m === null || m === undefined) return ''
  if (m < 1000) return `${Math.round(m)} 米`
  return `${(m / 1000).toFixed(1)} 公里`
}

/** A local (UTC+8) date "2026-12-03" and time "09:30" as an ISO instant with its offset. */
function isoLocal(date, hhmm) { return `${date}T${hhmm}:00+08:00` }

/** Today's date in China, "2026-12-03". */
function today(now = Date.now()) { return day(new Date(now).toISOString()) }

function stars(level) {
  const n = Math.max(0, Math.min(5, Number(level) || 0))
  return '★★★★★'.slice(0, n) + '☆☆☆☆☆'.slice(0, 5 - n)
}

/** What is left to the next star level, in hours (null at the top). */
function toNextStar(approvedHours, nextThreshold) {
  if (nextThreshold === null || nextThreshold === undefined) return null
  const left = Number(nextThreshold) - Number(approvedHours)
  return Math.max(0, Math.round(left * 10) / 10)
}

module.exports = { dateTime, time, span, day, distance, isoLocal, today, stars, toNextStar, pad }
