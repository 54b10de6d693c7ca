import { describe, expect, it } from 'vitest';
import {
  createReminderScheduler,
  REMINDER_INTERVALS_MS,
} from '../../src-main/tray/reminder-scheduler.js';
import { createFakeClock } from './fakes.js';

const MIN = 60_000;

function setup() {
  const clock = createFakeClock();
  const shown: Array<{ version: number; reminder: number; at: number }> = [];
  const scheduler = createReminderScheduler({
    clock,
    notify: (change, reminder) =>
      shown.push({ version: change.version, reminder, at: clock.now() }),
  });
  return { clock, shown, scheduler, start: clock.now() };
}

describe('reminder scheduler', () => {
  it('notifies at once, then reminds at growing gaps that never exceed an hour', () => {
    const { clock, shown, scheduler, start } = setup();
    scheduler.update({ version: 2 });
    clock.advance(6 * 60 * MIN);
    const gaps = shown.slice(1).map((s, i) => (s.at - (shown[i]?.at ?? start)) / MIN);
    expect(shown[0]).toEqual({ version: 2, reminder: 0, at: start });
    expect(gaps.slice(0, 4)).toEqual([15, 30, 60, 60]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60);
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1] ?? 0);
    expect(REMINDER_INTERVALS_MS.every((ms) => ms <= 60 * MIN)).toBe(true);
  });

  it('caps configured gaps longer than an hour', () => {
    const clock = createFakeClock();
    const at: number[] = [];
    const s = createReminderScheduler({
      clock,
      intervalsMs: [3 * 60 * MIN],
      notify: () => at.push(clock.now()),
    });
    s.update({ version: 1 });
    clock.advance(61 * MIN);
    expect(at).toHaveLength(2);
    expect(at[1]! - at[0]!).toBe(60 * MIN);
  });

  it('stops when the change is applied and never prompts for it again', () => {
    const { clock, shown, scheduler } = setup();
    scheduler.update({ version: 2 });
    scheduler.markApplied(2);
    clock.advance(5 * 60 * MIN);
    scheduler.update({ version: 2 });
    expect(shown).toHaveLength(1);
    expect(scheduler.activeVersion).toBeNull();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stops when the agent reports no pending change', () => {
    const { clock, shown, scheduler } = setup();
    scheduler.update({ version: 2 });
    scheduler.update(null);
    clock.advance(3 * 60 * MIN);
    expect(shown).toHaveLength(1);
  });

  it('a newer change replaces the pending one and restarts the reminders', () => {
    const { clock, shown, scheduler } = setup();
    scheduler.update({ version: 2 });
    clock.advance(20 * MIN);
    scheduler.update({ version: 3 });
    clock.advance(15 * MIN);
    expect(shown.map((s) => [s.version, s.reminder])).toEqual([
      [2, 0],
      [2, 1],
      [3, 0],
      [3, 1],
    ]);
    expect(scheduler.activeVersion).toBe(3);
  });

  it('an older or repeated version neither replaces nor re-announces', () => {
    const { shown, scheduler } = setup();
    scheduler.update({ version: 3 });
    scheduler.update({ version: 3 });
    scheduler.update({ version: 2 });
    expect(shown).toHaveLength(1);
    expect(scheduler.activeVersion).toBe(3);
  });

  it('a change that disappears and returns resumes reminders without a second pop-up', () => {
    const { clock, shown, scheduler } = setup();
    scheduler.update({ version: 4 });
    scheduler.update(null);
    scheduler.update({ version: 4 });
    expect(shown).toHaveLength(1);
    clock.advance(15 * MIN);
    expect(shown.map((s) => s.reminder)).toEqual([0, 1]);
  });
});
