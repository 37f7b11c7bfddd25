import { describe, expect, it } from '@jest/globals';
import { comparePrecedence, compileRoute } from '../../../src/local/http/routes.js';

describe('compileRoute', () => {
  it.each([
    ['hello', '/hello', {}],
    ['hello', '/HELLO/', {}],
    ['hello', '/hello/x', undefined],
    ['hello/{name}', '/hello/ada', { name: 'ada' }],
    ['hello/{name}', '/hello/a%2Fb', { name: 'a/b' }],
    ['hello/{name}', '/hello', undefined],
    ['a/{b?}', '/a', {}],
    ['a/{b?}', '/a/1', { b: '1' }],
    ['a/{b=7}', '/a', { b: '7' }],
    ['files/{*rest}', '/files', {}],
    ['files/{*rest}', '/files/x/y z', { rest: 'x/y z' }],
    ['files/{**rest}', '/files/x/y', { rest: 'x/y' }],
    ['n/{id:int}', '/n/-12', { id: '-12' }],
    ['n/{id:int}', '/n/2147483648', undefined],
    ['n/{id:long}', '/n/2147483648', { id: '2147483648' }],
    ['n/{id:int}', '/n/1.5', undefined],
    ['n/{x:double}', '/n/1.5', { x: '1.5' }],
    ['n/{x:bool}', '/n/TRUE', { x: 'TRUE' }],
    ['n/{x:bool}', '/n/yes', undefined],
    ['n/{x:alpha}', '/n/abc', { x: 'abc' }],
    ['n/{x:alpha}', '/n/ab1', undefined],
    [
      'n/{x:guid}',
      '/n/6f9619ff-8b86-d011-b42d-00cf4fc964ff',
      { x: '6f9619ff-8b86-d011-b42d-00cf4fc964ff' },
    ],
    ['n/{x:guid}', '/n/not-a-guid', undefined],
    ['n/{x:datetime}', '/n/2026-11-28', { x: '2026-11-28' }],
    ['n/{x:minlength(3)}', '/n/ab', undefined],
    ['n/{x:maxlength(3)}', '/n/abcd', undefined],
    ['n/{x:length(2,3)}', '/n/abc', { x: 'abc' }],
    ['n/{x:length(2)}', '/n/abc', undefined],
    ['n/{x:int:min(10)}', '/n/9', undefined],
    ['n/{x:int:min(10)}', '/n/10', { x: '10' }],
    ['n/{x:max(10)}', '/n/11', undefined],
    ['n/{x:range(1,5)}', '/n/5', { x: '5' }],
    ['n/{x:range(1,5)}', '/n/6', undefined],
    ['n/{x:regex(^[a-z]{{2}}\\d$)}', '/n/ABC1', undefined],
    ['n/{x:regex(^[a-z]{{2}}\\d$)}', '/n/Ab1', { x: 'Ab1' }],
    ['n/{x:regex(^[a-z]+\\d$)}', '/n/AB1', { x: 'AB1' }],
    ['files/{name}.{ext}', '/files/archive.tar.gz', { name: 'archive', ext: 'tar.gz' }],
    ['files/{name}.{ext}', '/files/noext', undefined],
    ['v{version:int}/items', '/v2/items', { version: '2' }],
  ])('%s matches %s as %j', (template, path, expected) => {
    expect(compileRoute(template).match(path)).toEqual(expected);
  });

  it.each(['{', 'a/{1x}', 'a/{x:nope}'])('rejects the invalid template %s', (template) => {
    expect(() => compileRoute(template).match('/a/1')).toThrow();
  });

  it('orders literal, complex, constrained, plain and catch-all segments by precedence', () => {
    const templates = ['a/{*rest}', 'a/{x}', 'a/{x:int}', 'a/{x}.{y}', 'a/b'];
    const sorted = templates
      .map(compileRoute)
      .sort((l, r) => comparePrecedence(l.precedence, r.precedence))
      .map((r) => r.template);
    expect(sorted).toEqual(['a/b', 'a/{x}.{y}', 'a/{x:int}', 'a/{x}', 'a/{*rest}']);
  });
});
