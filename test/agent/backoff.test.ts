import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_BACKOFF,
  retryAfterDelayMs,
} from '../../src-main/agent/checkin/backoff.js';
import { parseRetryAfter } from '../../src-main/agent/directory/directory-error.js';

describe('full-jitter exponential backoff', () => {
  it('grows exponentially with the number of failures and is capped at 5 minutes', () => {
    const max = (n: number) => backoffDelayMs(n, DEFAULT_BACKOFF, () => 0.999999);
    expect(max(1)).toBe(999);
    expect(max(2)).toBe(1_999);
    expect(max(5)).toBe(15_999);
    expect(max(9)).toBe(255_999);
    expect(max(10)).toBe(299_999);
    expect(max(1_000)).toBe(299_999);
  });
  it('spreads over the whole range (full jitter), with a small floor', () => {
    expect(backoffDelayMs(5, DEFAULT_BACKOFF, () => 0)).toBe(50);
    expect(backoffDelayMs(5, DEFAULT_BACKOFF, () => 0.5)).toBe(8_000);
  });
  it('never returns less than Retry-After, and at most about twice it', () => {
    expect(retryAfterDelayMs(10_000, () => 0)).toBe(10_000);
    expect(retryAfterDelayMs(10_000, () => 0.999)).toBe(19_990);
    expect(retryAfterDelayMs(0, () => 0.5)).toBe(500);
  });
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('7', 0)).toBe(7_000);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(null, 0)).toBeNull();
  });
});
