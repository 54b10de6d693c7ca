/**
 * The renderer ⇄ tray-main contract: every channel, its payload schema and its result schema.
 *
 * Carried by Electron IPC (preload exposes one named function per channel) and, in the web shell,
 * by a WebSocket with the same channel names. Main validates every payload with these schemas and
 * drops anything else; the renderer validates what it receives. No Node or DOM imports.
 */
import { z } from 'zod';
import { AgentStatus } from './agent-api.js';

const Password = z.string().min(1).max(1024);

export const WindowKind = z.enum(['prompt', 'change-password', 'about']);
export type WindowKind = z.infer<typeof WindowKind>;

/** The switch main gives each window and the preload reads to learn which window it is in. */
export const WINDOW_KIND_ARG = '--lockstep-window-kind=';

export const SubmitFailure = z
  .object({
    ok: z.literal(false),
    error: z.enum([
      'new-password-mismatch',
      'previous-password-wrong',
      'policy-refused',
      'throttled',
      'agent-unreachable',
      'refused-by-policy',
      'failed',
    ]),
    /** A sentence for the user. */
    message: z.string(),
    /** The field the user should fix, which gets focus. */
    field: z
      .enum(['newPassword', 'previousPassword', 'currentPassword', 'confirmPassword'])
      .nullable(),
    /** OS password rules when the OS refused the new password. */
    rules: z.array(z.string()),
    retryAfterSeconds: z.number().int().min(0).nullable(),
  })
  .strict();
export type SubmitFailure = z.infer<typeof SubmitFailure>;

export const SubmitSuccess = z
  .object({
    ok: z.literal(true),
    message: z.string(),
    /** Platform advice after success (Windows Hello refresh, macOS FileVault), or null. */
    hint: z.string().nullable(),
  })
  .strict();
export const SubmitResult = z.discriminatedUnion('ok', [SubmitSuccess, SubmitFailure]);
export type SubmitResult = z.infer<typeof SubmitResult>;

/** Channel → [payload schema, result schema]. Names are `area:verb`. */
export const IPC_CHANNELS = {
  'status:get': [z.object({}).strict(), AgentStatus],
  'prompt:submit': [
    z.object({ newPassword: Password, previousPassword: Password }).strict(),
    SubmitResult,
  ],
  /** "I don't remember my previous password", after the user confirmed what will be lost. */
  'prompt:reset': [z.object({ newPassword: Password }).strict(), SubmitResult],
  'change:submit': [
    z.object({ currentPassword: Password, newPassword: Password }).strict(),
    SubmitResult,
  ],
  'agent:check-in': [z.object({}).strict(), z.object({ ok: z.boolean() }).strict()],
  'window:close': [z.object({}).strict(), z.object({ ok: z.literal(true) }).strict()],
  /** Web shell: the tray panel's menu, clicked (Electron uses its native menu instead). */
  'menu:click': [
    z
      .object({ id: z.enum(['update-password', 'change-password', 'check-in', 'about', 'quit']) })
      .strict(),
    z.object({ ok: z.boolean() }).strict(),
  ],
  'tray:get': [z.object({}).strict(), z.lazy(() => TrayView)],
} as const;
export type IpcChannel = keyof typeof IPC_CHANNELS;
export type IpcPayload<C extends IpcChannel> = z.infer<(typeof IPC_CHANNELS)[C][0]>;
export type IpcResult<C extends IpcChannel> = z.infer<(typeof IPC_CHANNELS)[C][1]>;

/** Events main pushes to the renderer. */
export const IPC_EVENTS = {
  'status:changed': AgentStatus,
  'tray:changed': z.lazy(() => TrayView),
  /** Web shell: main asks the page to show a window (Electron opens a real window instead). */
  'window:open': z.object({ kind: WindowKind }).strict(),
} as const;
export type IpcEvent = keyof typeof IPC_EVENTS;

/** What the preload exposes on `window.lockstep` (and the web shell's client mimics). */
export interface RendererApi {
  invoke<C extends IpcChannel>(channel: C, payload: IpcPayload<C>): Promise<IpcResult<C>>;
  on<E extends IpcEvent>(
    event: E,
    listener: (data: z.infer<(typeof IPC_EVENTS)[E]>) => void,
  ): () => void;
  /** Which window this page is. */
  readonly windowKind: WindowKind;
}

// ---- Tray view: what the tray icon, tooltip and menu show (built by a pure function in main) ----
export const TrayIconState = z.enum(['in-sync', 'action-needed', 'suspended', 'offline']);
export type TrayIconState = z.infer<typeof TrayIconState>;

export const TrayMenuItem = z
  .object({
    id: z.enum(['update-password', 'change-password', 'check-in', 'about', 'quit']),
    label: z.string(),
    enabled: z.boolean(),
  })
  .strict();
export type TrayMenuItem = z.infer<typeof TrayMenuItem>;

export const TrayView = z
  .object({
    icon: TrayIconState,
    /** The same state in words (tooltip; the web shell shows it above the menu). */
    tooltip: z.string(),
    menu: z.array(TrayMenuItem),
  })
  .strict();
export type TrayView = z.infer<typeof TrayView>;

// ---- Web shell only: the WebSocket frames that carry the channels above ----
export const WebShellRequest = z
  .object({ id: z.number().int().min(0), channel: z.string().max(64), payload: z.unknown() })
  .strict();
export const WebShellReply = z.union([
  z.object({ id: z.number().int(), result: z.unknown() }).strict(),
  z.object({ id: z.number().int(), error: z.string() }).strict(),
  z.object({ event: z.string(), data: z.unknown() }).strict(),
]);

/**
 * Web-shell handshake (the renderer's src-renderer/bridge.ts and the web-shell server implement
 * exactly this; change both together):
 *
 * 1. The page is opened at `http://127.0.0.1:PORT/#token=TOKEN` (optionally `?window=KIND`). The
 *    token stays in the fragment, so it never reaches the server in a URL or a request log.
 * 2. The page opens `ws://<same host:port>/ipc` (`WEB_SHELL_PATH`), no query string. The server
 *    should refuse an upgrade whose `Origin` is not its own origin.
 * 3. The first frame the page sends is a WebShellRequest with `id: 0`,
 *    `channel: 'shell:hello'` (`WEB_SHELL_HELLO_CHANNEL`) and `payload: { token }` (`WebShellHello`).
 *    The server compares the token in constant time and replies `{ id: 0, result: { ok: true } }`
 *    (`WebShellHelloResult`); on any other first frame or a wrong token it closes with
 *    `WEB_SHELL_CLOSE.unauthorized` (4401) and handles nothing else; with no hello within 5 s it
 *    closes with `WEB_SHELL_CLOSE.handshakeTimeout` (4408).
 * 4. After the hello the page may send requests at once (ids ≥ 1, each channel of IPC_CHANNELS);
 *    the server answers each with `{ id, result }` or `{ id, error }` and pushes IPC_EVENTS as
 *    `{ event, data }`. Both sides validate every frame and drop what does not parse.
 */
export const WEB_SHELL_PATH = '/ipc';
export const WEB_SHELL_HELLO_CHANNEL = 'shell:hello';
export const WebShellHello = z.object({ token: z.string().min(1).max(512) }).strict();
export const WebShellHelloResult = z.object({ ok: z.literal(true) }).strict();
export const WEB_SHELL_CLOSE = { unauthorized: 4401, handshakeTimeout: 4408 } as const;
