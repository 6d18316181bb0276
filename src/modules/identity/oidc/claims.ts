/**
 * What a relying party may ask for: scopes, the claims each scope carries (FranceConnect's names where they exist,
 * so a commune portal reads the same claims from us as from FranceConnect), and how the consent page names them.
 */

/** Authentication context classes we report (acr) and accept in `acr_values`. */
export const ACR = {
  password: 'urn:grandlyon:connect:loa:password',
  mfa: 'urn:grandlyon:connect:loa:mfa',
  franceConnect: 'eidas1',
} as const;

/** The six civil-status fields FranceConnect certifies ("identité pivot"). */
export const PIVOT_ATTRIBUTES = [
  'given_name',
  'family_name',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
] as const;
export type PivotAttribute = (typeof PIVOT_ATTRIBUTES)[number];

/** Attributes of the identity record, each released only with its own consent. */
export const ATTRIBUTES = [
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'birthdate',
  'gender',
  'birthplace',
  'birthcountry',
  'email',
  'phone_number',
  'address',
  'identity_certification',
] as const;
export type Attribute = (typeof ATTRIBUTES)[number];

export const ATTRIBUTE_LABELS: Record<Attribute, string> = {
  name: 'Nom affiché',
  given_name: 'Prénoms',
  family_name: 'Nom de naissance',
  preferred_username: "Nom d'usage",
  birthdate: 'Date de naissance',
  gender: 'Sexe',
  birthplace: 'Commune de naissance (code INSEE)',
  birthcountry: 'Pays de naissance (code INSEE)',
  email: 'Adresse électronique',
  phone_number: 'Numéro de téléphone',
  address: 'Adresse postale',
  identity_certification: 'Certification de votre identité par FranceConnect',
};

/** The claims an attribute is released as (the e-mail goes with whether it was verified). */
export const CLAIMS_OF_ATTRIBUTE: Record<Attribute, string[]> = {
  name: ['name'],
  given_name: ['given_name'],
  family_name: ['family_name'],
  preferred_username: ['preferred_username'],
  birthdate: ['birthdate'],
  gender: ['gender'],
  birthplace: ['birthplace'],
  birthcountry: ['birthcountry'],
  email: ['email', 'email_verified'],
  phone_number: ['phone_number'],
  address: ['address'],
  identity_certification: ['identity_certification'],
};

/** Scope → attributes (oidc-provider's `claims` configuration is derived from this). */
export const SCOPE_ATTRIBUTES: Record<string, Attribute[]> = {
  openid: [],
  offline_access: [],
  profile: ['name', 'given_name', 'family_name', 'preferred_username', 'birthdate', 'gender'],
  birth: ['birthplace', 'birthcountry'],
  identite_pivot: ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'],
  email: ['email'],
  phone: ['phone_number'],
  address: ['address'],
  certification: ['identity_certification'],
};

export const SCOPE_LABELS: Record<string, string> = {
  openid: 'Identifiant de connexion (toujours)',
  profile: 'Profil : nom affiché, prénoms, noms, date de naissance, sexe',
  birth: 'Lieu de naissance : commune et pays',
  identite_pivot: 'Identité pivot FranceConnect (les six champs d’état civil)',
  email: 'Adresse électronique',
  phone: 'Numéro de téléphone',
  address: 'Adresse postale',
  certification: 'Certification de l’identité par FranceConnect',
  offline_access: 'Accès prolongé (jeton de rafraîchissement)',
};

/** Scopes a commune may choose for its portal. */
export const CLIENT_SCOPES = [
  'profile',
  'birth',
  'identite_pivot',
  'email',
  'phone',
  'address',
  'certification',
  'offline_access',
] as const;

/** Scopes of the identity service's own APIs, for clients using the client-credentials grant. */
export const SERVICE_API_SCOPES = ['identity:deleted_accounts', 'identity:keepalive'];

export function oidcClaimsConfiguration(): Record<string, string[] | null> {
  // How the person authenticated (pwd, otp, fc…) may be asked for with the claims parameter.
  const config: Record<string, string[] | null> = { amr: null };
  for (const [scope, attributes] of Object.entries(SCOPE_ATTRIBUTES)) {
    config[scope] = attributes.flatMap((a) => CLAIMS_OF_ATTRIBUTE[a]);
  }
  return config;
}

export function attributeOfClaim(claim: string): Attribute | undefined {
  return ATTRIBUTES.find((a) => CLAIMS_OF_ATTRIBUTE[a].includes(claim));
}

/** The attributes a request asks for: from its scopes and from its `claims` parameter, in catalogue order. */
export function requestedAttributes(scopes: string[], extraClaims: string[]): Attribute[] {
  const wanted = new Set<Attribute>();
  for (const scope of scopes) for (const a of SCOPE_ATTRIBUTES[scope] ?? []) wanted.add(a);
  for (const claim of extraClaims) {
    const attribute = attributeOfClaim(claim);
    if (attribute) wanted.add(attribute);
  }
  return ATTRIBUTES.filter((a) => wanted.has(a));
}
