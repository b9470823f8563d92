import * as client from 'openid-client';
import type { OidcConfig } from '../../config.ts';
import { isStaffRole, rolesByPrivilege, type StaffRole } from './roles.ts';

/** What the login keeps in its short-lived signed cookie until the provider sends the person back. */
export interface OidcLoginState {
  codeVerifier: string;
  state: string;
  nonce: string;
  municipalityId: string;
}

export interface OidcIdentity {
  subject: string;
  email: string | undefined;
  emailVerified: boolean | undefined;
  name: string | undefined;
  role: StaffRole | undefined;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The claim by its exact name (`https://…/roles` is one claim), else by a dotted path (`realm_access.roles`). */
function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Maps the role claim (one value, a list, or a space-separated string) to our most privileged role in it. */
export function roleFromClaim(value: unknown): StaffRole | undefined {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  const named = new Set(values.filter(isStaffRole));
  return rolesByPrivilege.find((role) => named.has(role));
}

export class OidcClient {
  #configuration: Promise<client.Configuration> | undefined;

  constructor(private readonly config: OidcConfig) {}

  private configuration(): Promise<client.Configuration> {
    const issuer = new URL(this.config.issuerUrl);
    // Plain http only for a provider on this machine (development and tests).
    const insecure = issuer.protocol === 'http:' && loopbackHosts.has(issuer.hostname);
    this.#configuration ??= client
      .discovery(
        issuer,
        this.config.clientId,
        this.config.clientSecret,
        this.config.clientSecret ? undefined : client.None(),
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        this.#configuration = undefined; // try again with the next login
        throw error;
      });
    return this.#configuration;
  }

  /** Where to send the person to sign in, with PKCE, state and nonce. */
  async startLogin(municipalityId: string): Promise<{ url: URL; loginState: OidcLoginState }> {
    const configuration = await this.configuration();
    const loginState: OidcLoginState = {
      codeVerifier: client.randomPKCECodeVerifier(),
      state: client.randomState(),
      nonce: client.randomNonce(),
      municipalityId,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.config.redirectUrl,
      scope: this.config.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(loginState.codeVerifier),
      code_challenge_method: 'S256',
      state: loginState.state,
      nonce: loginState.nonce,
    });
    return { url, loginState };
  }

  /** Exchanges the code the provider sent back; checks state, nonce, PKCE and the ID token. */
  async finishLogin(callbackQuery: string, loginState: OidcLoginState): Promise<OidcIdentity> {
    const configuration = await this.configuration();
    const callbackUrl = new URL(this.config.redirectUrl);
    callbackUrl.search = callbackQuery;
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: loginState.codeVerifier,
      expectedState: loginState.state,
      expectedNonce: loginState.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('the identity provider sent no ID token');
    // Many providers put e-mail, name and roles only into the userinfo answer.
    const userInfo = configuration.serverMetadata().userinfo_endpoint
      ? await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)
      : {};
    const claims: Record<string, unknown> = { ...userInfo, ...idClaims };
    const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
    return {
      subject: idClaims.sub,
      email: text(claims.email),
      emailVerified: typeof claims.email_verified === 'boolean' ? claims.email_verified : undefined,
      name: text(claims.name),
      role: roleFromClaim(claimAt(claims, this.config.roleClaim)),
    };
  }
}
