/**
 * What the processes of `lockstep directory serve --workers N` say to each other over Node's
 * cluster IPC. The primary only supervises and relays; the workers serve.
 */
import { z } from 'zod';

export const DirectoryClusterMessage = z.discriminatedUnion('type', [
  /** worker → primary: listening (all workers share the port). */
  z.object({ type: z.literal('lockstep:directory-ready'), url: z.string().url() }),
  /** worker → primary → every other worker: a commit devices may need; wake held check-ins. */
  z.object({ type: z.literal('lockstep:directory-changed') }),
  /** primary → worker: answer held check-ins, finish open requests, exit. */
  z.object({ type: z.literal('lockstep:directory-shutdown') }),
]);
export type DirectoryClusterMessage = z.infer<typeof DirectoryClusterMessage>;

/** Most worker processes `--workers` accepts. */
export const MAX_DIRECTORY_WORKERS = 64;
