import { quote } from '../diagnostic.js';
import { sound } from '../repository.js';
import type { Rule } from './context.js';

/** customers/<id>.yaml declares id: <id>, and plans/<id>.yaml likewise. */
export const idMatchesFileName: Rule = ({ repository, report }) => {
  const files = [...repository.customers.values(), ...repository.tiers.values()];
  for (const file of files) {
    if (!sound(file, 'id')) continue;
    const id = (file.data as { id: string }).id;
    if (id === file.name) continue;
    const dir = file.path.slice(0, file.path.lastIndexOf('/'));
    report(
      file,
      ['id'],
      `id ${quote(id)} does not match the file name ${quote(`${file.name}.yaml`)}: rename the file to ${dir}/${id}.yaml or change the id`,
    );
  }
};

/** Two customers never share a domain (compared case-insensitively, as DNS does). */
export const uniqueDomains: Rule = ({ repository, report }) => {
  const seen = new Map<string, string>();
  for (const customer of repository.customers.values()) {
    if (!sound(customer, 'domain')) continue;
    const domain = customer.data.domain.toLowerCase();
    const first = seen.get(domain);
    if (first === undefined) {
      seen.set(domain, customer.path);
      continue;
    }
    report(
      customer,
      ['domain'],
      `domain ${quote(customer.data.domain)} is already used by ${first}: each customer has its own domain`,
    );
  }
};
