/**
 * French mobile numbers as the booking form accepts them, written in the international form SMS senders expect.
 * Sending itself is the requests module's (`planSms`): one job and one sender for every text message.
 */
export function mobileNumber(phone: string | null): string | undefined {
  const digits = (phone ?? '').replace(/[\s.-]/g, '');
  const match = /^(?:\+33|0033|0)([67]\d{8})$/.exec(digits);
  return match ? `+33${match[1]}` : undefined;
}
