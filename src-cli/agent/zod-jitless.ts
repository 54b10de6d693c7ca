/**
 * Imported first by the agent service's entry, so it runs before any schema is built: zod decides
 * at construction whether an object schema gets a generated (`new Function`) parser. Interpreting
 * is fast enough for a few messages a minute, keeps that code out of memory, and keeps code
 * generation out of a root process.
 */
import { config } from 'zod';

config({ jitless: true });
