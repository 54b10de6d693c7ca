/**
 * What app windows may do with URLs (Signal's handleCommonWindowEvents): they never navigate and
 * never open windows; an https link (the organization's help page) opens in the user's browser.
 */
/** Every window is one page that main loads itself; any later navigation is unexpected. */
export const mayNavigate = (): boolean => false;

/** The URL to hand to the system browser for a `window.open` / target=_blank, or null to ignore it. */
export function externalUrlFor(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !parsed.username && !parsed.password
      ? parsed.toString()
      : null;
  } catch {
    return null;
  }
}
