import { describe, expect, it } from '@jest/globals';
import { hasRunnableVariant, type ImageVariant } from '../../../src/domain/image-variants.js';
import {
  decideImage,
  imageMapProblems,
  osSkuOfTag,
  type ImageMap,
} from '../../../src/domain/images.js';
import type { OsSku } from '../../../src/domain/os.js';

const digest = `sha256:${'b'.repeat(64)}`;
const MCR = 'mcr.microsoft.com';

describe('osSkuOfTag', () => {
  it.each<[string, OsSku | undefined]>([
    ['ltsc2019', 'Windows2019'],
    ['1809', 'Windows2019'],
    ['LTSC2019', 'Windows2019'],
    ['4.8-windowsservercore-ltsc2019', 'Windows2019'],
    ['8.0-nanoserver-1809', 'Windows2019'],
    ['10.0.17763.6054', 'Windows2019'],
    ['10.0.17763.6054-amd64', 'Windows2019'],
    ['ltsc2022', 'Windows2022'],
    ['10.0.20348.2655', 'Windows2022'],
    ['ltsc2025', 'Windows2025'],
    ['latest', undefined],
    ['v1809x', undefined],
    ['18090', undefined],
  ])('%s -> %s', (tag, sku) => {
    expect(osSkuOfTag(tag)).toBe(sku);
  });
});

describe('decideImage: tag rule', () => {
  it.each<[string, OsSku, string, string]>([
    [
      `${MCR}/windows/servercore:ltsc2019`,
      'Windows2022',
      'rewrite',
      `${MCR}/windows/servercore:ltsc2022`,
    ],
    [
      `${MCR}/windows/nanoserver:1809`,
      'Windows2022',
      'rewrite',
      `${MCR}/windows/nanoserver:ltsc2022`,
    ],
    [
      `${MCR}/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019`,
      'Windows2022',
      'rewrite',
      `${MCR}/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022`,
    ],
    [
      `${MCR}/dotnet/aspnet:8.0-nanoserver-1809`,
      'Windows2022',
      'rewrite',
      `${MCR}/dotnet/aspnet:8.0-nanoserver-ltsc2022`,
    ],
    [
      `${MCR}/windows/servercore:10.0.17763.6054`,
      'Windows2022',
      'rewrite',
      `${MCR}/windows/servercore:ltsc2022`,
    ],
    [
      `${MCR}/windows/nanoserver:10.0.17763.1`,
      'Windows2022',
      'rewrite',
      `${MCR}/windows/nanoserver:ltsc2022`,
    ],
    ['myreg:5000/app:ltsc2019', 'Windows2022', 'rewrite', 'myreg:5000/app:ltsc2022'],
    [
      'myreg:5000/app:v3_ltsc2019_amd64',
      'Windows2022',
      'rewrite',
      'myreg:5000/app:v3_ltsc2022_amd64',
    ],
    ['myreg:5000/app:ltsc2019', 'Windows2025', 'rewrite', 'myreg:5000/app:ltsc2022'],
    [
      'myreg:5000/app:10.0.17763.6054',
      'Windows2022',
      'incompatible',
      'myreg:5000/app:10.0.17763.6054',
    ],
    [
      `${MCR}/windows/servercore:10.0.17763.6054-amd64`,
      'Windows2022',
      'incompatible',
      `${MCR}/windows/servercore:10.0.17763.6054-amd64`,
    ],
    [
      `${MCR}/windows/servercore:ltsc2022`,
      'Windows2025',
      'keep',
      `${MCR}/windows/servercore:ltsc2022`,
    ],
    [
      `${MCR}/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022`,
      'Windows2025',
      'keep',
      `${MCR}/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022`,
    ],
    ['app:10.0.20348.2655', 'Windows2025', 'keep', 'app:10.0.20348.2655'],
    [
      `${MCR}/windows/servercore:ltsc2022`,
      'Windows2022',
      'keep',
      `${MCR}/windows/servercore:ltsc2022`,
    ],
    [
      `${MCR}/windows/servercore:ltsc2025`,
      'Windows2022',
      'incompatible',
      `${MCR}/windows/servercore:ltsc2025`,
    ],
    [
      'contoso.azurecr.io/shop/web:2024.11',
      'Windows2022',
      'keep',
      'contoso.azurecr.io/shop/web:2024.11',
    ],
    ['web', 'Windows2022', 'keep', 'web'],
    [`app@${digest}`, 'Windows2022', 'resolve', `app@${digest}`],
    [
      `myreg:5000/app:ltsc2019@${digest}`,
      'Windows2022',
      'resolve',
      `myreg:5000/app:ltsc2019@${digest}`,
    ],
    ['Bad Image', 'Windows2022', 'incompatible', 'Bad Image'],
  ])('%s on %s -> %s %s', (image, target, action, result) => {
    const decision = decideImage(image, target);
    expect(decision.action).toBe(action);
    expect(decision.image).toBe(result);
    if (decision.action === 'rewrite')
      expect(decision).toMatchObject({ from: image, rule: 'tag-rule' });
  });

  it('reports the OS a kept tag names, and none for a neutral tag', () => {
    expect(decideImage('app:ltsc2022', 'Windows2025')).toMatchObject({
      action: 'keep',
      osHint: 'Windows2022',
    });
    const neutral = decideImage('app:v1', 'Windows2022');
    expect(neutral.action === 'keep' && neutral.osHint).toBeUndefined();
    expect(neutral.reason).toContain('verify through the registry');
  });
});

