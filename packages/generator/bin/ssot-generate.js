#!/usr/bin/env node
// Launcher of the `ssot-generate` command. It is committed (not built) so that package managers can link it on install,
// before the package is built; the program itself is dist/bin.js.
import '../dist/bin.js';
