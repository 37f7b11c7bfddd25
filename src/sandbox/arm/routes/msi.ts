import { identityId, idKey } from '../../state/ids.js';
import { json } from '../http.js';
import type { Route } from '../router.js';
import { identityBody } from '../shapes.js';
import { missingGroup, resourceNotFound } from './lookup.js';

export const msiRoutes: readonly Route[] = [
  {
    method: 'GET',
    operationId: 'UserAssignedIdentities_Get',
    template:
      '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}',
    handle: (context) => {
      const { subscriptionId = '', resourceGroupName = '', resourceName = '' } = context.params;
      const identity = context.emulator.world.identities.get(
        idKey(identityId(subscriptionId, resourceGroupName, resourceName)),
      );
      if (identity) return json(200, identityBody(identity));
      return (
        missingGroup(context) ??
        resourceNotFound(
          'Microsoft.ManagedIdentity/userAssignedIdentities',
          resourceName,
          resourceGroupName,
        )
      );
    },
  },
];
