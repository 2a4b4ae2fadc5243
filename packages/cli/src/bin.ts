#!/usr/bin/env node
// Entry point of the `ssot` executable.
import { main } from './program.js';

process.exitCode = await main(process.argv.slice(2));
