#!/usr/bin/env node
// Entry point of the `ssot` executable.
import { main } from './program.js';

const code = await main(process.argv.slice(2));
// Jobs may leave connections or timers open (database drivers, HTTP agents): the run is over, so leave.
process.exit(code);
