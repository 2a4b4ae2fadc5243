#!/usr/bin/env node
// Executable of `npm create @ssot/integration` and `pnpm create @ssot/integration`: runs the command and exits with its code.
import { runCreateIntegration } from './create-integration.js';

process.exitCode = await runCreateIntegration(process.argv.slice(2));
