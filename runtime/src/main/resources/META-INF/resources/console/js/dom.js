// Small DOM helpers: elements from data (never from HTML strings), formats, badges.

/** An element: h('a', {href: '#/x'}, 'text', child, [more]) ; on* attributes are listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  for (const c of children.flat(Infinity)) if (c) el.append(c);
  return el;
}

export const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
export const PHASES = ['QUEUED', 'WAITING_FOR_CACHE', 'RUNNING', 'RETRY_SCHEDULED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

export function phaseBadge(phase) {
  return h('span', {class: 'badge phase-' + phase, 'data-phase': phase}, phase);
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return h('time', {datetime: iso, title: iso}, d.toLocaleString(undefined, {hour12: false}));
}

export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return Math.round(ms) + ' ms';
  const s = ms / 1000;
  if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' min ' + Math.round(s % 60) + ' s';
  return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
}

/** How long an execution took (or has taken so far). */
export function executionMillis(e) {
  const start = Date.parse(e.createdAt);
  const end = TERMINAL.has(e.phase) ? Date.parse(e.updatedAt) : Date.now();
  return end - start;
}

export function pretty(value) {
  return h('pre', {class: 'json', tabindex: '0'}, value === undefined ? '' : JSON.stringify(value, null, 2));
}

export function taskLabel(t) {
  return t.name + (t.version ? ' / ' + t.version : '');
}

export function taskHref(t) {
  return '#/tasks/' + [t.project, t.domain, t.name].map(encodeURIComponent).join('/') + (t.version ? '?version=' + encodeURIComponent(t.version) : '');
}

/** The text of an API error for people: the problem's detail and every field error. */
export function problemText(err) {
  const p = err && err.problem;
  if (!p) return String(err && err.message || err);
  const fields = (p.errors || []).map(e => (e.path ? e.path + ': ' : '') + e.message);
  return [p.detail || p.title, ...fields].filter(Boolean).join('\n');
}

export function alertBox(err) {
  return h('div', {class: 'alert', role: 'alert'}, problemText(err));
}

export function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  setTimeout(() => { if (t.textContent === text) t.textContent = ''; }, 4000);
}

/** Query parameters of the current hash route (#/path?x=1). */
export function hashQuery() {
  const q = location.hash.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : location.hash.slice(q + 1));
}

export function hashWith(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return path + (s ? '?' + s : '');
}
