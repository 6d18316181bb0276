import type { EServiceSettingsInput, PublishEServiceOptions } from '../../catalogue/index.ts';
import type { FormDefinitionInput } from '../../forms/index.ts';

/** The demo e-services, as data: a mutualised report, one metropolis service, Givors's civil status. */
type DemoService = Omit<PublishEServiceOptions, 'provider' | 'actor'> & { providerSlug: string };

const METROPOLE_ROADS = {
  name: 'Direction de la voirie',
  email: 'voirie@grandlyon.example.org',
  phone: '04 78 00 00 01',
  postalAddress: '20 rue du Lac, 69003 Lyon',
};
const METROPOLE_CLEANING = {
  name: 'Direction de la propreté',
  email: 'proprete@grandlyon.example.org',
  phone: '04 78 00 00 02',
  postalAddress: '20 rue du Lac, 69003 Lyon',
};

const reportForm: FormDefinitionInput = {
  title: 'Le problème',
  fields: [
    {
      type: 'choice',
      key: 'categorie',
      label: 'De quel problème s’agit-il ?',
      options: [
        { value: 'nid-de-poule', label: 'Nid de poule ou chaussée abîmée' },
        { value: 'trottoir', label: 'Trottoir abîmé ou encombré' },
        {
          value: 'eclairage',
          label: 'Éclairage public en panne',
          hint: 'Lampadaire éteint, qui clignote ou reste allumé le jour',
        },
        { value: 'tag', label: 'Tag ou graffiti' },
        { value: 'depot-sauvage', label: 'Dépôt sauvage de déchets' },
        { value: 'espace-vert', label: 'Arbre, parc ou espace vert communal' },
        { value: 'autre', label: 'Autre problème' },
      ],
    },
    {
      type: 'textarea',
      key: 'description',
      label: 'Décrivez le problème',
      hint: 'Ce que vous avez vu, depuis quand, s’il présente un danger.',
      maxLength: 2000,
    },
    { type: 'file', key: 'photo', label: 'Photo du problème', required: false, accept: ['image'] },
    { type: 'pageBreak', key: 'page_lieu', title: 'Le lieu' },
    {
      type: 'explanation',
      key: 'aide_lieu',
      text: 'Le lieu indique quelle administration est compétente : votre commune ou la Métropole. Vous n’avez pas à la choisir, la plateforme lui transmet votre signalement.',
    },
    { type: 'mapPoint', key: 'lieu', label: 'Où se trouve le problème ?' },
    {
      type: 'text',
      key: 'repere',
      label: 'Repère',
      hint: 'Numéro et nom de la rue, commerce ou bâtiment proche.',
      required: false,
      maxLength: 200,
    },
  ],
};

const reportSettings: EServiceSettingsInput = {
  office: {
    name: 'Service de la relation usagers',
    email: 'toodego@grandlyon.example.org',
    phone: '04 78 00 00 00',
    postalAddress: '20 rue du Lac, 69003 Lyon',
  },
  legal: { kind: 'signalement' },
  routing: {
    mode: 'territorial',
    locationField: 'lieu',
    categoryField: 'categorie',
    rules: [
      {
        id: 'voirie',
        label: 'Voirie (chaussée et trottoirs)',
        categories: ['nid-de-poule', 'trottoir'],
        competence: 'metropole',
        office: METROPOLE_ROADS,
      },
      {
        id: 'proprete',
        label: 'Propreté (tags, dépôts sauvages)',
        categories: ['tag', 'depot-sauvage'],
        competence: 'metropole',
        office: METROPOLE_CLEANING,
      },
      { id: 'eclairage', label: 'Éclairage public', categories: ['eclairage'], competence: 'commune' },
      { id: 'espaces-verts', label: 'Espaces verts communaux', categories: ['espace-vert'], competence: 'commune' },
      { id: 'autre', label: 'Autre problème', categories: [], competence: 'metropole' },
    ],
  },
};

