/**
 * Steps that build on each other (one account, one device): once a step fails, the later ones are
 * skipped with the name of the step that broke, instead of failing again for the same reason.
 */
import { it } from 'vitest';

export function sequentialSteps(): (
  name: string,
  body: () => Promise<void>,
  timeoutMs: number,
) => void {
  let failed: string | null = null;
  return (name, body, timeoutMs) =>
    it(
      name,
      async (context) => {
        if (failed !== null) context.skip(`an earlier step failed: "${failed}"`);
        try {
          await body();
        } catch (error) {
          failed = name;
          throw error;
        }
      },
      timeoutMs,
    );
}
