/**
 * Full names go into GECOS / RealName / FullName, where ':', ',', '=' and control characters have
 * meaning or break the record, and a leading '-' would read as an option. Okta display names
 * ("Doe, Jane") are made safe rather than refused: the account is still created.
 */
const MAX_FULL_NAME = 128;

export function safeFullName(fullName: string, fallback: string): string {
  const cleaned = fullName
    .replace(/[:,=\p{Cc}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^-+\s*/, '');
  const cut = [...cleaned].slice(0, MAX_FULL_NAME).join('').trim();
  return cut.length > 0 ? cut : fallback;
}
