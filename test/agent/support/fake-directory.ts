/**
 * A small directory that speaks the device side of the check-in protocol faithfully, for agent
 * tests until the real server exists: enrollment with one-time tokens, Ed25519 signature checks
 * (clock skew, nonce reuse, body hash, revocation), long-polls held until something changes,
 * results, self-service change (403 under Okta authority), 429 + Retry-After, and restarts.
 */
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import { hash as argon2Hash } from '@node-rs/argon2';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { encrypt } from 'unixcrypt';
import {
  CheckinRequest,
  DevicePasswordChangeRequest,
  EnrollRequest,
  MAX_CLOCK_SKEW_MS,
  NONCE_PATTERN,
  ResultsRequest,
  SIGNATURE_HEADERS,
  signingString,
  type ActionResult,
  type BoundUser,
  type CheckinResponse,
} from '../../../src-shared/checkin-protocol.js';
import { DEFAULT_POLICY, type Policy } from '../../../src-shared/policy.js';
import { sha256Hex } from '../../../src-main/agent/directory/request-signer.js';

interface DirUser {
  userId: string;
  deviceUsername: string;
  displayName: string;
  state: 'active' | 'suspended';
  passwordVersion: number;
  changedAt: string | null;
  verifier: string | null;
  cryptHash: string | null;
}
interface DirDevice {
  publicKey: KeyObject;
  revoked: boolean;
  nonces: Set<string>;
  bindings: Map<string, { takeover: boolean }>;
  checkins: CheckinRequest[];
  results: ActionResult[];
}
export interface RequestLogEntry {
  path: string;
  status: number;
  atMs: number;
  waitSeconds?: number;
}

export class FakeDirectory {
  readonly devices = new Map<string, DirDevice>();
  readonly users = new Map<string, DirUser>();
  readonly tokens = new Set<string>();
  readonly log: RequestLogEntry[] = [];
  policy: Policy = { ...DEFAULT_POLICY };
  /** Set to false to answer long-polls at once (a directory or proxy that does not hold). */
  holdLongPolls = true;
  /** Longest hold, seconds (tests keep it short). */
  maxHoldSeconds = 50;
  private revision = 1;
  /** Long-polls being held right now. */
  held = 0;
  private closing = false;
  private waiters = new Set<() => void>();
  private throttle: { remaining: number; retryAfterSeconds: number } | null = null;
  private app: FastifyInstance | null = null;
  port = 0;
  private nextDevice = 1;

