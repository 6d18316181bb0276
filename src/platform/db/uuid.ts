// The canonical 8-4-4-4-12 form: anything else in a URL would reach PostgreSQL as an invalid uuid (an error, a 500)
// instead of "not found". `[0-9a-f-]{36}` was not enough: 36 dashes or 36 letters pass it.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether an id taken from a URL or a form can be looked up (otherwise it names nothing). */
export const isUuid = (id: string): boolean => UUID.test(id);
