/**
 * `--agent in-process|socket[:PATH]`: which transport the tray uses to reach its agent.
 */
export type AgentChoice = { kind: 'in-process' } | { kind: 'socket'; path: string | null };

export function parseAgentChoice(text: string): AgentChoice {
  if (text === 'in-process') return { kind: 'in-process' };
  if (text === 'socket') return { kind: 'socket', path: null };
  if (text.startsWith('socket:') && text.length > 'socket:'.length)
    return { kind: 'socket', path: text.slice('socket:'.length) };
  throw new Error(`--agent "${text}" must be in-process, socket, or socket:PATH`);
}

export function formatAgentChoice(choice: AgentChoice): string {
  return choice.kind === 'in-process'
    ? 'in-process'
    : choice.path
      ? `socket:${choice.path}`
      : 'socket';
}