  /** With `tls`, serves HTTPS (e.g. a self-signed certificate, as a private directory would). */
  constructor(private readonly tls: { key: string; cert: string } | null = null) {}

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const app = Fastify({ forceCloseConnections: true, ...(this.tls ? { https: this.tls } : {}) });
    const raw = new WeakMap<FastifyRequest, string>();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
      raw.set(req, body as string);
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    app.addHook('onResponse', async (req, reply) => {
      const body = req.body as { waitSeconds?: number } | undefined;
      this.log.push({
        path: req.url,
        status: reply.statusCode,
        atMs: Date.now(),
        ...(body?.waitSeconds !== undefined ? { waitSeconds: body.waitSeconds } : {}),
      });
    });
    app.addHook('onRequest', async (_req, reply) => {
      if (this.closing)
        return reply
          .code(503)
          .header('connection', 'close')
          .send(error('shutting-down', 'the directory is restarting'));
      if (this.throttle && this.throttle.remaining > 0) {
        this.throttle.remaining -= 1;
        return reply
          .code(429)
          .header('retry-after', String(this.throttle.retryAfterSeconds))
          .send(error('overloaded', 'too many requests'));
      }
      return undefined;
    });
    app.post('/api/v1/devices/enroll', (req, reply) => this.enroll(req, reply));
    app.post('/api/v1/devices/:id/checkin', async (req, reply) => {
      const device = this.authenticate(req, reply, raw.get(req) ?? '');
      if (!device) return reply;
      return this.checkin(device, req, reply);
    });
    app.post('/api/v1/devices/:id/results', async (req, reply) => {
      const device = this.authenticate(req, reply, raw.get(req) ?? '');
      if (!device) return reply;
      const parsed = ResultsRequest.safeParse(req.body);
      if (!parsed.success) return reply.code(400).send(error('invalid', parsed.error.message));
      device.results.push(...parsed.data.results);
      return { recorded: parsed.data.results.length };
    });
    app.post('/api/v1/devices/:id/password-change', async (req, reply) => {
      const device = this.authenticate(req, reply, raw.get(req) ?? '');
      if (!device) return reply;
      const parsed = DevicePasswordChangeRequest.safeParse(req.body);
      if (!parsed.success) return reply.code(400).send(error('invalid', parsed.error.message));
      if (this.policy.passwordAuthority === 'okta')
        return reply.code(403).send(error('refused-by-policy', 'Okta is the password authority'));
      const version = await this.setPassword(parsed.data.userId, parsed.data.newPassword);
      return { passwordVersion: version };
    });
    await app.listen({ host: '127.0.0.1', port: this.port });
    const address = app.server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.app = app;
  }

  async stop(): Promise<void> {
    // Like a real server shutting down: answer held polls, turn new requests away.
    this.closing = true;
    for (const wake of [...this.waiters]) wake();
    await this.app?.close();
    this.app = null;
    this.closing = false;
  }

  /** Stops and starts again on the same port, keeping its data (like a service restart). */
  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    await this.start();
  }

  // ---- admin side ----
  addToken(token: string): void {
    this.tokens.add(token);
  }
  bind(
    deviceId: string,
    user: Omit<DirUser, 'passwordVersion' | 'changedAt' | 'verifier' | 'cryptHash' | 'state'> &
      Partial<DirUser>,
    takeover = false,
  ): void {
    if (!this.users.has(user.userId)) {
      this.users.set(user.userId, {
        state: 'active',
        passwordVersion: 0,
        changedAt: null,
        verifier: null,
        cryptHash: null,
        ...user,
      });
    }
    this.mustDevice(deviceId).bindings.set(user.userId, { takeover });
    this.changed();
  }
  unbind(deviceId: string, userId: string): void {
    this.mustDevice(deviceId).bindings.delete(userId);
    this.changed();
  }
  setState(userId: string, state: 'active' | 'suspended'): void {
    this.mustUser(userId).state = state;
    this.changed();
  }
  async setPassword(userId: string, password: string): Promise<number> {
    const user = this.mustUser(userId);
    user.verifier = await argon2Hash(password, { memoryCost: 1024, timeCost: 1 });
    user.cryptHash = encrypt(password);
    user.passwordVersion += 1;
    user.changedAt = new Date().toISOString();
    this.changed();
    return user.passwordVersion;
  }
  setPolicy(change: Partial<Policy>): void {
    this.policy = { ...this.policy, ...change };
    this.changed();
  }
  revoke(deviceId: string): void {
    this.mustDevice(deviceId).revoked = true;
  }
  /** The next `count` requests get 429 with Retry-After. */
  rateLimit(count: number, retryAfterSeconds: number): void {
    this.throttle = { remaining: count, retryAfterSeconds };
  }
  device(deviceId: string): DirDevice {
    return this.mustDevice(deviceId);
  }

  private changed(): void {
    this.revision += 1;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
  private mustDevice(id: string): DirDevice {
    const d = this.devices.get(id);
    if (!d) throw new Error(`no device ${id}`);
    return d;
  }
  private mustUser(id: string): DirUser {
    const u = this.users.get(id);
    if (!u) throw new Error(`no user ${id}`);
    return u;
  }

  private enroll(req: FastifyRequest, reply: FastifyReply) {
    const parsed = EnrollRequest.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send(error('invalid', parsed.error.message));
    if (!this.tokens.delete(parsed.data.token))
      return reply.code(401).send(error('bad-token', 'the enrollment token is unknown or used up'));
    const deviceId = `dev-${this.nextDevice++}`;
    const publicKey = createPublicKey({
      key: Buffer.from(parsed.data.publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    });
    this.devices.set(deviceId, {
      publicKey,
      revoked: false,
      nonces: new Set(),
      bindings: new Map(),
      checkins: [],
      results: [],
    });
    return reply.send({ deviceId });
  }

  private authenticate(req: FastifyRequest, reply: FastifyReply, body: string): DirDevice | null {
    const refuse = (code: string, message: string) => {
      void reply.code(401).send(error(code, message));
      return null;
    };
    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : null;
    };
    const deviceId = header(SIGNATURE_HEADERS.device);
    const timestamp = header(SIGNATURE_HEADERS.timestamp);
    const nonce = header(SIGNATURE_HEADERS.nonce);
    const signature = header(SIGNATURE_HEADERS.signature);
    if (!deviceId || !timestamp || !nonce || !signature)
      return refuse('unsigned', 'missing signature headers');
    const device = this.devices.get(deviceId);
    if (!device || (req.params as { id: string }).id !== deviceId)
      return refuse('unknown-device', 'unknown device');
    if (device.revoked) return refuse('revoked', 'this device was revoked');
    if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() - Number(timestamp)) > MAX_CLOCK_SKEW_MS)
      return refuse('clock-skew', 'timestamp too far from server time');
    if (!NONCE_PATTERN.test(nonce)) return refuse('bad-nonce', 'malformed nonce');
    const text = signingString({
      method: req.method,
      pathWithQuery: req.url,
      timestamp,
      nonce,
      bodySha256Hex: sha256Hex(body),
    });
    if (
      !verifySignature(null, Buffer.from(text), device.publicKey, Buffer.from(signature, 'base64'))
    )
      return refuse('bad-signature', 'signature does not verify');
    if (device.nonces.has(nonce)) return refuse('replayed', 'nonce already used');
    device.nonces.add(nonce);
    return device;
  }

  private answer(device: DirDevice): CheckinResponse {
    const users: BoundUser[] = [...device.bindings].map(([userId, b]) => {
      const u = this.mustUser(userId);
      return {
        ...u,
        cryptHash: this.policy.applyMode === 'silent' ? u.cryptHash : null,
        takeover: b.takeover,
      };
    });
    return {
      cursor: `r${this.revision}`,
      serverTime: new Date().toISOString(),
      policy: this.policy,
      users,
    };
  }

  private async checkin(device: DirDevice, req: FastifyRequest, reply: FastifyReply) {
    const parsed = CheckinRequest.safeParse(req.body);
    if (!parsed.success) return reply.code(400).send(error('invalid', parsed.error.message));
    device.checkins.push(parsed.data);
    const wait = Math.min(parsed.data.waitSeconds, this.maxHoldSeconds);
    if (this.holdLongPolls && wait > 0 && parsed.data.cursor === `r${this.revision}`) {
      this.held += 1;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, wait * 1000);
        this.waiters.add(done);
        // The response's close: the device went away (the request's own close fires once its body is read).
        reply.raw.once('close', done);
      });
      this.held -= 1;
    }
    return this.answer(device);
  }
}

function error(code: string, message: string) {
  return { error: { code, message } };
}
