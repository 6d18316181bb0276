/**
 * The form an administrator fills to open an agenda (`POST /admin/rendez-vous/nouveau`): one person per 30-minute slot,
 * booked at least 2 hours ahead, up to 30 days ahead, closed on public holidays, open at once; `overrides` changes any.
 */
export function agendaForm(overrides: Record<string, string> & { name: string }): Record<string, string> {
  return {
    desk: 'État civil',
    place: 'Mairie',
    resources: '',
    slotMinutes: '30',
    capacity: '1',
    horizonDays: '30',
    minNoticeHours: '2',
    changeLimitHours: '24',
    reminderHours: '24',
    closedOnHolidays: 'oui',
    active: 'oui',
    ...overrides,
  };
}
