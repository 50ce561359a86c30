// The run form of a task version, generated from its interface: one field per input, its value
// checked with the type's rules (types.js) before the submission, the server's field errors
// shown on their fields after it.
import {api, ApiError} from './api.js';
import {h, problemText} from './dom.js';
import {kindOf, describe, check, integerText, floatText} from './types.js';

function fieldControl(name, decl, id) {
  const k = kindOf(decl.type);
  const optional = Object.prototype.hasOwnProperty.call(decl, 'default');
  if (k === 'boolean' || k === 'enum') {
    const options = k === 'boolean' ? ['true', 'false'] : decl.type.enum;
    return h('select', {id, name}, h('option', {value: ''}, optional ? '(default: ' + JSON.stringify(decl.default) + ')' : '— choose —'),
      options.map(o => h('option', {value: o}, o)));
  }
  if (k === 'none') return h('input', {id, name, value: 'null', readonly: true});
  const text = ['integer', 'float', 'string', 'datetime', 'duration', 'binary'].includes(k);
  const placeholder = optional ? 'default: ' + JSON.stringify(decl.default) : {integer: '42', float: '1.5', datetime: '2024-01-02T03:04:05Z',
    duration: 'PT5M', binary: 'base64', string: ''}[k] ?? 'JSON, e.g. ' + example(decl.type);
  return text ? h('input', {id, name, placeholder, autocomplete: 'off', inputmode: k === 'integer' ? 'numeric' : k === 'float' ? 'decimal' : null})
    : h('textarea', {id, name, placeholder, rows: 3, spellcheck: 'false'});
}

function example(type) {
  return {collection: '[…]', map: '{"key": …}', union: '…', blob: '{"uri": "s3://bucket/file"}', dataset: '{"uri": "s3://bucket/table"}', struct: '{}'}[kindOf(type)] || '…';
}

/** The JSON text of one field's value, or undefined to leave it out; throws a message when invalid. */
function valueText(decl, raw) {
  const k = kindOf(decl.type);
  const optional = Object.prototype.hasOwnProperty.call(decl, 'default');
  if (raw === '' && k !== 'string') {
    if (optional) return undefined;
    throw 'required';
  }
  if (raw === '' && k === 'string' && optional) return undefined;
  switch (k) {
    case 'integer': return integerText(raw);
    case 'float': return floatText(raw);
    case 'boolean': return raw;
    case 'string': case 'datetime': case 'duration': case 'binary': case 'enum': {
      const errors = check(decl.type, raw, '');
      if (errors.length) throw errors[0][1];
      return JSON.stringify(raw);
    }
    case 'none': return 'null';
    default: {
      let parsed;
      try { parsed = JSON.parse(raw); } catch (e) { throw 'not valid JSON: ' + e.message; }
      const errors = check(decl.type, parsed, '');
      if (errors.length) throw (errors[0][0] ? errors[0][0].replace(/^\./, '') + ': ' : '') + errors[0][1];
      return raw.trim();
    }
  }
}

/** The input a server error path names: "inputs.count", "inputs.data.uri", "inputs.names[2]". */
function inputOf(path) {
  const m = /^inputs\.([A-Za-z_][A-Za-z0-9_]*)/.exec(path || '');
  return m ? m[1] : null;
}

export function runForm(template, onSubmitted) {
  const inputs = (template.interface && template.interface.inputs) || {};
  const fields = new Map();
  const formError = h('div', {class: 'alert', role: 'alert', hidden: true, id: 'run-error'});
  const rows = Object.entries(inputs).map(([name, decl]) => {
    const id = 'in-' + name;
    const control = fieldControl(name, decl, id);
    const error = h('span', {class: 'error', id: id + '-error', role: 'alert'});
    control.setAttribute('aria-describedby', id + '-hint ' + id + '-error');
    fields.set(name, {decl, control, error});
    return h('div', {class: 'field', 'data-input': name}, h('label', {for: id}, name, Object.prototype.hasOwnProperty.call(decl, 'default') ? '' : ' *'),
      control, h('span', {class: 'hint', id: id + '-hint'}, describe(decl.type) + (decl.description ? ' — ' + decl.description : '')), error);
  });
  const overwrite = h('input', {type: 'checkbox', id: 'run-overwrite', name: 'overwriteCache'});
  const show = (name, message) => {
    const f = fields.get(name);
    f.error.textContent = message;
    f.control.setAttribute('aria-invalid', 'true');
  };
  const form = h('form', {id: 'run-form', novalidate: true, 'aria-labelledby': 'run-title', onsubmit: async ev => {
    ev.preventDefault();
    formError.hidden = true;
    const parts = [];
    let first = null;
    for (const [name, f] of fields) {
      f.error.textContent = '';
      f.control.removeAttribute('aria-invalid');
      try {
        const text = valueText(f.decl, f.control.value);
        if (text !== undefined) parts.push(JSON.stringify(name) + ': ' + text);
      } catch (message) {
        show(name, String(message));
        first = first || f.control;
      }
    }
    if (first) return first.focus();
    const id = template.id;
    const body = '{"task": ' + JSON.stringify(id) + ', "inputs": {' + parts.join(', ') + '}, "overwriteCache": ' + overwrite.checked + '}';
    try {
      onSubmitted(await api('/api/v1/executions', {method: 'POST', body}));
    } catch (err) {
      const rest = [];
      for (const e of (err instanceof ApiError && err.problem && err.problem.errors) || []) {
        const name = inputOf(e.path);
        if (name && fields.has(name)) show(name, (e.path.length > 7 + name.length ? e.path.slice(7 + name.length).replace(/^\./, '') + ': ' : '') + e.message);
        else rest.push(e);
      }
      if (rest.length || !(err.problem && err.problem.errors)) {
        formError.hidden = false;
        formError.textContent = problemText(err);
      }
      const bad = form.querySelector('[aria-invalid="true"]');
      if (bad) bad.focus();
    }
  }},
  rows.length ? rows : h('p', {class: 'muted'}, 'This task takes no inputs.'),
  h('div', {class: 'field'}, h('label', {for: 'run-overwrite'}, overwrite, ' Run even when cached outputs exist (overwrite the cache)')),
  formError, h('button', {type: 'submit', id: 'run-submit'}, 'Run'));
  return form;
}
