/**
 * Runs a Postman collection with newman's library API and records every test assertion, every
 * script exception (which silently skips the assertions after it) and every request error,
 * each under the folder and request that produced it.
 */
import { createRequire } from 'node:module';

export interface PostmanOutcome {
  folder: string;
  request: string;
  /** 1 for the first request with this folder and name, 2 for a repeat, … */
  occurrence: number;
  /** The `pm.test` name; `(script error)` or `(request error)` for the other kinds. */
  assertion: string;
  passed: boolean;
  message?: string;
  status?: number;
}

/** The part of newman's run API this harness uses (newman ships no types). */
interface NewmanItem {
  id: string;
  name: string;
  parent(): { name?: string } | undefined;
}
interface NewmanEmitter {
  on(
    event: 'beforeItem',
    cb: (err: Error | null, args: { item: NewmanItem }) => void,
  ): NewmanEmitter;
  on(
    event: 'request',
    cb: (err: Error | null, args: { item: NewmanItem; response?: { code: number } }) => void,
  ): NewmanEmitter;
  on(
    event: 'assertion',
    cb: (
      err: { message: string } | null,
      args: { item: NewmanItem; assertion: string; skipped?: boolean },
    ) => void,
  ): NewmanEmitter;
  on(
    event: 'exception',
    cb: (err: Error | null, args: { error: { message: string }; cursor: { ref: string } }) => void,
  ): NewmanEmitter;
}
interface Newman {
  run(options: object, done: (err: Error | null) => void): NewmanEmitter;
}

export async function runPostmanCollection(options: {
  collection: string;
  environment: Record<string, string>;
  /**
   * Iteration data: outranks the environment, so a collection script that overwrites an
   * environment variable (the Entra collection's "Get Token" does) cannot change these.
   */
  data?: Record<string, string>;
  /** Folder or request names to run (all when omitted). */
  folders?: string[];
}): Promise<PostmanOutcome[]> {
  const newman = createRequire(import.meta.url)('newman') as Newman;
  const outcomes: PostmanOutcome[] = [];
  const seen = new Map<string, number>();
  const where = new Map<
    string,
    { folder: string; request: string; occurrence: number; status?: number }
  >();
  const place = (item: NewmanItem) =>
    where.get(item.id) ?? { folder: item.parent()?.name ?? '', request: item.name, occurrence: 1 };

  await new Promise<void>((resolve, reject) => {
    const emitter = newman.run(
      {
        collection: options.collection,
        environment: {
          values: Object.entries(options.environment).map(([key, value]) => ({
            key,
            value,
            enabled: true,
          })),
        },
        ...(options.data ? { iterationData: [options.data] } : {}),
        ...(options.folders ? { folder: options.folders } : {}),
        reporters: [],
        timeoutRequest: 30_000,
      },
      (err) => (err ? reject(err) : resolve()),
    );
    emitter
      .on('beforeItem', (_err, { item }) => {
        const folder = item.parent()?.name ?? '';
        const key = `${folder}\u0000${item.name}`;
        const occurrence = (seen.get(key) ?? 0) + 1;
        seen.set(key, occurrence);
        where.set(item.id, { folder, request: item.name, occurrence });
      })
      .on('request', (err, { item, response }) => {
        const at = place(item);
        if (response) at.status = response.code;
        if (err)
          outcomes.push({
            ...at,
            assertion: '(request error)',
            passed: false,
            message: err.message,
          });
      })
      .on('assertion', (err, { item, assertion, skipped }) => {
        if (skipped) return;
        outcomes.push({
          ...place(item),
          assertion,
          passed: err === null,
          ...(err ? { message: err.message } : {}),
        });
      })
      .on('exception', (_err, { error, cursor }) => {
        const at = where.get(cursor.ref) ?? { folder: '', request: '(unknown)', occurrence: 1 };
        outcomes.push({
          ...at,
          assertion: '(script error)',
          passed: false,
          message: error.message,
        });
      });
  });
  return outcomes;
}
