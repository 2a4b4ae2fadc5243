#!/usr/bin/env node
// Executable of `ssot-generate`: runs the command line and exits with its code.
import { runGenerator } from './cli.js';

process.exitCode = await runGenerator(process.argv.slice(2));
