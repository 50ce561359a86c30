// The container logs of an execution's attempts: followed while the attempt runs
// (GET …/attempts/{n}/logs?follow=true, streamed), read once when it has ended.
import {raw, pause} from './api.js';
import {h, TERMINAL} from './dom.js';

export class LogPanes {
  constructor(holder, id, signal) {
    this.holder = holder;
    this.id = id;
    this.signal = signal;
    this.panes = new Map();
  }

  update(e) {
    this.latest = e;
    for (const a of e.attempts || []) {
      if (!a.logs || this.panes.has(a.number)) continue;
      const pre = h('pre', {class: 'log', id: 'log-' + a.number, tabindex: '0', 'aria-live': 'off'});
      const state = h('span', {class: 'muted', id: 'log-state-' + a.number});
      this.panes.set(a.number, {pre, state});
      this.holder.append(h('section', {class: 'card', 'aria-labelledby': 'log-title-' + a.number},
        h('h2', {id: 'log-title-' + a.number}, 'Log of attempt ' + a.number, ' ', state), pre));
      this.follow(a.number, () => !TERMINAL.has(this.phaseOf(a.number)));
    }
  }

  phaseOf(n) {
    const a = (this.latest.attempts || []).find(x => x.number === n);
    return a && a.phase === 'RUNNING' && !TERMINAL.has(this.latest.phase) ? 'RUNNING' : 'SUCCEEDED';
  }

  url(n, follow) {
    return '/api/v1/executions/' + encodeURIComponent(this.id) + '/attempts/' + n + '/logs' + (follow ? '?follow=true' : '');
  }

  /** Follows the log while {@code running()}; when the stream closes early, reads it again after 2 s. */
  async follow(n, running) {
    const {pre, state} = this.panes.get(n);
    while (!this.signal.aborted) {
      const following = running();
      state.textContent = following ? '(following)' : '';
      let r;
      try {
        r = await raw(this.url(n, following), {signal: this.signal});
      } catch (e) {
        return;
      }
      if (!r.ok) {
        const p = await r.json().catch(() => null);
        state.textContent = '(' + ((p && p.detail) || 'HTTP ' + r.status) + ')';
        return;
      }
      pre.textContent = '';
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const {value, done} = await reader.read();
          if (done) break;
          const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
          pre.append(value);
          if (atEnd) pre.scrollTop = pre.scrollHeight;
        }
      } catch (e) {
        if (this.signal.aborted) return;
      }
      if (!following) {
        state.textContent = '';
        return;
      }
      await pause(2000, this.signal);
    }
  }
}
