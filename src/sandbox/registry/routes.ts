export const registryRoutes: readonly import('../arm/router.js').Route[] = [];
