// The app's entry point, named by `main` in package.json: the Functions host (and the local host)
// load this file, and each import registers its functions.
import './orchestrations.js';
import './activities.js';
import './api.js';
import './fleet.js';
import './events.js';
