import { quote } from '../diagnostic.js';
import { sound } from '../repository.js';
import type { Rule } from './context.js';

/**
 * An OpenSSH public key names its type twice: in clear and inside the base64 blob. A key
 * that was cut short or mangled when pasted fails this check instead of locking people out.
 */
export const sshPublicKey: Rule = ({ repository, report }) => {
  for (const customer of repository.customers.values()) {
    if (!sound(customer, 'server/sshPublicKey')) continue;
    const key = customer.data.server.sshPublicKey;
    if (key === undefined) continue;
    const [type = '', blob = ''] = key.split(' ');
    if (blobType(blob) === type) continue;
    report(
      customer,
      ['server', 'sshPublicKey'],
      `the ${type} key is damaged (its encoded part does not hold a ${type} key): paste the whole line of the .pub file again`,
    );
  }
};

function blobType(blob: string): string | undefined {
  const bytes = Buffer.from(blob, 'base64');
  if (bytes.length < 4) return undefined;
  const length = bytes.readUInt32BE(0);
  if (length > 64 || bytes.length < 4 + length) return undefined;
  return bytes.subarray(4, 4 + length).toString('latin1');
}

/** The server's hostname is inside the customer's domain, so its DNS record can be managed. */
export const hostnameInDomain: Rule = ({ repository, report }) => {
  for (const customer of repository.customers.values()) {
    if (!sound(customer, 'server/hostname', 'domain')) continue;
    const hostname = customer.data.server.hostname?.toLowerCase();
    const domain = customer.data.domain.toLowerCase();
    if (hostname === undefined || hostname.endsWith(`.${domain}`)) continue;
    report(
      customer,
      ['server', 'hostname'],
      `hostname ${quote(customer.data.server.hostname)} is not inside ${domain}: use a name such as server.${domain}`,
    );
  }
};
