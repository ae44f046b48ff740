import { describe, expect, it } from 'vitest';
import { windowState } from '../../src/rollout/index.js';
import type { MaintenanceWindow } from '../../src/spec/index.js';

/** nordlicht-media's window in the examples, and neo.yaml's default that crosses midnight. */
const SUNDAY_NIGHT: MaintenanceWindow = { days: ['sun'], from: '02:00', to: '05:00' };
const TUE_THU_LATE: MaintenanceWindow = { days: ['tue', 'thu'], from: '23:00', to: '03:00' };
const SUNDAY_TO_MONDAY: MaintenanceWindow = { days: ['sun'], from: '23:00', to: '02:00' };
const WEEKEND: MaintenanceWindow = { days: ['sat', 'sun'], from: '00:00', to: '24:00' };
const ALWAYS: MaintenanceWindow = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
  from: '00:00',
  to: '24:00',
};
const EVENINGS: MaintenanceWindow = { days: ['sat', 'sun'], from: '20:00', to: '04:00' };

// 2026-12-03 is a Thursday; 2026-12-06 a Sunday.
describe('windowState', () => {
  it.each([
    ['inside', SUNDAY_NIGHT, '2026-12-06T03:00:00Z', { open: true, closesAt: '2026-12-06T05:00:00.000Z' }],
    [
      'at the opening minute',
      SUNDAY_NIGHT,
      '2026-12-06T02:00:00Z',
      { open: true, closesAt: '2026-12-06T05:00:00.000Z' },
    ],
    [
      'a second before it opens',
      SUNDAY_NIGHT,
      '2026-12-06T01:59:59Z',
      { open: false, opensAt: '2026-12-06T02:00:00.000Z' },
    ],
    [
      'at the closing minute: a week to wait',
      SUNDAY_NIGHT,
      '2026-12-06T05:00:00Z',
      { open: false, opensAt: '2026-12-13T02:00:00.000Z' },
    ],
    [
      'on a Thursday',
      SUNDAY_NIGHT,
      '2026-12-03T18:00:00Z',
      { open: false, opensAt: '2026-12-06T02:00:00.000Z' },
    ],
    [
      'on a Monday: the week wraps',
      SUNDAY_NIGHT,
      '2026-12-07T09:00:00Z',
      { open: false, opensAt: '2026-12-13T02:00:00.000Z' },
    ],
    [
      'Thursday before midnight',
      TUE_THU_LATE,
      '2026-12-03T23:30:00Z',
      { open: true, closesAt: '2026-12-04T03:00:00.000Z' },
    ],
    [
      'Friday after midnight, in Thursday’s window',
      TUE_THU_LATE,
      '2026-12-04T02:00:00Z',
      { open: true, closesAt: '2026-12-04T03:00:00.000Z' },
    ],
    [
      'Wednesday after midnight, in Tuesday’s window',
      TUE_THU_LATE,
      '2026-12-02T01:00:00Z',
      { open: true, closesAt: '2026-12-02T03:00:00.000Z' },
    ],
    [
      'Friday once it closed: next Tuesday',
      TUE_THU_LATE,
      '2026-12-04T03:00:00Z',
      { open: false, opensAt: '2026-12-08T23:00:00.000Z' },
    ],
    [
      'Thursday afternoon: tonight',
      TUE_THU_LATE,
      '2026-12-03T14:00:00Z',
      { open: false, opensAt: '2026-12-03T23:00:00.000Z' },
    ],
    [
      'New Year’s Eve into the new year',
      TUE_THU_LATE,
      '2026-12-31T23:30:00Z',
      { open: true, closesAt: '2027-01-01T03:00:00.000Z' },
    ],
    [
      'Monday 01:00, in Sunday’s window across the week’s end',
      SUNDAY_TO_MONDAY,
      '2026-12-07T01:00:00Z',
      { open: true, closesAt: '2026-12-07T02:00:00.000Z' },
    ],
    [
      'Sunday evening, before it',
      SUNDAY_TO_MONDAY,
      '2026-12-06T22:00:00Z',
      { open: false, opensAt: '2026-12-06T23:00:00.000Z' },
    ],
    [
      'Saturday morning: the whole weekend, as one window',
      WEEKEND,
      '2026-12-05T10:00:00Z',
      { open: true, closesAt: '2026-12-07T00:00:00.000Z' },
    ],
    ['Friday night', WEEKEND, '2026-12-04T23:59:00Z', { open: false, opensAt: '2026-12-05T00:00:00.000Z' }],
    [
      'Saturday night: Saturday’s window ends Sunday 04:00',
      EVENINGS,
      '2026-12-05T21:00:00Z',
      { open: true, closesAt: '2026-12-06T04:00:00.000Z' },
    ],
    [
      'Sunday noon, between two openings',
      EVENINGS,
      '2026-12-06T12:00:00Z',
      { open: false, opensAt: '2026-12-06T20:00:00.000Z' },
    ],
    ['every day, all day: open, never closing', ALWAYS, '2026-12-03T12:00:00Z', { open: true }],
    [
      'every day but Sunday, all day: closes Sunday 00:00',
      { ...ALWAYS, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
      '2026-12-03T12:00:00Z',
      { open: true, closesAt: '2026-12-06T00:00:00.000Z' },
    ],
  ])('%s', (_, window, now, expected) => {
    const state = windowState(window as MaintenanceWindow, new Date(now));
    const shown = state.open
      ? { open: true, ...(state.closesAt === undefined ? {} : { closesAt: state.closesAt.toISOString() }) }
      : { open: false, opensAt: state.opensAt.toISOString() };
    expect(shown).toEqual(expected);
  });
});
