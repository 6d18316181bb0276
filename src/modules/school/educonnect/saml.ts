import * as validator from '@authenio/samlify-node-xmllint';
import * as samlify from 'samlify';

// samlify refuses to parse anything until a schema validator is set: the XML schema check is what stops a response
// wrapped around a second, unsigned assertion.
samlify.setSchemaValidator(validator);

/** EduConnect as the platform sees it: its entity, where it signs people in, and the certificate it signs with. */
export type EduConnectSettings = {
  idpEntityId: string;
  idpSsoUrl: string;
  idpCertificate: string;
  /** Our key: it signs our requests and opens the assertions EduConnect encrypts for us. */
  spPrivateKey: string;
  spCertificate: string;
};

export type SamlEntities = { sp: samlify.ServiceProviderInstance; idp: samlify.IdentityProviderInstance };

const POST = samlify.Constants.namespace.binding.post;
const REDIRECT = samlify.Constants.namespace.binding.redirect;

/** Our service provider and EduConnect, as samlify entities, for one public address. */
export function samlEntities(settings: EduConnectSettings, publicUrl: string): SamlEntities {
  const sp = samlify.ServiceProvider({
    entityID: `${publicUrl}/ecole/educonnect/metadonnees`,
    assertionConsumerService: [{ Binding: POST, Location: `${publicUrl}/ecole/educonnect/acs` }],
    singleLogoutService: [{ Binding: REDIRECT, Location: `${publicUrl}/deconnexion` }],
    authnRequestsSigned: true,
    wantAssertionsSigned: true,
    isAssertionEncrypted: true,
    privateKey: settings.spPrivateKey,
    signingCert: settings.spCertificate,
    encPrivateKey: settings.spPrivateKey,
    encryptCert: settings.spCertificate,
    nameIDFormat: ['urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
    // A response's validity window is a few minutes; a little drift between clocks is tolerated.
    clockDrifts: [-60_000, 60_000],
  });
  const idp = samlify.IdentityProvider({
    entityID: settings.idpEntityId,
    singleSignOnService: [{ Binding: REDIRECT, Location: settings.idpSsoUrl }],
    signingCert: settings.idpCertificate,
    singleLogoutService: [{ Binding: REDIRECT, Location: settings.idpSsoUrl }],
    wantAuthnRequestsSigned: true,
    isAssertionEncrypted: true,
  });
  return { sp, idp };
}

/** Where to send the browser to ask EduConnect to sign someone in (HTTP-Redirect binding, signed request). */
export function loginRedirectUrl(entities: SamlEntities, relayState: string): { url: string; requestId: string } {
  const { context, id } = entities.sp.createLoginRequest(entities.idp, 'redirect', { relayState });
  return { url: context, requestId: id };
}

/** The attributes of a verified response, each by its name, every value kept (FrEduCtRefId is multi-valued). */
export type VerifiedResponse = {
  assertionId: string;
  nameId: string;
  attributes: Record<string, string[]>;
};

/**
 * Checks a SAMLResponse posted to our ACS: schema, EduConnect's signature, our decryption, audience, destination and
 * validity window. Anything wrong throws; the caller answers one French refusal whatever the cause.
 */
export async function verifyLoginResponse(entities: SamlEntities, samlResponse: string): Promise<VerifiedResponse> {
  const result = await entities.sp.parseLoginResponse(entities.idp, 'post', { body: { SAMLResponse: samlResponse } });
  const extract = result.extract as {
    nameID?: unknown;
    attributes?: Record<string, unknown>;
    sessionIndex?: { authnInstant?: unknown; sessionIndex?: unknown };
    response?: { destination?: unknown };
    issuer?: unknown;
  };
  // samlify checks the signature, the audience and the validity window, not where the response was meant to go nor
  // who says they issued it: a response made for another service provider must not open a session here.
  const acs = entities.sp.entityMeta.getAssertionConsumerService('post');
  if (extract.response?.destination !== acs) throw new Error('ERR_WRONG_DESTINATION');
  const issuers = Array.isArray(extract.issuer) ? extract.issuer : [extract.issuer];
  if (!issuers.every((i) => i === entities.idp.entityMeta.getEntityID())) throw new Error('ERR_WRONG_ISSUER');
  const attributes: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(extract.attributes ?? {})) {
    attributes[name] = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  }
  const nameId = typeof extract.nameID === 'string' ? extract.nameID : '';
  // The response's own ID is outside the signed assertion: the replay key is made of what the signature covers.
  const signedKey = [nameId, extract.sessionIndex?.sessionIndex, extract.sessionIndex?.authnInstant]
    .map(String)
    .join('|');
  return { assertionId: signedKey, nameId, attributes };
}

/** Our metadata, to send EduConnect when registering the platform. */
export function serviceProviderMetadata(entities: SamlEntities): string {
  return entities.sp.getMetadata();
}
