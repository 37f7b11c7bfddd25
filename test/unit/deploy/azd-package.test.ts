/**
 * `azd up` from a fresh clone (issue 13 item 10): azd's Node.js support runs only the `build` script
 * before packaging (azure-dev framework_service_node.go), and `.winshift/` is ignored by git, so the
 * service's `dist` exists only if a hook makes it. These read azure.yaml and check that the hook runs
 * the script that writes exactly what `dist` names.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  PACKAGE_APP_DIR,
  PACKAGE_OUT_DIR,
  PRODUCTION_NODE_ENGINES,
} from '../../../scripts/package-build.js';

const root = process.cwd();
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

interface Hook {
  shell?: string;
  run?: string;
  continueOnError?: boolean;
}
const azure = parse(read('azure.yaml')) as {
  services: Record<string, { project: string; dist: string; hooks?: Record<string, Hook> }>;
};
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const service = azure.services['winshift']!;

describe('azure.yaml: the winshift service is packaged on a fresh clone', () => {
  it('has a prepackage hook that runs `npm run package` and stops azd when it fails', () => {
    const hook = service.hooks?.['prepackage'];
    expect(hook).toMatchObject({ shell: 'sh', run: 'npm run package' });
    expect(hook?.continueOnError ?? false).toBe(false);
  });

  it('whose script builds, then runs the packager', () => {
    expect(pkg.scripts['package']).toBe('npm run build && node dist/scripts/package.js');
    expect(read('scripts/package.ts')).toContain('PACKAGE_OUT_DIR');
  });

  it('writes exactly the folder `dist` names (relative to the project)', () => {
    expect(path.normalize(path.join(service.project, service.dist))).toBe(
      path.normalize(path.join(PACKAGE_OUT_DIR, PACKAGE_APP_DIR)),
    );
  });

  it('is needed: that folder is not in a clone (git ignores it)', () => {
    const ignored = read('.gitignore').split('\n');
    expect(ignored).toContain(`${PACKAGE_OUT_DIR.split('/')[0]}/`);
  });

  it('stages a package.json whose engines admit the Node versions infra allows', () => {
    expect(PRODUCTION_NODE_ENGINES).toBe('>=22 <25');
  });
});
