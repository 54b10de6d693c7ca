/**
 * Admin policy: what the directory sends every device and what the tray obeys.
 *
 * Keys on the command line (`lockstep directory policy set KEY VALUE`) are the kebab-case names in
 * `POLICY_KEYS`; on the wire they are the camelCase fields of `Policy`.
 */
import { z } from 'zod';

/** Default and longest hold of a device's long-poll (seconds). */
export const DEFAULT_LONG_POLL_SECONDS = 50;
export const MAX_LONG_POLL_SECONDS = 3600;

export const PasswordAuthority = z.enum(['okta', 'directory']);
export type PasswordAuthority = z.infer<typeof PasswordAuthority>;

export const ApplyMode = z.enum(['prompt', 'silent']);
export type ApplyMode = z.infer<typeof ApplyMode>;

export const PasswordComplexity = z
  .object({
    minLength: z.number().int().min(1).max(256),
    requireUppercase: z.boolean(),
    requireLowercase: z.boolean(),
    requireDigit: z.boolean(),
    requireSymbol: z.boolean(),
  })
  .strict();
export type PasswordComplexity = z.infer<typeof PasswordComplexity>;

export const Branding = z
  .object({
    organization: z.string().min(1).max(100),
    helpUrl: z.string().url().max(2048).nullable(),
  })
  .strict();
export type Branding = z.infer<typeof Branding>;

export const Policy = z
  .object({
    passwordAuthority: PasswordAuthority,
    applyMode: ApplyMode,
    checkinIntervalSeconds: z.number().int().min(5).max(86_400),
    // How long a device's check-in is held open. 50 s passes the 60 s idle cut of most proxies and
    // load balancers; with none in between, longer holds mean fewer renewals for the directory
    // (TCP keep-alive keeps NAT mappings meanwhile). Defaulted so policies stored before it parse.
    longPollSeconds: z
      .number()
      .int()
      .min(10)
      .max(MAX_LONG_POLL_SECONDS)
      .default(DEFAULT_LONG_POLL_SECONDS),
    passwordComplexity: PasswordComplexity,
    branding: Branding,
  })
  .strict();
export type Policy = z.infer<typeof Policy>;

export const DEFAULT_POLICY: Policy = {
  // Okta is the source of truth until an admin says otherwise.
  passwordAuthority: 'okta',
  applyMode: 'prompt',
  checkinIntervalSeconds: 60,
  longPollSeconds: DEFAULT_LONG_POLL_SECONDS,
  passwordComplexity: {
    minLength: 12,
    requireUppercase: true,
    requireLowercase: true,
    requireDigit: true,
    requireSymbol: false,
  },
  branding: { organization: 'Okta', helpUrl: null },
};

export const POLICY_KEYS = {
  'password-authority': 'passwordAuthority',
  'apply-mode': 'applyMode',
  'checkin-interval': 'checkinIntervalSeconds',
  'long-poll-seconds': 'longPollSeconds',
  'password-complexity': 'passwordComplexity',
  branding: 'branding',
} as const satisfies Record<string, keyof Policy>;
export type PolicyKey = keyof typeof POLICY_KEYS;

/** The rules a new self-service password breaks, in words for a checklist; empty when it passes. */
export function complexityRules(
  c: PasswordComplexity,
): Array<{ id: string; label: string; test: (p: string) => boolean }> {
  const rules = [
    {
      id: 'length',
      label: `At least ${c.minLength} characters`,
      test: (p: string) => [...p].length >= c.minLength,
    },
  ];
  if (c.requireUppercase)
    rules.push({ id: 'upper', label: 'An uppercase letter', test: (p) => /\p{Lu}/u.test(p) });
  if (c.requireLowercase)
    rules.push({ id: 'lower', label: 'A lowercase letter', test: (p) => /\p{Ll}/u.test(p) });
  if (c.requireDigit) rules.push({ id: 'digit', label: 'A digit', test: (p) => /\p{Nd}/u.test(p) });
  if (c.requireSymbol)
    rules.push({ id: 'symbol', label: 'A symbol', test: (p) => /[^\p{L}\p{Nd}]/u.test(p) });
  return rules;
}
