/** A new customer's file as support staff write it: NEO Core, its own network, DNS on Route53. */
export function newCustomerFile(id: string, name: string, cidr: string): string {
  return `# yaml-language-server: $schema=../schemas/customer.schema.json
id: ${id}
domain: ${id}-example.com
contact: { name: ${name}, email: it@${id}-example.com }
plan: core
server:
  os: ubuntu-24.04
  panel: none
  keyPairName: neo-support-2026
network:
  cidr: ${cidr}
  adminCidrs: [198.51.100.0/28]
dns:
  zone: route53
  mail: true
`;
}
