export const keyVaultRoutes: readonly import('../arm/router.js').Route[] = [];
