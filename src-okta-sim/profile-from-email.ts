/**
 * The Okta profile the simulator assigns when only an email is given: `jane.doe@example.com`
 * becomes Jane Doe, the way an Okta admin would fill in a new person.
 */
import { oktaUserId, type OktaUserProfile } from './user-requests.js';

export function profileFromEmail(email: string, first?: string, last?: string): OktaUserProfile {
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
    throw new Error(
      `"${email}" is not an email address; Okta usernames look like jane.doe@example.com`,
    );
  }
  const words = (email.split('@')[0] ?? '')
    .split(/[._-]+/)
    .filter((w) => w.length > 0)
    .map(capitalize);
  const givenName = first ?? words[0] ?? 'User';
  const familyName = last ?? (words.length > 1 ? words.slice(1).join(' ') : 'User');
  return { userName: email, email, givenName, familyName, externalId: oktaUserId(email) };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
