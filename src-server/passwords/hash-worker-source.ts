/**
 * The password-hashing worker, as source text for `new Worker(..., { eval: true })`.
 *
 * Kept as text so the same code runs from dist/ and from TypeScript sources under test; the
 * worker imports the two hashing libraries by absolute URL, resolved by the parent.
 * argon2id parameters are OWASP's minimum (m = 19 MiB, t = 2, p = 1) raised to t = 3.
 */
export const ARGON2_OPTIONS = {
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 3,
  parallelism: 1,
} as const;

export const HASH_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = Promise.all([import(workerData.argon2Url), import(workerData.unixcryptUrl)]);
parentPort.on('message', async (job) => {
  try {
    const [argon2, unixcrypt] = await ready;
    if (job.op === 'hash') {
      const verifier = argon2.hashSync(job.password, workerData.argon2Options);
      const cryptHash = job.crypt ? unixcrypt.encrypt(job.password) : null;
      parentPort.postMessage({ id: job.id, ok: true, verifier, cryptHash });
    } else {
      const match = argon2.verifySync(job.verifier, job.password);
      parentPort.postMessage({ id: job.id, ok: true, match });
    }
  } catch (error) {
    parentPort.postMessage({ id: job.id, ok: false, message: String(error && error.message || error) });
  }
});
`;
