import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOidc } from 'oidc-provider';

export interface TestAccount {
  subject: string;
  email: string;
  name: string;
  roles: string[];
  emailVerified?: boolean;
}

export interface OidcTestProvider {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** The account the next login signs in as (the login interaction completes on its own). */
  signInAs(account: TestAccount): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 with a random port, one confidential client,
 * PKCE required, and a login interaction that signs in the chosen test account without a form.
 * Roles travel in a `roles` claim of the openid scope, so they come with every sign-in.
 */
export async function startOidcTestProvider(redirectUri: string): Promise<OidcTestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'mobiles-rathaus';
  const clientSecret = randomBytes(24).toString('base64url');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const accounts = new Map<string, TestAccount>();
  let nextAccount: TestAccount | undefined;

  const provider = new Provider(issuerUrl, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, use: 'sig', kid: 'test-key', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: { openid: ['sub', 'roles'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, subject: string) => {
      const account = accounts.get(subject);
      if (!account) return undefined;
      return {
        accountId: subject,
        claims: async () => ({
          sub: subject,
          email: account.email,
          email_verified: account.emailVerified ?? true,
          name: account.name,
          roles: account.roles,
        }),
      };
    },
    // A first-party client: consent is given by the municipality, not asked of each person.
    loadExistingGrant: async (ctx: KoaContextWithOidc) => {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client!.clientId,
        accountId: oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();
  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return handle(req, res);
    void (async () => {
      try {
        const interaction = await provider.interactionDetails(req, res);
        if (interaction.prompt.name !== 'login' || !nextAccount) {
          res.statusCode = 400;
          res.end(`test provider cannot answer the ${interaction.prompt.name} prompt`);
          return;
        }
        accounts.set(nextAccount.subject, nextAccount);
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: nextAccount.subject } },
          { mergeWithLastSubmission: false },
        );
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      }
    })();
  });

  return {
    issuerUrl,
    clientId,
    clientSecret,
    signInAs(account) {
      nextAccount = account;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Follows the provider's redirects with a cookie jar until it sends the browser back to `redirectUri`. */
export async function followProviderUntilCallback(
  authorizationUrl: string,
  redirectUri: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 10; hop += 1) {
    if (url.href.startsWith(redirectUri)) return url;
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value && !/expires=Thu, 01 Jan 1970/i.test(header)) jar.set(name, value);
      else jar.delete(name);
    }
    const location = response.headers.get('location');
    await response.arrayBuffer();
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`the identity provider answered ${response.status} at ${url.pathname}`);
    }
    url = new URL(location, url);
  }
  throw new Error('too many redirects at the identity provider');
}