const compostForm: FormDefinitionInput = {
  title: 'Vous et votre logement',
  fields: [
    { type: 'text', key: 'nom', label: 'Nom et prénom', prefill: 'fullName', maxLength: 120 },
    { type: 'email', key: 'courriel', label: 'Adresse électronique', prefill: 'email' },
    { type: 'phone', key: 'telephone', label: 'Téléphone', required: false },
    {
      type: 'address',
      key: 'adresse',
      label: 'Adresse du logement',
      hint: 'Le composteur est livré à cette adresse.',
      prefill: 'address',
    },
    {
      type: 'choice',
      key: 'logement',
      label: 'Type de logement',
      options: [
        { value: 'maison', label: 'Maison avec jardin' },
        { value: 'appartement', label: 'Appartement (composteur partagé de résidence)' },
      ],
    },
    {
      type: 'number',
      key: 'surface_jardin',
      label: 'Surface du jardin',
      unit: 'm²',
      integer: true,
      min: 1,
      max: 100000,
      condition: { field: 'logement', equals: 'maison' },
    },
    { type: 'number', key: 'personnes', label: 'Nombre de personnes dans le foyer', integer: true, min: 1, max: 15 },
    { type: 'pageBreak', key: 'page_livraison', title: 'Livraison' },
    {
      type: 'date',
      key: 'date_souhaitee',
      label: 'Date de livraison souhaitée',
      hint: 'Nous vous proposerons la date la plus proche.',
      required: false,
      min: 'today',
    },
    {
      type: 'choices',
      key: 'creneaux',
      label: 'Créneaux où vous êtes disponible',
      options: [
        { value: 'matin', label: 'Le matin' },
        { value: 'apres-midi', label: "L'après-midi" },
        { value: 'samedi', label: 'Le samedi' },
      ],
    },
    {
      type: 'checkbox',
      key: 'engagement',
      label: 'Je m’engage à utiliser le composteur et à participer à une courte formation au compostage.',
    },
  ],
};

const civilStatusForm: FormDefinitionInput = {
  title: "L'acte demandé",
  fields: [
    {
      type: 'choice',
      key: 'type_acte',
      label: "Type d'acte",
      options: [
        { value: 'naissance', label: 'Acte de naissance' },
        { value: 'mariage', label: 'Acte de mariage' },
        { value: 'deces', label: 'Acte de décès' },
      ],
    },
    {
      type: 'choice',
      key: 'nature',
      label: 'Document souhaité',
      options: [
        { value: 'copie-integrale', label: 'Copie intégrale' },
        { value: 'extrait-filiation', label: 'Extrait avec filiation' },
        { value: 'extrait-sans-filiation', label: 'Extrait sans filiation' },
      ],
    },
    { type: 'number', key: 'exemplaires', label: "Nombre d'exemplaires", integer: true, min: 1, max: 5 },
    { type: 'pageBreak', key: 'page_personne', title: 'La personne concernée' },
    { type: 'text', key: 'nom_naissance', label: 'Nom de naissance', maxLength: 100 },
    { type: 'text', key: 'prenoms', label: 'Prénoms', maxLength: 150 },
    {
      type: 'date',
      key: 'date_evenement',
      label: "Date de l'événement",
      hint: 'Naissance, mariage ou décès, à Givors.',
      max: 'today',
    },
    {
      type: 'text',
      key: 'conjoint',
      label: "Nom et prénom de l'époux ou de l'épouse",
      maxLength: 150,
      condition: { field: 'type_acte', equals: 'mariage' },
    },
    {
      type: 'choice',
      key: 'lien',
      label: 'Vous êtes',
      options: [
        { value: 'moi-meme', label: 'La personne concernée' },
        { value: 'parent', label: 'Son père ou sa mère' },
        { value: 'enfant', label: 'Son enfant' },
        { value: 'conjoint', label: 'Son époux ou son épouse' },
        { value: 'autre', label: 'Autre (avocat, notaire, héritier…)' },
      ],
    },
    { type: 'pageBreak', key: 'page_envoi', title: 'Envoi du document' },
    { type: 'section', key: 'titre_envoi', title: 'Adresse d’envoi' },
    {
      type: 'explanation',
      key: 'aide_envoi',
      text: 'Le document vous est envoyé par courrier, gratuitement, sous une dizaine de jours.',
    },
    { type: 'text', key: 'destinataire', label: 'Nom du destinataire', prefill: 'fullName', maxLength: 120 },
    { type: 'address', key: 'adresse', label: "Adresse d'envoi", prefill: 'address' },
    {
      type: 'file',
      key: 'justificatif',
      label: "Justificatif d'identité",
      hint: "Nécessaire quand l'acte ne vous concerne pas directement.",
      accept: ['image', 'pdf'],
      condition: { field: 'lien', in: ['parent', 'enfant', 'conjoint', 'autre'] },
    },
  ],
};

