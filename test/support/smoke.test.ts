import { describe, expect, it } from 'vitest';
import { deviceUsernameFromUserName } from '../../src-shared/device-username.js';

describe('device username rule', () => {
  it('takes the part before @', () => {
    expect(deviceUsernameFromUserName('jane.doe@example.com')).toEqual({
      ok: true,
      username: 'jane.doe',
    });
  });
  it('refuses a name that starts with a digit and says so', () => {
    const r = deviceUsernameFromUserName('1jane@example.com');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('must start with a letter');
  });
});
