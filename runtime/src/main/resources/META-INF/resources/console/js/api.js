// The REST API from the browser: a bearer credential from the session, problem documents as
// errors, and live updates over the server-sent event streams with a polling fallback.

const KEY = 'kite.credential';
const listeners = new Set();

export const credential = {
  get() { return sessionStorage.getItem(KEY); },
  set(value) { sessionStorage.setItem(KEY, value); },
  clear() { sessionStorage.removeItem(KEY); },
};

/** Called with no argument when the API answers 401 (the credential is gone or bad). */
export function onUnauthorized(fn) { listeners.add(fn); }

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra) {
  const out = {Accept: 'application/json', ...extra};
  const c = credential.get();
  if (c) out.Authorization = 'Bearer ' + c;
  return out;
}

/** A request; resolves to the parsed JSON body, rejects with ApiError. */
export async function api(path, {method = 'GET', body, signal} = {}) {
  const init = {method, signal, headers: headers(body === undefined ? {} : {'Content-Type': 'application/json'})};
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const r = await fetch(path, init);
  const text = await r.text();
  let json = null;
  if (text && /json/.test(r.headers.get('Content-Type') || '')) json = JSON.parse(text);
  if (!r.ok) {
    if (r.status === 401) listeners.forEach(fn => fn());
    throw new ApiError(r.status, json);
  }
  return json;
}

/** The raw response of an authenticated GET (logs, downloads). */
export function raw(path, {signal} = {}) {
  return fetch(path, {headers: headers({Accept: '*/*'}), signal});
}

/** Downloads an authenticated link as a file named {@code name}. */
export async function download(path, name) {
  const r = await raw(path);
  if (!r.ok) throw new ApiError(r.status, await r.json().catch(() => null));
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * Reads a server-sent event stream (fetch, so that the credential travels in a header, which
 * EventSource cannot send). Resolves false at once when the server has no such stream (404, or
 * an answer that is not text/event-stream), true when the stream ends; onEvent(type, data, id).
 */
export async function sse(path, onEvent, signal, onOpen) {
  let r;
  try {
    // JSON accepted too: a Kite without the stream answers its JSON (or 404), not 406
    r = await fetch(path, {headers: headers({Accept: 'text/event-stream, application/json;q=0.5'}), signal});
  } catch (e) {
    if (signal && signal.aborted) return true;
    return false;
  }
  if (!r.ok || !/text\/event-stream/.test(r.headers.get('Content-Type') || '')) {
    r.body && r.body.cancel().catch(() => {});
    if (r.status === 401) listeners.forEach(fn => fn());
    return false;
  }
  onOpen && onOpen();
  const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return true;
      buffer += value.replace(/\r\n?/g, '\n');
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, cut), onEvent);
        buffer = buffer.slice(cut + 2);
      }
    }
  } catch (e) {
    return true;
  }
}

function dispatch(block, onEvent) {
  let type = 'message';
  let id = null;
  const data = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
  if (!data.length) return;
  let parsed;
  try { parsed = JSON.parse(data.join('\n')); } catch (e) { return; }
  onEvent(type, parsed, id);
}

/**
 * Live updates: the stream when the server has it (reconnecting when it closes before
 * {@code finished()}), else {@code poll} every 2 s until {@code poll} answers false or the
 * signal aborts. onMode('stream' | 'polling') says which. onReopen() is called each time the
 * stream opens again after it closed: a stream without resume lost what changed in between,
 * which the page reads again.
 */
export async function live({stream, onEvent, poll, signal, onMode, onReopen, finished = () => false}) {
  let opened = 0;
  while (stream && !signal.aborted) {
    const streamed = await sse(stream, onEvent, signal, () => {
      onMode && onMode('stream');
      if (opened++ && onReopen) onReopen();
    });
    if (!streamed) break;
    if (finished() || signal.aborted) return;
    await pause(2000, signal);
  }
  if (signal.aborted) return;
  onMode && onMode('polling');
  while (!signal.aborted) {
    let more;
    try { more = await poll(); } catch (e) { more = !(e instanceof ApiError && e.status < 500); }
    if (more === false || signal.aborted) return;
    await pause(2000, signal);
  }
}

export function pause(ms, signal) {
  return new Promise(resolve => {
    const t = setTimeout(resolve, ms);
    signal && signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, {once: true});
  });
}
