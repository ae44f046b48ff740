import type { MaintenanceWindow } from '../spec/index.js';

/**
 * Whether a window is open at a moment, and until when, or when it opens next. `closesAt` is
 * absent for a window that never closes: every day, 00:00 to 24:00.
 */
export type WindowState = { open: true; closesAt?: Date } | { open: false; opensAt: Date };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** One opening of a window, in milliseconds from Monday 00:00 UTC; `end` may pass the week's end. */
interface Opening {
  start: number;
  end: number;
}

/**
 * Where `now` stands in a weekly window (UTC). A window whose `to` is earlier than its `from`
 * ends on the next day, Sunday's on Monday; openings that touch (Saturday and Sunday, each
 * 00:00 to 24:00) are one, so `closesAt` is when changes with downtime must stop.
 */
export function windowState(window: MaintenanceWindow, now: Date): WindowState {
  const openings = openingsOf(window);
  const weekStart = now.getTime() - msIntoWeek(now);
  const at = now.getTime() - weekStart;
  // Last week's openings may still run into this one (Sunday night to Monday).
  const around = [-WEEK, 0, WEEK].flatMap((shift) =>
    openings.map((o) => ({ start: o.start + shift, end: o.end + shift })),
  );
  const current = around.find((o) => o.start <= at && at < o.end);
  if (current !== undefined) {
    const end = closing(current, around);
    // Still open at the far end of three weeks of openings: no gap anywhere in the week.
    const never = end >= Math.max(...around.map((o) => o.end));
    return never ? { open: true } : { open: true, closesAt: new Date(weekStart + end) };
  }
  const next = Math.min(...around.filter((o) => o.start > at).map((o) => o.start));
  return { open: false, opensAt: new Date(weekStart + next) };
}

function openingsOf(window: MaintenanceWindow): Opening[] {
  const from = minutesOf(window.from) * MINUTE;
  const to = minutesOf(window.to) * MINUTE;
  // The schema's rule refuses from = to; were it ever given, it is read as a whole day.
  const length = to > from ? to - from : DAY - from + to;
  return window.days.map((day) => {
    const start = DAYS.indexOf(day) * DAY + from;
    return { start, end: start + length };
  });
}

/** The end of the run of openings that touch or overlap `current`. */
function closing(current: Opening, openings: readonly Opening[]): number {
  let end = current.end;
  for (;;) {
    const next = openings.find((o) => o.start <= end && o.end > end);
    if (next === undefined) return end;
    end = next.end;
  }
}

function msIntoWeek(now: Date): number {
  const sinceMidnight = now.getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return ((now.getUTCDay() + 6) % 7) * DAY + sinceMidnight;
}

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}
