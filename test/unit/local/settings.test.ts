import { describe, expect, it } from '@jest/globals';
import { isFunctionDisabled, routePrefixOf } from '../../../src/local/settings.js';

describe('local host settings', () => {
  it.each([
    [{ 'AzureWebJobs.scan.Disabled': 'true' }, true],
    [{ 'AzureWebJobs.Scan.Disabled': '1' }, true],
    [{ AzureWebJobs_scan_Disabled: 'TRUE' }, true],
    [{ 'AzureWebJobs.scan.Disabled': 'false' }, false],
    [{ 'AzureWebJobs.scanner.Disabled': 'true' }, false],
    [{}, false],
  ])('reads %j as disabled=%s for function "scan"', (settings, disabled) => {
    expect(isFunctionDisabled('scan', settings)).toBe(disabled);
  });

  it.each([
    [{}, 'api'],
    [{ extensions: { http: { routePrefix: '' } } }, ''],
    [{ extensions: { http: { routePrefix: '/v1/' } } }, 'v1'],
  ])('takes the route prefix of host.json %j as "%s"', (hostJson, prefix) => {
    expect(routePrefixOf(hostJson)).toBe(prefix);
  });
});
