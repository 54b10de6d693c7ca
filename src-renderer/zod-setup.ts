/**
 * Imported first by main.tsx. zod's fast path compiles parsers at run time with the Function
 * constructor; the renderer's CSP forbids eval, so zod must not even probe for it (the probe
 * itself is reported as a CSP violation).
 */
import { config } from 'zod';

config({ jitless: true });
