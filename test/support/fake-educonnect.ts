import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import * as samlify from 'samlify';
import * as validator from '@authenio/samlify-node-xmllint';

samlify.setSchemaValidator(validator);

const FIXTURES = path.join(import.meta.dirname, '../fixtures/school');
/** Test-only keys, checked in beside the AAF fixtures: never used outside tests and the benchmark. */
export const TEST_SAML_KEYS = {
  idpKey: readFileSync(path.join(FIXTURES, 'idp-test-key.pem'), 'utf8'),
  idpCert: readFileSync(path.join(FIXTURES, 'idp-test-cert.pem'), 'utf8'),
  spKey: readFileSync(path.join(FIXTURES, 'sp-test-key.pem'), 'utf8'),
  spCert: readFileSync(path.join(FIXTURES, 'sp-test-cert.pem'), 'utf8'),
  idpCertPath: path.join(FIXTURES, 'idp-test-cert.pem'),
  spKeyPath: path.join(FIXTURES, 'sp-test-key.pem'),
  spCertPath: path.join(FIXTURES, 'sp-test-cert.pem'),
};

/** A person as EduConnect describes them (the attribute names are its OIDs, research/ent.md §4.1). */
export type EduConnectPerson = {
  id: string;
  lastName: string;
  firstName: string;
  affiliation: 'eleve1d' | 'eleve2d' | 'resp1d' | 'resp2d';
  /** FrEduCtRefId values, e.g. `{AAF}10|…|<jointure>`. */
  refIds: string[];
  birthDate?: string;
  uai?: string;
};

