// The local OpenID Connect provider of the local stack (npm oidc-provider, pinned in package.json), started by
// scripts/stack.sh on 127.0.0.1 only. Its users, their roles and areas are in ONE file, stack/oidc-users.json.
//
//   node stack/oidc/provider.mjs [--config stack/oidc-users.json] [--state .local]
//
// What it offers (docs/security.md):
// - the page's sign-in: authorization code + PKCE for the public client `cadre-web` (loopback redirect URIs on any
//   port, as RFC 8252 allows for native clients), on its own login form (/interaction/{uid});
// - JWT access tokens for the API (audience `api://cadre-pipeline`, RS256, signed with a key generated on first start
//   in {state}/oidc/jwks.json), with the claims sub, roles, area, groups; never a name;
// - a dev-only grant for scripts and tests (`./cadre token`): grant_type urn:cadre:params:oauth:grant-type:dev-token
//   with user=NAME, or role=ROLE and area=CODE, for the public client `cadre-cli`. It exists only in this provider.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Provider, { errors } from 'oidc-provider';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf('--' + name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const configPath = resolve(arg('config', join(here, '..', 'oidc-users.json')));
const stateDir = resolve(arg('state', process.env.CADRE_STATE_DIR || join(here, '..', '..', '.local')));
const config = JSON.parse(readFileSync(configPath, 'utf8'));
const port = Number(process.env.CADRE_OIDC_PORT || config.port);
const issuer = `http://127.0.0.1:${port}`;
const DEV_GRANT = 'urn:cadre:params:oauth:grant-type:dev-token';

// ---- the signing key: generated once, kept in the state folder (git-ignored), public part served as JWKS ----------
function signingKeys() {
  const file = join(stateDir, 'oidc', 'jwks.json');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'local-' + randomBytes(6).toString('hex'), alg: 'RS256', use: 'sig' };
    writeFileSync(file, JSON.stringify({ keys: [jwk] }, null, 2), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

// ---- accounts: the users of the file, and synthetic ones the dev grant makes for a role and an area ----------------
const users = config.users;
const synthetic = new Map();

function accountOf(sub) {
  const user = users.find((u) => u.sub === sub);
  if (user) return user;
  return synthetic.get(sub);
}

function tokenClaims(account) {
  const claims = { roles: account.roles || [] };
  if (account.area) claims.area = account.area;
  if (account.groups) claims.groups = account.groups;
  return claims;
}

const html = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const page = (title, body) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title><style>body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1.2rem}.error{color:#b00020}.hint{color:#555;font-size:.9em}</style></head>
<body>${body}</body></html>`;

const loginForm = (uid, error, username) => page('登录 Sign in · 本地身份提供方', `
<h1>本地身份提供方 Local identity provider</h1>
<p class="hint">仅供本机开发和测试使用。用户见 stack/oidc-users.json。<br>For local development and tests only; users are in stack/oidc-users.json.</p>
${error ? `<p id="login-error" class="error" role="alert">${html(error)}</p>` : ''}
<form id="login-form" method="post" action="/interaction/${html(uid)}/login" autocomplete="off">
  <label for="username">用户名 User name</label><input id="username" name="username" required value="${html(username || '')}">
  <label for="password">密码 Password</label><input id="password" name="password" type="password" required>
  <button id="sign-in" type="submit">登录 Sign in</button>
</form>`);

// ---- the provider ---------------------------------------------------------------------------------------------
const apiResource = {
  scope: config.apiScope,
  audience: config.audience,
  accessTokenTTL: 3600,
  accessTokenFormat: 'jwt',
  jwt: { sign: { alg: 'RS256' } },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.clients.page,
      application_type: 'native', // loopback redirect URIs match on any port (RFC 8252 §7.3): `cadre serve --port 0`
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: ['http://127.0.0.1/', 'http://localhost/', 'http://127.0.0.1/api/ui/', 'http://localhost/api/ui/'],
      post_logout_redirect_uris: ['http://127.0.0.1/', 'http://localhost/', 'http://127.0.0.1/api/ui/', 'http://localhost/api/ui/'],
    },
    {
      client_id: config.clients.cli,
      token_endpoint_auth_method: 'none',
      grant_types: [DEV_GRANT],
      response_types: [],
      redirect_uris: [],
    },
  ],
  jwks: signingKeys(),
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], profile: ['name', 'roles', 'area', 'groups'] },
  conformIdTokenClaims: false, // the page reads name and roles from the ID token
  scopes: ['openid', 'profile', config.apiScope],
  pkce: { required: () => true },
  clientBasedCORS: (ctx, origin) => {
    const u = URL.parse(origin);
    return !!u && u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  },
  findAccount: async (ctx, sub) => {
    const account = accountOf(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, name: account.name, ...tokenClaims(account) }) };
  },
  extraTokenClaims: async (ctx, token) => {
    if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
    const account = accountOf(token.accountId);
    return account ? tokenClaims(account) : undefined;
  },
  // A first-party app: no consent screen. The grant covers the ID token and the API.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    grant.addResourceScope(config.audience, config.apiScope);
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('退出 Sign out', `<h1>退出登录 Sign out</h1>${form}
<button id="logout-confirm" type="submit" form="op.logoutForm" value="yes" name="logout">退出 Sign out</button>
<button id="logout-cancel" type="submit" form="op.logoutForm">取消 Stay signed in</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('已退出 Signed out', '<h1 id="signed-out">已退出 Signed out</h1>');
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => config.audience,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (ctx, indicator) => {
        if (indicator !== config.audience) throw new errors.InvalidTarget();
        return apiResource;
      },
    },
  },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 600,
    Session: 8 * 3600,
    Grant: 8 * 3600,
  },
});

