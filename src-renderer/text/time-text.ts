/** Times in words: "3 minutes ago" for a glance, the full date and time for certainty. */
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

export function relativeTime(iso: string, now: Date): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  if (Number.isNaN(seconds)) return 'unknown';
  if (Math.abs(seconds) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'minute')
      return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}

export function absoluteTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );
}

/** "in 5 minutes (at 14:05)" — when a throttled try may be repeated. */
export function retryText(seconds: number, now: Date): string {
  const at = new Date(now.getTime() + seconds * 1000);
  const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(
    at,
  );
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? '' : 's'} (at ${clock})`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'} (at ${clock})`;
}
