// Public entry of @ssot/create-integration: the `npm create @ssot/integration` command as a function.
export { CREATE_INTEGRATION_USAGE, runCreateIntegration } from './create-integration.js';
