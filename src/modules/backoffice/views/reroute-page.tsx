import { CsrfField, ErrorSummary, type FieldErrors, Notice, Select, TextArea } from '../../../platform/views/forms.tsx';
import { Layout } from '../../../platform/views/layout.tsx';
import type { PageContext } from '../../../platform/views/page-context.ts';
import type { RerouteTarget } from '../../requests/index.ts';
import { GRU_CRUMBS, GruNav } from './gru-nav.tsx';

const GROUP_LABELS: Record<RerouteTarget['group'], string> = {
  commune: 'Commune',
  metropole: 'Métropole',
  relay: 'Par courriel à la commune',
};

export type RerouteRequestPageProps = {
  context: PageContext;
  number: string;
  title: string;
  /** The administration holding the request now, and why it does. */
  holderName: string;
  explanation: string;
  targets: RerouteTarget[];
  version: number;
  action: string;
  backHref: string;
  notice: string | null;
  errors: FieldErrors;
  values: { vers?: string; motif?: string };
};

/** Sending a request on to the competent administration: which one, and the reason the citizen will read. */
export function RerouteRequestPage(props: RerouteRequestPageProps) {
  const { context, errors, values } = props;
  return (
    <Layout
      context={context}
      title={`Réorienter la demande n° ${props.number}`}
      hasErrors={Object.keys(errors).length > 0}
      breadcrumbs={GRU_CRUMBS}
    >
      <GruNav context={context} current="demandes" onPage={false} />
      <p class="gru-caption">{props.title}</p>
      <h1>Réorienter la demande n° {props.number}</h1>
      {props.notice ? <Notice kind="warning">{props.notice}</Notice> : null}
      <ErrorSummary errors={errors} labels={{ vers: 'Administration compétente', motif: 'Motif' }} />
      <p>
        {props.holderName} traite cette demande aujourd’hui. Orientation : {props.explanation}
      </p>
      <p>
        Si elle relève d’une autre administration, transmettez-la lui (article L114-2 du code des relations entre le
        public et l’administration). L’administration choisie reçoit une nouvelle demande avec les mêmes réponses et
        pièces ; l’usager reçoit par courriel un nouvel accusé de réception, qui lui donne le motif ; cette demande-ci
        passe au statut « transmise » et quitte votre liste.
      </p>
      {props.targets.length === 0 ? (
        <p>Aucune autre administration ne peut recevoir cette demande.</p>
      ) : (
        <form method="post" action={props.action} novalidate>
          <CsrfField token={context.csrfToken} />
          <input type="hidden" name="version" value={String(props.version)} />
          <Select
            name="vers"
            label="Administration compétente"
            hint="Une commune qui traite ses demandes ici, un service de la Métropole, ou, par courriel, une commune qui ne les traite pas ici."
            placeholder="Choisissez"
            value={values.vers ?? ''}
            error={errors.vers}
            choices={props.targets.map((t) => ({ value: t.value, label: `${GROUP_LABELS[t.group]} — ${t.label}` }))}
          />
          <TextArea
            name="motif"
            label="Motif, pour l’usager"
            hint="Il figure dans le nouvel accusé de réception : « Motif : … »."
            value={values.motif ?? ''}
            error={errors.motif}
            rows={4}
            maxLength={1000}
          />
          <button type="submit" class="button button--primary">
            Transmettre la demande
          </button>{' '}
          <a href={props.backHref}>Annuler</a>
        </form>
      )}
    </Layout>
  );
}
