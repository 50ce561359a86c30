// Signing in: an API key pasted into the form, or — when Kite names an OIDC issuer and a client
// for the console (GET /console/config.json) — the OIDC authorization code flow with PKCE, run
// in the browser as a public client. Either way the credential is kept for this tab only
// (sessionStorage) and sent as a bearer token.
import {credential, ApiError} from './api.js';
import {session} from './session.js';
import {h, hashQuery, problemText} from './dom.js';

const FLOW = 'kite.oidc.flow';

async function consoleConfig() {
  try {
    const r = await fetch('/console/config.json', {headers: {Accept: 'application/json'}});
    return r.ok ? await r.json() : {};
  } catch (e) {
    return {};
  }
}

export async function loginPage(main) {
  const q = hashQuery();
  const next = q.get('next') || '#/executions';
  const error = h('div', {class: 'alert', role: 'alert', hidden: true});
  const input = h('input', {id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', required: true,
    placeholder: 'kite_…', 'aria-describedby': 'api-key-hint'});
  const form = h('form', {class: 'card', 'aria-labelledby': 'login-title', onsubmit: async e => {
    e.preventDefault();
    error.hidden = true;
    credential.set(input.value.trim());
    try {
      await session.load();
      location.hash = next;
    } catch (err) {
      credential.clear();
      session.reset();
      error.hidden = false;
      error.textContent = err instanceof ApiError && err.status === 401 ? 'This key is not accepted: ' + problemText(err) : problemText(err);
    }
  }},
  h('div', {class: 'field'}, h('label', {for: 'api-key'}, 'API key'), input,
    h('span', {class: 'hint', id: 'api-key-hint'}, 'Issued by an admin (POST /api/v1/keys). Kept in this tab only.')),
  h('button', {type: 'submit'}, 'Sign in'));
  const box = h('section', {class: 'login'}, h('h1', {id: 'login-title'}, 'Sign in to Kite'),
    q.get('expired') ? h('p', {class: 'alert', role: 'alert'}, 'Your credential was refused; sign in again.') : null,
    error, form);
  main.append(box);
  const config = await consoleConfig();
  if (config.oidc) {
    box.append(h('section', {class: 'card'}, h('p', {}, 'Or sign in with your organisation\'s identity provider.'),
      h('button', {type: 'button', class: 'secondary', onclick: () => startOidc(config.oidc, next)}, 'Sign in with single sign-on')));
  }
  input.focus();
}

function random(bytes) {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return base64url(a);
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discovery(issuer) {
  const r = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
  if (!r.ok) throw new Error('the identity provider\'s discovery document answered ' + r.status);
  return r.json();
}

async function startOidc(oidc, next) {
  const meta = await discovery(oidc.issuer);
  const verifier = random(48);
  const state = random(16);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const redirect = location.origin + '/console/';
  sessionStorage.setItem(FLOW, JSON.stringify({verifier, state, next, redirect, token: meta.token_endpoint, clientId: oidc.clientId}));
  const q = new URLSearchParams({response_type: 'code', client_id: oidc.clientId, redirect_uri: redirect,
    scope: oidc.scope || 'openid', state, code_challenge: challenge, code_challenge_method: 'S256'});
  location.assign(meta.authorization_endpoint + '?' + q);
}

/** Back from the identity provider (?code=…&state=…): trades the code for a token. */
export async function finishOidcLogin() {
  const q = new URLSearchParams(location.search);
  const saved = sessionStorage.getItem(FLOW);
  if (!q.has('code') || !saved) return;
  sessionStorage.removeItem(FLOW);
  const flow = JSON.parse(saved);
  history.replaceState(null, '', '/console/' + (q.get('state') === flow.state ? flow.next : '#/login'));
  if (q.get('state') !== flow.state) return;
  const r = await fetch(flow.token, {method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({grant_type: 'authorization_code', code: q.get('code'), redirect_uri: flow.redirect,
      client_id: flow.clientId, code_verifier: flow.verifier})});
  if (!r.ok) {
    location.hash = '#/login';
    return;
  }
  const token = await r.json();
  credential.set(token.access_token);
}

