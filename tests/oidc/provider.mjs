// A real OpenID Connect provider on loopback for the tests (panva's certified `oidc-provider`, pinned in
// package.json), started and stopped by tests/oidc/conftest.py. Run: `node tests/oidc/provider.mjs`.
//
// Environment (all set by the fixture):
//   OIDC_TEST_PORT      the port on 127.0.0.1; the issuer is http://127.0.0.1:<port>
//   OIDC_TEST_KEYS      a file holding {"keys": [private JWKs]}: the first RS256 key signs, every key is
//                       published in the JWKS (rotation = restart with a new key first and the old one after it)
//   OIDC_TEST_ACCOUNTS  a file holding {"<login>": {claims}}: the dev log-in form accepts any password
//   OIDC_TEST_CLIENTS   a file holding [client metadata]: the platform, and another relying party
//
// It is the provider the platform meets in production in every way that the tests check: discovery, the
// authorisation code flow with PKCE required (S256), nonce echoed, codes usable once, ID tokens signed with the
// published keys, tokens bound to the client that asked for them. Only the log-in and consent pages are the
// library's development pages, and consent is granted for the scopes asked (a first-party provider).
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const issuer = `http://127.0.0.1:${port}`;
const read = (name) => JSON.parse(readFileSync(process.env[name], 'utf8'));
const jwks = read('OIDC_TEST_KEYS');
const accounts = read('OIDC_TEST_ACCOUNTS');
const clients = read('OIDC_TEST_CLIENTS');

const configuration = {
  clients,
  jwks,
  cookies: { keys: ['test-only-cookie-key-0123456789abcdef'] },
  scopes: ['openid', 'profile', 'phone', 'national_id'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'birthdate'],
    phone: ['phone_number', 'phone_number_verified'],
    national_id: ['national_id'],
  },
  // Every claim of the scopes granted goes into the ID token (the platform reads the signed token).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  ttl: { AuthorizationCode: 120, IdToken: 300, AccessToken: 300, Interaction: 600, Session: 3600, Grant: 3600 },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!doctype html><title>error</title><pre id="error">${out.error}: ${out.error_description}</pre>`;
  },
};

const provider = new Provider(issuer, configuration);
// The fixture's live server and Django's test client use ports chosen at run time: any loopback or
// `testserver` address on the platform's callback path is accepted for redirect_uri (exact everywhere else).
const callbackPath = /^\/(?:[a-z]{2}\/)?accounts\/oidc\/[a-z0-9_-]+\/login\/callback\/$/;
const allowed = provider.Client.prototype.redirectUriAllowed;
provider.Client.prototype.redirectUriAllowed = function redirectUriAllowed(value) {
  try {
    const url = new URL(value);
    if (['127.0.0.1', 'localhost', 'testserver'].includes(url.hostname) && callbackPath.test(url.pathname)) {
      return true;
    }
  } catch { /* not a URL */ }
  return allowed.call(this, value);
};

const server = provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
