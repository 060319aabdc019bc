// Sign up and log in.
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { ErrorNote } from '../components/ui.js';
import { Logo } from '../components/icons.js';
import { signIn } from '../App.js';
import { solveChallenge } from '../lib/pow.js';

const HANDLE_RE = /^[A-Za-z0-9_]{2,30}$/;

function safeNext(next) {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') && !next.startsWith('/signup') ? next : '/';
}

function AuthCard({ title, children, foot }) {
  return html`<div class="auth-wrap">
    <section class="card auth-card">
      <div class="auth-logo"><${Logo} size=${44} /></div>
      <h1 class="auth-title">${title}</h1>
      <p class="auth-tagline muted">${t('auth.tagline')}</p>
      ${children}
      <p class="auth-foot">${foot}</p>
    </section>
  </div>`;
}

export function Login({ next, query }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const target = safeNext(next || query?.get('next'));
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const tok = await Api.login(username.trim().replace(/^@/, ''), password);
      await signIn(tok.access_token);
      navigate(target, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<${AuthCard} title=${t('auth.loginTitle')}
      foot=${html`${t('auth.noAccount')} <${Link} href="/signup">${t('auth.signupLink')}<//>`}>
    <form class="form" onSubmit=${submit} aria-label=${t('auth.loginTitle')}>
      <label class="field"><span>${t('auth.username')}</span>
        <input name="username" autocomplete="username" required value=${username} onInput=${(e) => setUsername(e.target.value)} autocapitalize="off" spellcheck="false" />
      </label>
      <label class="field"><span>${t('auth.password')}</span>
        <input name="password" type="password" autocomplete="current-password" required value=${password} onInput=${(e) => setPassword(e.target.value)} />
      </label>
      <${ErrorNote} error=${error} context="login" />
      <button type="submit" class="btn btn-primary btn-block" disabled=${busy}>${busy ? t('auth.loggingIn') : t('auth.loginButton')}</button>
    </form>
  <//>`;
}

export function Signup() {
  const [f, setF] = useState({ username: '', display_name: '', password: '', email: '', kind: 'personal' });
  const [busy, setBusy] = useState(''); // '' | 'verify' (proof of work) | 'signup'
  const [error, setError] = useState(null);
  const [local, setLocal] = useState('');
  const field = (k) => (e) => setF({ ...f, [k]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    if (!HANDLE_RE.test(f.username)) { setLocal(t('auth.badHandle')); return; }
    if (new TextEncoder().encode(f.password).length < 8) { setLocal(t('auth.shortPassword')); return; }
    setLocal('');
    setBusy('verify');
    try {
      const body = { username: f.username, password: f.password, kind: f.kind };
      if (f.display_name.trim()) body.display_name = f.display_name.trim();
      if (f.email.trim()) body.email = f.email.trim();
      Object.assign(body, await proofOfWork());
      setBusy('signup');
      const tok = await Api.register(body);
      await signIn(tok.access_token);
      navigate('/', { replace: true });
    } catch (err) {
      setError(err);
      setBusy('');
    }
  };
  return html`<${AuthCard} title=${t('auth.signupTitle')}
      foot=${html`${t('auth.haveAccount')} <${Link} href="/login">${t('auth.loginLink')}<//>`}>
    <form class="form" onSubmit=${submit} aria-label=${t('auth.signupTitle')} novalidate>
      <label class="field"><span>${t('auth.username')}</span>
        <input name="username" autocomplete="username" required value=${f.username} onInput=${field('username')} autocapitalize="off" spellcheck="false" aria-describedby="handle-hint" />
        <small id="handle-hint" class="muted">${t('auth.handleHint')}</small>
      </label>
      <label class="field"><span>${t('auth.displayName')}</span>
        <input name="display_name" autocomplete="nickname" value=${f.display_name} onInput=${field('display_name')} maxlength="30" />
      </label>
      <label class="field"><span>${t('auth.password')}</span>
        <input name="password" type="password" autocomplete="new-password" required value=${f.password} onInput=${field('password')} aria-describedby="pw-hint" />
        <small id="pw-hint" class="muted">${t('auth.passwordHint')}</small>
      </label>
      <label class="field"><span>${t('auth.email')}</span>
        <input name="email" type="email" autocomplete="email" value=${f.email} onInput=${field('email')} />
      </label>
      <fieldset class="field radio-row">
        <legend>${t('auth.kind')}</legend>
        <label class="check"><input type="radio" name="kind" value="personal" checked=${f.kind === 'personal'} onChange=${field('kind')} /> ${t('kind.personal')}</label>
        <label class="check"><input type="radio" name="kind" value="enterprise" checked=${f.kind === 'enterprise'} onChange=${field('kind')} /> ${t('kind.enterprise')}</label>
      </fieldset>
      ${local ? html`<div class="error-note" role="alert">${local}</div>` : null}
      <${ErrorNote} error=${error} context="signup" />
      ${busy === 'verify' ? html`<p class="muted small verify-note" role="status">${t('auth.verifyingNote')}</p>` : null}
      <button type="submit" class="btn btn-primary btn-block" disabled=${!!busy}>${busy === 'verify' ? t('auth.verifying') : busy ? t('auth.signingUp') : t('auth.signupButton')}</button>
    </form>
  <//>`;
}

// The anti-bot challenge of POST /api/v1/accounts: {challenge, nonce} to send along, or nothing
// when this server asks for none (no challenge endpoint).
async function proofOfWork() {
  let ch;
  try {
    ch = await Api.challenge();
  } catch (err) {
    if (err.status === 404 || err.status === 405 || err.status === 501) return {};
    throw err;
  }
  if (!ch?.challenge) return {};
  return { challenge: ch.challenge, nonce: await solveChallenge(ch) };
}
