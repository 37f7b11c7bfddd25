import { describe, expect, it } from '@jest/globals';
import {
  allowedOrigin,
  eventsOf,
  validationCodeOf,
} from '../../../src/local/eventgrid/validation.js';

describe('Event Grid delivery parsing', () => {
  it.each([
    ['an Event Grid schema array', [{ data: { validationCode: 'x1' } }], 'x1'],
    ['a CloudEvent with object data', { data: { validationCode: 'x2' } }, 'x2'],
    ['a CloudEvent with double-encoded data', { data: '{"validationCode":"x3"}' }, 'x3'],
    ['a CloudEvent with undecodable data', { data: '{' }, undefined],
    ['an empty array', [], undefined],
    ['a number', 3, undefined],
    ['a code that is not a string', [{ data: { validationCode: 7 } }], undefined],
  ])('reads the validation code of %s', (_case, body, code) => {
    expect(validationCodeOf(body)).toBe(code);
  });

  it.each([
    ['a batch', [{ id: '1' }, { id: '2' }], 2],
    ['a single CloudEvent', { id: '1' }, 1],
    ['an empty batch', [], 0],
    ['a batch with a non-object', [{ id: '1' }, 'x'], undefined],
    ['null', null, undefined],
    ['a nested array', [[{ id: '1' }]], undefined],
  ])('reads the events of %s', (_case, body, count) => {
    expect(eventsOf(body)?.length).toBe(count);
  });

  it.each([
    ['eventgrid.azure.net', 'eventgrid.azure.net'],
    ['eventgrid.azure.us', 'eventgrid.azure.us'],
    ['example.com', 'eventgrid.azure.net'],
    [undefined, 'eventgrid.azure.net'],
  ])('allows origin %s as %s', (origin, allowed) => {
    expect(allowedOrigin(origin)).toBe(allowed);
  });
});
