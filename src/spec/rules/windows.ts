import type { MaintenanceWindow } from '../generated/spec-types.js';
import type { SpecFile } from '../repository.js';
import { sound } from '../repository.js';
import type { Rule } from './context.js';

/**
 * A window from a time to the same time is either empty or the whole day, and neo cannot tell
 * which was meant. A `to` earlier than `from` is no mistake: the window crosses midnight.
 */
export const maintenanceWindows: Rule = ({ repository, report }) => {
  const files: SpecFile<{ maintenanceWindow?: MaintenanceWindow }>[] = [
    ...(repository.platform === undefined ? [] : [repository.platform]),
    ...repository.customers.values(),
  ];
  for (const file of files) {
    const window = file.data.maintenanceWindow;
    if (window === undefined || !sound(file, 'maintenanceWindow')) continue;
    if (window.from !== window.to) continue;
    report(
      file,
      ['maintenanceWindow', 'to'],
      `the window opens and closes at ${window.from}: give it a length, e.g. from: "${window.from}" to: "${later(window.from)}", or from: "00:00" to: "24:00" for whole days`,
    );
  }
};

function later(time: string): string {
  const hour = (Number(time.slice(0, 2)) + 3) % 24;
  return `${String(hour).padStart(2, '0')}${time.slice(2)}`;
}
