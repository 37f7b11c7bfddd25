import { describe, expect, it } from '@jest/globals';
import { formatImageRef, parseImageRef, type ImageRef } from '../../../src/domain/image-ref.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each<[string, ImageRef]>([
    ['nginx', { repository: 'nginx' }],
    ['app:1.0', { repository: 'app', tag: '1.0' }],
    ['myreg:5000/app:ltsc2019', { registry: 'myreg:5000', repository: 'app', tag: 'ltsc2019' }],
    ['myreg:5000/app', { registry: 'myreg:5000', repository: 'app' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    [
      'localhost:5000/team/app:v2',
      { registry: 'localhost:5000', repository: 'team/app', tag: 'v2' },
    ],
    [
      'mcr.microsoft.com/windows/servercore:ltsc2019',
      { registry: 'mcr.microsoft.com', repository: 'windows/servercore', tag: 'ltsc2019' },
    ],
    [
      'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019',
      {
        registry: 'mcr.microsoft.com',
        repository: 'dotnet/framework/aspnet',
        tag: '4.8-windowsservercore-ltsc2019',
      },
    ],
    ['team/app:v1', { repository: 'team/app', tag: 'v1' }],
    [`app@${digest}`, { repository: 'app', digest }],
    [
      `myreg:5000/app:ltsc2019@${digest}`,
      { registry: 'myreg:5000', repository: 'app', tag: 'ltsc2019', digest },
    ],
    [
      'contoso.azurecr.io/a_b/c__d/e--f:x',
      { registry: 'contoso.azurecr.io', repository: 'a_b/c__d/e--f', tag: 'x' },
    ],
  ])('%s', (text, expected) => {
    const result = parseImageRef(text);
    expect(result).toEqual({ ok: true, ref: expected });
    if (result.ok) expect(formatImageRef(result.ref)).toBe(text);
  });

  it.each([
    ['App:1.0', 'not a valid repository path component'],
    ['app:', 'not a valid tag'],
    ['app:-x', 'not a valid tag'],
    ['app@sha256:abc', 'not a valid digest'],
    [`app@sha256:${'a'.repeat(63)}`, 'not a valid digest'],
    ['my_reg:5000/app', 'not a valid registry host'],
    ['reg.io//app', 'not a valid repository path component'],
    ['', 'not a valid repository path component'],
  ])('rejects %p', (text, reason) => {
    const result = parseImageRef(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
