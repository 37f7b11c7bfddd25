import { stopTestServices } from './services.js';

export default async function globalTeardown(): Promise<void> {
  await stopTestServices();
}
