import type { Customer } from './customer.js';

type Panel = Customer['server']['panel'];

/** A port a hosting server listens on, and what people call it. */
export interface NamedPort {
  port: number;
  name: string;
}

export interface PanelProfile {
  /** Ports of the panel's own web interfaces: admin networks only. */
  adminPorts: readonly NamedPort[];
  /** Whether the panel runs mail, FTP and DNS servers (and so needs their ports open). */
  serves: { mail: boolean; ftp: boolean; dns: boolean };
}

const HOSTING_SERVICES = { mail: true, ftp: true, dns: true } as const;

/** What each control panel listens on. */
export const PANELS: Record<Panel, PanelProfile> = {
  // The TLS ports; the plain ones stay closed.
  cpanel: {
    adminPorts: [
      { port: 2083, name: 'cPanel' },
      { port: 2087, name: 'WHM' },
      { port: 2096, name: 'webmail' },
    ],
    serves: HOSTING_SERVICES,
  },
  cyberpanel: { adminPorts: [{ port: 8090, name: 'CyberPanel' }], serves: HOSTING_SERVICES },
  directadmin: { adminPorts: [{ port: 2222, name: 'DirectAdmin' }], serves: HOSTING_SERVICES },
  none: { adminPorts: [], serves: { mail: false, ftp: false, dns: false } },
};

/** SMTP, submission, POP3 + POP3S, IMAP + IMAPS. */
export const MAIL_PORTS = [25, 587, 110, 995, 143, 993] as const;
export const FTP_PASSIVE = { from: 49152, to: 65535 } as const;

/** Ports of the services a server or its add-ons run that only admins or the server may reach. */
export const SERVICE_PORTS: readonly NamedPort[] = [
  { port: 22, name: 'SSH' },
  { port: 3306, name: 'MySQL' },
  { port: 5432, name: 'PostgreSQL' },
  { port: 6379, name: 'Redis' },
];
