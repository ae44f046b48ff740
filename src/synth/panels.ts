import type { Customer } from '../spec/index.js';

type Panel = Customer['server']['panel'];

export interface PanelProfile {
  /** Ports of the panel's own web interfaces: admin networks only. */
  adminPorts: readonly number[];
  /** Whether the panel runs mail, FTP and DNS servers (and so needs their ports open). */
  serves: { mail: boolean; ftp: boolean; dns: boolean };
}

const HOSTING_SERVICES = { mail: true, ftp: true, dns: true } as const;

/** What each control panel listens on. */
export const PANELS: Record<Panel, PanelProfile> = {
  // WHM 2087, cPanel 2083, webmail 2096 (the TLS ports; the plain ones stay closed).
  cpanel: { adminPorts: [2083, 2087, 2096], serves: HOSTING_SERVICES },
  cyberpanel: { adminPorts: [8090], serves: HOSTING_SERVICES },
  directadmin: { adminPorts: [2222], serves: HOSTING_SERVICES },
  none: { adminPorts: [], serves: { mail: false, ftp: false, dns: false } },
};

/** SMTP, submission, POP3 + POP3S, IMAP + IMAPS. */
export const MAIL_PORTS = [25, 587, 110, 995, 143, 993] as const;
export const FTP_PASSIVE = { from: 49152, to: 65535 } as const;
