import { startTestServices } from './services.js';

// Runs once in jest's parent process; workers inherit the environment it sets.
export default async function globalSetup(): Promise<void> {
  await startTestServices();
}
