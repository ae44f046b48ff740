import { FTP_PASSIVE, MAIL_PORTS, PANELS, SERVICE_PORTS } from '../../spec/index.js';

/** Ports the whole internet is meant to reach on a hosting server: web, mail, FTP, DNS. */
const PUBLIC_PORTS = new Set<number>([80, 443, ...MAIL_PORTS, 21, 53]);

/** What people call a port: the panels' own and the services' (SSH, databases). */
const NAMES: Record<number, string> = Object.fromEntries(
  [...Object.values(PANELS).flatMap((panel) => panel.adminPorts), ...SERVICE_PORTS].map((p) => [
    p.port,
    p.name,
  ]),
);

/** The port range `from..to` reaches something other than the public services. */
export function reachesAdminPorts(from: number, to: number): boolean {
  if (from >= FTP_PASSIVE.from && to <= FTP_PASSIVE.to) return false;
  for (let port = from; port <= Math.min(to, from + 1024); port++) if (!PUBLIC_PORTS.has(port)) return true;
  return to - from > 1024;
}

/** "SSH (port 22)", "ports 1000–2000", "every port". */
export function describePorts(from: number | undefined, to: number | undefined, protocol: string): string {
  if (protocol === '-1' || from === undefined) return 'every port';
  if (to === undefined || to === from)
    return NAMES[from] === undefined ? `port ${from}` : `${NAMES[from]} (port ${from})`;
  return `ports ${from}–${to}`;
}
