import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The connection mechanism is used by production adapters and by the sandbox alike: it must not reach
// into the rest of the sandbox (emulator state, TLS generation, test helpers).
describe('src/adapters/connect stands alone', () => {
  const folder = path.resolve(process.cwd(), 'src', 'adapters', 'connect');
  const files = readdirSync(folder).filter((file) => file.endsWith('.ts'));

  it('has source files', () => {
    expect(files.length).toBeGreaterThan(2);
  });

  it.each(files)('%s imports only Node, Azure core packages and its own folder', (file) => {
    const source = readFileSync(path.join(folder, file), 'utf8');
    const specifiers = [...source.matchAll(/from\s+'([^']+)'/g)].map((match) => match[1] ?? '');
    for (const specifier of specifiers) {
      expect(specifier).toMatch(/^(node:[a-z_/]+|@azure\/core-[a-z-]+|\.\/[a-z-]+\.js)$/);
    }
  });
});
