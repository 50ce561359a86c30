// The value rules of Kite's types (src/docs/task-model.md, "Types"), checked in the browser so
// that the run form points at a bad value before it is sent. The server checks again; its field
// errors are shown on the same fields.

const SIMPLE = ['integer', 'float', 'string', 'boolean', 'datetime', 'duration', 'binary', 'struct', 'none'];
const DATETIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const DURATION = /^[-+]?[Pp](?:[-+]?\d+[Dd])?(?:[Tt](?:[-+]?\d+[Hh])?(?:[-+]?\d+[Mm])?(?:[-+]?\d+(?:[.,]\d{0,9})?[Ss])?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
const MAX_LONG = 2n ** 63n;

export function kindOf(type) {
  if (typeof type === 'string') return SIMPLE.includes(type) ? type : 'unknown';
  const keys = Object.keys(type || {});
  return keys.length === 1 ? keys[0] : 'unknown';
}

export function describe(type) {
  if (typeof type === 'string') return type;
  const k = kindOf(type);
  const arg = type[k];
  if (k === 'collection' || k === 'map') return k + '<' + describe(arg) + '>';
  if (k === 'enum') return 'one of ' + arg.join(', ');
  if (k === 'union') return arg.map(describe).join(' | ');
  if (k === 'blob' || k === 'dataset') return k + (arg && arg.format ? ' (' + arg.format + ')' : '');
  return JSON.stringify(type);
}

function badText(s) {
  return /\u0000/.test(s) ? 'must not contain U+0000' : /[\ud800-\udbff](?![\udc00-\udfff])|(?:[^\ud800-\udbff]|^)[\udc00-\udfff]/.test(s) ? 'must not contain an unpaired surrogate' : null;
}

/** An integer written as text in the form: its JSON text, or throws a message. */
export function integerText(text) {
  const t = text.trim();
  if (!/^-?\d+(\.0*)?$/.test(t)) throw 'expected an integer, e.g. 42';
  const digits = t.replace(/\.0*$/, '');
  const n = BigInt(digits);
  if (n >= MAX_LONG || n < -MAX_LONG) throw 'must be within signed 64 bits';
  return digits;
}

export function floatText(text) {
  const t = text.trim();
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) || !Number.isFinite(Number(t))) throw 'expected a number, e.g. 1.5';
  return t;
}

/** Errors of {@code value} (parsed JSON) against {@code type}, as [path, message] pairs. */
export function check(type, value, path, errors = []) {
  const k = kindOf(type);
  const fail = m => { errors.push([path, m]); return errors; };
  const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v);
  switch (k) {
    case 'integer': return Number.isInteger(value) && Math.abs(value) <= 2 ** 63 ? errors : fail('expected an integer');
    case 'float': return typeof value === 'number' ? errors : fail('expected a number');
    case 'string': return typeof value !== 'string' ? fail('expected a string') : badText(value) ? fail(badText(value)) : errors;
    case 'boolean': return typeof value === 'boolean' ? errors : fail('expected true or false');
    case 'datetime': return typeof value === 'string' && DATETIME.test(value) ? errors
      : fail('expected an RFC 3339 date-time with seconds and an offset, e.g. 2024-01-02T03:04:05Z');
    case 'duration': return typeof value === 'string' && DURATION.test(value) && !/^[-+]?P(T)?$/i.test(value) ? errors
      : fail('expected an ISO-8601 duration such as PT5M or P1DT2H (no years, months or weeks)');
    case 'binary': return typeof value === 'string' && BASE64.test(value) ? errors : fail('expected standard base64');
    case 'struct': return isObject(value) ? errors : fail('expected a JSON object');
    case 'none': return value === null ? errors : fail('expected null');
    case 'collection':
      if (!Array.isArray(value)) return fail('expected an array');
      value.forEach((v, i) => check(type.collection, v, path + '[' + i + ']', errors));
      return errors;
    case 'map':
      if (!isObject(value)) return fail('expected an object');
      Object.entries(value).forEach(([key, v]) => check(type.map, v, path + (/^[A-Za-z_]\w*$/.test(key) ? '.' + key : '[' + JSON.stringify(key) + ']'), errors));
      return errors;
    case 'enum': return type.enum.includes(value) ? errors : fail('expected one of ' + type.enum.join(', '));
    case 'union': return type.union.some(t => !check(t, value, path).length) ? errors : fail('expected ' + describe(type));
    case 'blob': case 'dataset': return reference(type[k] || {}, k, value, path, errors);
    default: return errors;
  }
}

function reference(arg, kind, value, path, errors) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return errors.push([path, 'expected {"uri": "...", "format": "..."}']), errors;
  const allowed = kind === 'blob' ? ['uri', 'format'] : ['uri', 'format', 'columns', 'rows'];
  for (const key of Object.keys(value)) if (!allowed.includes(key)) errors.push([path + '.' + key, 'unknown field']);
  if (typeof value.uri !== 'string' || !value.uri) errors.push([path + '.uri', 'required: a non-empty URI']);
  if (value.format !== undefined && arg.format && value.format !== arg.format) errors.push([path + '.format', 'must be ' + arg.format]);
  return errors;
}
