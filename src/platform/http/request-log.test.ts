import { describe, expect, it } from 'vitest';
import { maskedPath } from './request-log.js';

describe('the request log masks what could be a credential in a path (issue 13 §1)', () => {
  it('masks tracking codes, including the one in a hundred with no digit, typed with or without dashes', () => {
    expect(maskedPath('/suivi/YENX-SVSF-JXFW/inconnu')).toBe('/suivi/…/inconnu');
    expect(maskedPath('/suivi/yenx-svsf-jxfw')).toBe('/suivi/…');
    expect(maskedPath('/suivi/YENXSVSFJXFW')).toBe('/suivi/…');
    expect(maskedPath('/suivi/K7M2-XQ9P-4HDT?x=1')).toBe('/suivi/…');
  });

  it('masks long tokens with digits and keeps slugs and words readable', () => {
    expect(maskedPath('/jeton/aZ3kP9qLm2Xr7Tw')).toBe('/jeton/…');
    expect(maskedPath('/c/rillieux-la-pape/demarches')).toBe('/c/rillieux-la-pape/demarches');
    expect(maskedPath('/c/saint-genis-laval/declarations')).toBe('/c/saint-genis-laval/declarations');
  });
});
