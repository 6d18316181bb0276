import type { ComponentChildren } from 'preact';
import { formatCents } from '../../../platform/views/format.ts';
import type { AgreementDispute, AgreementNotice, TransitionTask } from '../agreements.tables.ts';
import { addDays, formatCalendarDate } from '../../../platform/paris-time.ts';
import type { AgreementFile } from '../load-agreement-file.ts';
import {
  AMENDMENT_KIND_LABELS,
  AMENDMENT_STATUS_LABELS,
  DISPUTE_STATUS_LABELS,
  END_REASON_LABELS,
  NOTICE_STATUS_LABELS,
  PARTY_LABELS,
  serviceOfferLabel,
  TASK_STATUS_LABELS,
} from './labels.ts';

/**
 * The parts of a commune's agreement file, shown to operators (who get forms beside them) and to the commune's
 * administrators (read-only). Pure views of an `AgreementFile`.
 */

const date = formatCalendarDate;

function Row({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const STATE_LABELS = {
  signed_not_in_force: 'signée, pas encore en vigueur',
  in_force: 'en vigueur',
  ended: 'terminée',
} as const;

export function AgreementSummary({ file }: { file: AgreementFile }) {
  const { agreement, calendar } = file;
  if (!agreement || !calendar) return <p>La commune n'a pas de convention-cadre enregistrée.</p>;
  return (
    <dl class="summary-list">
      <Row term="Référence">{agreement.reference}</Row>
      <Row term="Signatures">
        commune le {date(agreement.commune_signed_on)}, Métropole le {date(agreement.metropole_signed_on)}
      </Row>
      <Row term="Prise d'effet">{date(agreement.effective_on)} (date de la signature la plus tardive, art. 2)</Row>
      <Row term="État">
        <strong>{STATE_LABELS[calendar.state]}</strong>
        {calendar.adhesionYear ? ` — année d'adhésion ${calendar.adhesionYear} sur 6` : ''}
      </Row>
      {calendar.currentYearLastDay ? (
        <Row term="Fin de l'année d'adhésion en cours">{date(calendar.currentYearLastDay)}</Row>
      ) : null}
      {calendar.nextRenewalOn && calendar.noticeDeadline ? (
        <Row term="Prochaine reconduction tacite">
          le {date(calendar.nextRenewalOn)}, sauf préavis reçu au plus tard le{' '}
          <strong>{date(calendar.noticeDeadline)}</strong> (3 mois, art. 12.2)
        </Row>
      ) : null}
      <Row term="Fin">
        {calendar.state === 'ended' ? 'terminée le ' : 'au plus tard le '}
        {date(agreement.last_day)} au soir — {END_REASON_LABELS[agreement.end_reason]}
      </Row>
      {agreement.last_day !== agreement.max_last_day ? (
        <Row term="Durée maximale">jusqu'au {date(agreement.max_last_day)} (6 ans)</Row>
      ) : null}
    </dl>
  );
}

export function AnnexesTable({ file }: { file: AgreementFile }) {
  if (file.annexes.length === 0) return <p>Aucune annexe.</p>;
  const amendmentNumber = new Map(file.amendments.map((a) => [a.id, a.number]));
  return (
    <div class="table-wrapper">
      <table class="table">
        <caption>Annexes : un service et son offre, de telle date à telle date</caption>
        <thead>
          <tr>
            <th scope="col">Service et offre</th>
            <th scope="col">Du</th>
            <th scope="col">Au (inclus)</th>
            <th scope="col">Origine</th>
            <th scope="col" class="numeric">
              Facturé avant la convention
            </th>
          </tr>
        </thead>
        <tbody>
          {file.annexes.map((a) => (
            <tr>
              <th scope="row">{serviceOfferLabel(a.service, a.offer)}</th>
              <td>{date(a.starts_on)}</td>
              <td>{a.last_day < a.starts_on ? '—' : date(a.last_day)}</td>
              <td>
                {a.amendment_id ? `avenant n° ${amendmentNumber.get(a.amendment_id) ?? '?'}` : 'convention-cadre'}
              </td>
              <td class="numeric">
                {a.previously_billed_cents !== null ? formatCents(a.previously_billed_cents) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AmendmentsTable({ file }: { file: AgreementFile }) {
  if (file.amendments.length === 0) return <p>Aucun avenant.</p>;
  return (
    <div class="table-wrapper">
      <table class="table">
        <caption>Avenants (art. 12.1)</caption>
        <thead>
          <tr>
            <th scope="col">N°</th>
            <th scope="col">Objet</th>
            <th scope="col">Préavis reçu le</th>
            <th scope="col">Prise d'effet</th>
            <th scope="col">État</th>
          </tr>
        </thead>
        <tbody>
          {file.amendments.map((a) => (
            <tr>
              <th scope="row">{a.number}</th>
              <td>
                {AMENDMENT_KIND_LABELS[a.kind]} : {serviceOfferLabel(a.service, a.from_offer)} →{' '}
                {serviceOfferLabel(a.service, a.to_offer)}
              </td>
              <td>
                {a.notice_received_on ? date(a.notice_received_on) : '—'}
                {a.notice_late ? (
                  <>
                    <br />
                    <strong>hors délai : offre reconduite un an (annexe Toodego §11)</strong>
                  </>
                ) : null}
              </td>
              <td>{date(a.effective_on)}</td>
              <td>{AMENDMENT_STATUS_LABELS[a.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function noticeText(n: AgreementNotice): string {
  if (n.kind === 'termination') {
    return `Préavis de résiliation de ${PARTY_LABELS[n.from_party]}, reçu le ${date(n.received_on)}${n.late ? ' hors délai (reconduction tacite d’un an)' : ''} : fin le ${date(n.deadline_on)} au soir.`;
  }
  const target = n.from_party === 'metropole' ? 'la commune' : 'la Métropole';
  return `Mise en demeure de ${target} par ${PARTY_LABELS[n.from_party]}, reçue le ${date(n.received_on)} : deux mois pour remédier, jusqu'au ${date(n.deadline_on)} (art. 12.2).${n.grounds ? ` Motif : ${n.grounds}` : ''}`;
}

export function NoticesList({
  file,
  action,
}: {
  file: AgreementFile;
  action?: (notice: AgreementNotice) => ComponentChildren;
}) {
  if (file.notices.length === 0) return <p>Aucun préavis ni mise en demeure.</p>;
  return (
    <ul class="item-list">
      {file.notices.map((n) => (
        <li>
          <p>{noticeText(n)}</p>
          <p>
            État : <strong>{NOTICE_STATUS_LABELS[n.status]}</strong>
            {n.resolved_on ? ` (le ${date(n.resolved_on)})` : ''}
          </p>
          {action ? action(n) : null}
        </li>
      ))}
    </ul>
  );
}

export function DisputesList({
  file,
  action,
}: {
  file: AgreementFile;
  action?: (dispute: AgreementDispute) => ComponentChildren;
}) {
  if (file.disputes.length === 0) return <p>Aucune réclamation.</p>;
  return (
    <ul class="item-list">
      {file.disputes.map((d) => (
        <li>
          <p>
            Réclamation de {PARTY_LABELS[d.from_party]}, reçue le {date(d.received_on)} : {d.subject}
          </p>
          <p>
            Décision attendue au plus tard le {date(d.answer_due_on)} (un mois, art. 13). État :{' '}
            <strong>{DISPUTE_STATUS_LABELS[d.status]}</strong>
            {d.answered_on ? ` le ${date(d.answered_on)}` : ''}
            {d.status === 'rejected_by_silence' ? ` le ${date(addDays(d.answer_due_on, 1))}` : ''}
          </p>
          {d.answer ? <p>Réponse : {d.answer}</p> : null}
          {action ? action(d) : null}
        </li>
      ))}
    </ul>
  );
}

export function ChecklistTable({
  file,
  control,
}: {
  file: AgreementFile;
  control?: (task: TransitionTask) => ComponentChildren;
}) {
  if (file.tasks.length === 0) return <p>Aucune tâche : la commune ne quitte ni ne change aucun service.</p>;
  return (
    <div class="table-wrapper">
      <table class="table">
        <caption>
          Ce que le départ ou le changement d'offre déclenche (annexe Toodego §11, convention-cadre art. 12.3)
        </caption>
        <thead>
          <tr>
            <th scope="col">Tâche</th>
            <th scope="col">Service</th>
            <th scope="col">Par</th>
            <th scope="col">Échéance</th>
            <th scope="col">État</th>
          </tr>
        </thead>
        <tbody>
          {file.tasks.map((t) => (
            <tr>
              <th scope="row">{t.label}</th>
              <td>
                {serviceOfferLabel(t.service, t.from_offer)} →{' '}
                {t.to_offer === 'none' ? 'fin du service' : serviceOfferLabel(t.service, t.to_offer)}
              </td>
              <td>{t.responsible === 'commune' ? 'la commune' : 'la Métropole'}</td>
              <td>{date(t.due_on)}</td>
              <td>{control ? control(t) : <strong>{TASK_STATUS_LABELS[t.status]}</strong>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