const OID = 'urn:oid:1.3.6.1.4.1.20326.10.999.1.';
const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function attribute(name: string, values: string[]): string {
  const body = values
    .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escape(v)}</saml:AttributeValue>`)
    .join('');
  return `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${body}</saml:Attribute>`;
}

/**
 * A fake EduConnect: a real HTTP server speaking SAML 2.0 with samlify (HTTP-Redirect in, HTTP-POST out), checking
 * our signed requests and answering with signed, encrypted assertions carrying EduConnect's attributes.
 */
export class FakeEduConnect {
  readonly entityId: string;
  private server: Server | null = null;
  private nextPerson: EduConnectPerson | null = null;
  private idp!: samlify.IdentityProviderInstance;
  private sp!: samlify.ServiceProviderInstance;
  port = 0;

  /** `keys`: an impostor signs with a key EduConnect's certificate does not match. */
  constructor(
    private readonly keys: { key: string; cert: string } = { key: TEST_SAML_KEYS.idpKey, cert: TEST_SAML_KEYS.idpCert },
  ) {
    this.entityId = 'https://educonnect.test/idp/shibboleth';
  }

  get ssoUrl(): string {
    return `http://127.0.0.1:${this.port}/idp/profile/SAML2/Redirect/SSO`;
  }

  /** Environment for the application under test. */
  env(): Record<string, string> {
    return {
      EDUCONNECT_IDP_ENTITY_ID: this.entityId,
      EDUCONNECT_IDP_SSO_URL: this.ssoUrl,
      EDUCONNECT_IDP_CERT_FILE: TEST_SAML_KEYS.idpCertPath,
      EDUCONNECT_SP_KEY_FILE: TEST_SAML_KEYS.spKeyPath,
      EDUCONNECT_SP_CERT_FILE: TEST_SAML_KEYS.spCertPath,
    };
  }

  async start(publicUrl: string): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req.url ?? '/', res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    this.idp = samlify.IdentityProvider({
      entityID: this.entityId,
      privateKey: this.keys.key,
      signingCert: this.keys.cert,
      singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: this.ssoUrl }],
      singleLogoutService: [
        { Binding: samlify.Constants.namespace.binding.redirect, Location: this.ssoUrl.replace('SSO', 'SLO') },
      ],
      isAssertionEncrypted: true,
      wantAuthnRequestsSigned: true,
      nameIDFormat: ['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
    });
    this.sp = samlify.ServiceProvider({
      entityID: `${publicUrl}/ecole/educonnect/metadonnees`,
      assertionConsumerService: [
        { Binding: samlify.Constants.namespace.binding.post, Location: `${publicUrl}/ecole/educonnect/acs` },
      ],
      authnRequestsSigned: true,
      wantAssertionsSigned: true,
      isAssertionEncrypted: true,
      signingCert: TEST_SAML_KEYS.spCert,
      encryptCert: TEST_SAML_KEYS.spCert,
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Who the next login at the IdP will be (the person "types their password" at EduConnect). */
  signInAs(person: EduConnectPerson): void {
    this.nextPerson = person;
  }

  /** A signed, encrypted response for a person, as EduConnect posts it (unsolicited when no request id). */
  async mintResponse(person: EduConnectPerson, inResponseTo = ''): Promise<string> {
    const attributes = [
      attribute('urn:oid:2.5.4.4', [person.lastName]),
      attribute('urn:oid:2.5.4.42', [person.firstName]),
      attribute(`${OID}7`, [person.affiliation]),
      attribute(`${OID}57`, [person.id]),
      attribute(`${OID}6`, [new Date().toISOString()]),
      ...(person.birthDate ? [attribute(`${OID}67`, [person.birthDate])] : []),
      ...(person.uai ? [attribute(`${OID}72`, [person.uai])] : []),
      attribute('FrEduCtRefId', person.refIds),
    ].join('');
    const idp = this.idp;
    const sp = this.sp;
    const context = await idp.createLoginResponse(
      sp,
      { extract: { request: { id: inResponseTo } } },
      'post',
      {},
      {
        customTagReplacement: (template: string) => {
          const now = new Date();
          const later = new Date(now.getTime() + 5 * 60_000);
          const id = `_${randomUUID()}`;
          const assertionId = `_${randomUUID()}`;
          const acs = `${sp.entityMeta.getAssertionConsumerService('post')}`;
          const values: Record<string, string> = {
            ID: id,
            AssertionID: assertionId,
            Destination: acs,
            Audience: sp.entityMeta.getEntityID(),
            SubjectRecipient: acs,
            Issuer: this.entityId,
            IssueInstant: now.toISOString(),
            StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
            ConditionsNotBefore: now.toISOString(),
            ConditionsNotOnOrAfter: later.toISOString(),
            SubjectConfirmationDataNotOnOrAfter: later.toISOString(),
            NameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
            NameID: escape(person.id),
            InResponseTo: escape(inResponseTo),
            AuthnStatement: `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
            AttributeStatement: `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>`,
          };
          let context = template.replace(/\{(\w+)\}/g, (_, tag: string) => values[tag] ?? '');
          if (!inResponseTo) context = context.replace(/ InResponseTo=""/g, '');
          return { id, context };
        },
      },
    );
    return (context as { context: string }).context;
  }

  private async handle(url: string, res: ServerResponse): Promise<void> {
    try {
      const parsed = new URL(url, 'http://127.0.0.1');
      if (parsed.pathname !== '/idp/profile/SAML2/Redirect/SSO' || !this.nextPerson) {
        res.writeHead(404).end();
        return;
      }
      const query = Object.fromEntries(parsed.searchParams);
      const request = await this.idp.parseLoginRequest(this.sp, 'redirect', {
        query,
        octetString:
          url
            .split('?')[1]
            ?.split('&')
            .filter((p) => !p.startsWith('Signature='))
            .join('&') ?? '',
      });
      const requestId = String((request.extract as { request?: { id?: string } }).request?.id ?? '');
      const samlResponse = await this.mintResponse(this.nextPerson, requestId);
      const relay = parsed.searchParams.get('RelayState') ?? '';
      const acs = this.sp.entityMeta.getAssertionConsumerService('post');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><form method="post" action="${escape(String(acs))}"><input type="hidden" name="SAMLResponse" value="${escape(samlResponse)}"><input type="hidden" name="RelayState" value="${escape(relay)}"><button>Continuer</button></form>`,
      );
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
    }
  }
}
