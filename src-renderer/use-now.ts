import { useEffect, useState } from 'react';
import { useClock } from './app-context.js';

/** The current time, refreshed every `everyMs`, so "3 minutes ago" stays true. */
export function useNow(everyMs: number): Date {
  const clock = useClock();
  const [now, setNow] = useState(clock);
  useEffect(() => {
    const timer = setInterval(() => setNow(clock()), everyMs);
    return () => clearInterval(timer);
  }, [clock, everyMs]);
  return now;
}