// ---- the dev-only grant: `./cadre token --user NAME` or `--role ROLE --area CODE` ---------------------------------
provider.registerGrantType(DEV_GRANT, async (ctx) => {
  const { user: name, role, area } = ctx.oidc.params;
  let sub;
  if (name) {
    const user = users.find((u) => u.username === name);
    if (!user) throw new errors.InvalidRequest(`no local user ${name} in stack/oidc-users.json`);
    sub = user.sub;
  } else if (role) {
    // The first user of the file with that role and area, else a synthetic one (stable per role and area).
    const match = users.find((u) => (u.roles || []).includes(role) && (area ? u.area === area : !u.area && !u.groups));
    if (match) {
      sub = match.sub;
    } else {
      sub = `local-synthetic-${role}-${area || 'no-area'}`;
      synthetic.set(sub, { sub, roles: [role], area: area || undefined });
    }
  } else {
    throw new errors.InvalidRequest('give user, or role (and area)');
  }

  const token = new provider.AccessToken({ accountId: sub, client: ctx.oidc.client, gty: 'dev-token', scope: config.apiScope });
  token.resourceServer = new provider.ResourceServer(config.audience, apiResource);
  const value = await token.save();
  ctx.body = { access_token: value, token_type: 'Bearer', expires_in: token.expiration, scope: config.apiScope };
}, ['user', 'role', 'area']);

provider.on('server_error', (ctx, err) => console.error('server_error', err));

// ---- the login form, then everything else to the provider ----------------------------------------------------------
async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 16384) break;
  }
  return new URLSearchParams(body);
}

const callback = provider.callback();
const server = createServer(async (req, res) => {
  const url = new URL(req.url, issuer);
  const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
  if (!m) {
    callback(req, res);
    return;
  }

  try {
    const details = await provider.interactionDetails(req, res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    if (details.prompt.name === 'consent') {
      // A first-party app: consent is given for it, with exactly the scopes it asked for (a native client, which the
      // page is registered as for its loopback redirect URIs, always gets this prompt).
      const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
      if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
      if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missingResourceScopes || {})) grant.addResourceScope(indicator, scopes.join(' '));
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      return;
    }
    if (details.prompt.name !== 'login') {
      throw new Error(`unexpected prompt ${details.prompt.name}`);
    }
    if (req.method === 'GET') {
      res.end(loginForm(details.uid));
      return;
    }
    const form = await readForm(req);
    const user = users.find((u) => u.username === form.get('username') && u.password === form.get('password'));
    if (!user) {
      res.end(loginForm(details.uid, '用户名或密码错误 Wrong user name or password', form.get('username')));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
  } catch (e) {
    res.statusCode = 400;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end(`登录请求无效，请回到页面重新登录 / The sign-in request is no longer valid; start again from the page (${e.message})`);
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider: ${issuer} (users from ${configPath}, key in ${join(stateDir, 'oidc', 'jwks.json')})`);
});