describe('decideImage: user map wins', () => {
  const map: ImageMap = {
    'myreg:5000/app:ltsc2019': 'myreg:5000/app:2022-build7',
    'contoso.azurecr.io/legacy': 'contoso.azurecr.io/modern',
    'contoso.azurecr.io/legacy/special': 'other.io/special',
    [`pinned@${digest}`]: `pinned@sha256:${'c'.repeat(64)}`,
  };

  it.each<[string, string, string]>([
    ['myreg:5000/app:ltsc2019', 'rewrite', 'myreg:5000/app:2022-build7'],
    ['contoso.azurecr.io/legacy/web:v1', 'rewrite', 'contoso.azurecr.io/modern/web:v1'],
    ['contoso.azurecr.io/legacy/web:ltsc2019', 'rewrite', 'contoso.azurecr.io/modern/web:ltsc2022'],
    ['contoso.azurecr.io/legacy/special/api:1', 'rewrite', 'other.io/special/api:1'],
    ['contoso.azurecr.io/legacy:ltsc2022', 'rewrite', 'contoso.azurecr.io/modern:ltsc2022'],
    [
      'contoso.azurecr.io/legacyx/web:ltsc2019',
      'rewrite',
      'contoso.azurecr.io/legacyx/web:ltsc2022',
    ],
    [`pinned@${digest}`, 'rewrite', `pinned@sha256:${'c'.repeat(64)}`],
    [
      `contoso.azurecr.io/legacy/web@${digest}`,
      'resolve',
      `contoso.azurecr.io/modern/web@${digest}`,
    ],
  ])('%s -> %s %s', (image, action, result) => {
    const decision = decideImage(image, 'Windows2022', map);
    expect(decision.action).toBe(action);
    expect(decision.image).toBe(result);
  });
});

describe('imageMapProblems', () => {
  it.each<[ImageMap, string[]]>([
    [{ 'app:ltsc2019': 'app:ltsc2022' }, []],
    [{ 'App:1': 'app:2' }, ['imageMap entry "App:1"']],
    [{ 'app:1': 'app:' }, ['imageMap entry "app:1": "" is not a valid tag']],
    [{ 'reg.io/team': 'reg.io/team2:v1' }, ['a repository prefix maps to a repository']],
    [{ 'reg.io/team': 'reg.io/team2' }, []],
  ])('%p', (map, problems) => {
    const found = imageMapProblems(map);
    expect(found).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(found[i]).toContain(p));
  });
});

describe('hasRunnableVariant', () => {
  const win = (osVersion?: string, architecture?: string): ImageVariant => ({
    os: 'windows',
    ...(osVersion ? { osVersion } : {}),
    ...(architecture ? { architecture } : {}),
  });

  it.each<[string, OsSku, ImageVariant[], boolean, string]>([
    [
      'index with 2019 and 2022',
      'Windows2022',
      [win('10.0.17763.6054'), win('10.0.20348.2655')],
      true,
      'variant 10.0.20348.2655',
    ],
    ['only 2019', 'Windows2022', [win('10.0.17763.6054')], false, '10.0.17763.6054 (Windows2019)'],
    ['2022 on a 2025 host', 'Windows2025', [win('10.0.20348.2655')], true, 'runs on Windows2025'],
    [
      '2025 on a 2022 host',
      'Windows2022',
      [win('10.0.26100.1742')],
      false,
      'no variant runs on Windows2022',
    ],
    [
      'linux only',
      'Windows2022',
      [{ os: 'linux', architecture: 'amd64' }],
      false,
      'no Windows amd64 variant',
    ],
    [
      'arm64 windows only',
      'Windows2022',
      [win('10.0.20348.1', 'arm64')],
      false,
      'no Windows amd64 variant',
    ],
    ['missing os.version', 'Windows2022', [win()], false, 'without os.version'],
    ['unknown build', 'Windows2022', [win('10.0.19041.1')], false, '10.0.19041.1'],
    [
      'single-platform config blob',
      'Windows2022',
      [{ os: 'Windows', osVersion: '10.0.20348.2655', architecture: 'amd64' }],
      true,
      '',
    ],
    ['empty list', 'Windows2022', [], false, 'no Windows amd64 variant'],
  ])('%s', (_name, target, variants, runnable, reason) => {
    const verdict = hasRunnableVariant(target, variants);
    expect(verdict.runnable).toBe(runnable);
    expect(verdict.reason).toContain(reason);
  });
});
