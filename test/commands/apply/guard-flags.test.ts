import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleFiles, writeTree } from '../../helpers/repository.js';
import { editFile, filesUnder, localCloudDir, neo } from '../local-cloud.js';

/**
 * The destroy guard's only override is the customer file (`allowDataLoss`, or decommissioning),
 * where the pull request shows it to a reviewer: nothing typed at apply time widens it.
 */
let root: string;
let cleanup: () => void;
let acme: string[];

/** acme-corp's resources and state in the local cloud: what a refused apply leaves alone. */
const acmeFiles = () =>
  ['cloud/acme-corp.json', 'state/acme-corp.json'].map(
    (path) => filesUnder(localCloudDir(root)).get(path)?.text ?? `${path} is missing`,
  );

beforeAll(async () => {
  ({ dir: root, cleanup } = await writeTree(exampleFiles()));
  expect((await neo(root, ['apply'])).code).toBe(0);
  // acme-corp's server, data volume and database would be replaced in another zone.
  editFile(
    root,
    'customers/acme-corp.yaml',
    '  panel: cyberpanel\n',
    '  panel: cyberpanel\n  availabilityZone: us-east-2b\n',
  );
  acme = acmeFiles();
});
afterAll(() => cleanup());

describe('no flag of neo apply widens the destroy guard', () => {
  it.each([
    ['with --allow-blast-radius', ['apply', '--allow-blast-radius']],
    ['when the customer is named', ['apply', 'acme-corp']],
    ['with --all', ['apply', '--all']],
    ['with every flag at once', ['apply', '--all', '--allow-blast-radius', '--concurrency', '1']],
  ])('refuses the zone move %s, leaving acme-corp as it was', async (_how, args) => {
    const run = await neo(root, args);
    expect(run.code).toBe(1);
    expect(run.out).toContain('acme-corp · refused by the destroy guard: nothing was applied');
    expect(run.out).toContain(
      'aws_instance.server would be replaced (because of subnet_id), with its data (server)',
    );
    expect(acmeFiles()).toEqual(acme);
  });
});