export const DEMO_SERVICES: DemoService[] = [
  {
    providerSlug: 'metropole',
    slug: 'signaler-un-probleme',
    title: "Signaler un problème sur l'espace public",
    summary:
      'Nid de poule, lampadaire en panne, tag, dépôt sauvage : signalez-le, la plateforme prévient l’administration compétente.',
    description:
      "Indiquez le problème et le lieu sur la carte, ajoutez une photo si vous le pouvez. Selon le lieu et le type de problème, votre signalement est transmis à la Métropole de Lyon ou à votre commune : vous n'avez pas à savoir qui s'en occupe.\n\nVous pouvez faire ce signalement sans compte : une adresse électronique suffit pour recevoir l'accusé de réception et suivre la suite donnée.",
    themes: ['Espace public', 'Voirie et propreté'],
    keywords: [
      'signalement',
      'anomalie',
      'nid de poule',
      'chaussée',
      'trottoir',
      'éclairage',
      'lampadaire',
      'tag',
      'graffiti',
      'dépôt sauvage',
      'propreté',
    ],
    access: 'anonymous',
    mutualised: true,
    settings: reportSettings,
    form: reportForm,
  },
  {
    providerSlug: 'metropole',
    slug: 'composteur-individuel',
    title: 'Demander un composteur individuel',
    summary: 'Recevez gratuitement un composteur pour réduire vos déchets de cuisine et de jardin.',
    description:
      "La Métropole de Lyon fournit un composteur aux foyers qui s'engagent à l'utiliser. Il est livré à votre domicile, avec un bio-seau et un guide du compostage.",
    themes: ['Déchets', 'Environnement'],
    keywords: ['compost', 'compostage', 'biodéchets', 'déchets', 'jardin'],
    access: 'account',
    settings: {
      office: {
        name: 'Direction de la gestion des déchets',
        email: 'dechets@grandlyon.example.org',
        phone: '04 78 00 00 03',
        postalAddress: '20 rue du Lac, 69003 Lyon',
      },
      legal: { kind: 'demande', silence: 'acceptance', delay: { months: 2 } },
    },
    form: compostForm,
  },
  {
    providerSlug: 'givors',
    slug: 'acte-etat-civil',
    title: "Demander un acte d'état civil",
    summary: 'Copie ou extrait d’acte de naissance, de mariage ou de décès enregistré à Givors.',
    description:
      "Pour un événement (naissance, mariage, décès) qui a eu lieu à Givors. Le document est envoyé gratuitement par courrier.\n\nSi l'acte ne vous concerne pas directement, joignez un justificatif d'identité.",
    themes: ['État civil', 'Citoyenneté'],
    keywords: [
      'état civil',
      'acte de naissance',
      'acte de mariage',
      'acte de décès',
      'extrait',
      'copie intégrale',
      'livret de famille',
    ],
    access: 'account',
    settings: {
      office: {
        name: "Service de l'état civil",
        email: 'etat-civil@givors.example.org',
        phone: '04 72 00 18 19',
        postalAddress: 'Place Camille-Vallin, 69700 Givors',
      },
      legal: { kind: 'demande', silence: 'rejection', delay: { months: 2 } },
    },
    form: civilStatusForm,
  },
];
